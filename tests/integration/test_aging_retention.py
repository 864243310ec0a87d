"""Retention of saved receivables health checks: they go with an erased request, and saved
ones no request links to go AGING_RETENTION_DAYS after saving."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from creditdesk.aging import diagnose
from creditdesk.extensions import db
from creditdesk.models import AgingDiagnosis, Lead, now_utc
from tests.integration.admin_helpers import logged_in, make_lead


@pytest.fixture
def app(make_app):
    return make_app(NOTIFY_AFTER_RESPONSE=False)


LEDGER = "客户名称,到期日,余额（万元）\n华东机械,2025-01-01,300\n南方贸易,2025-10-30,50\n".encode()


def make_diagnosis(app, days_ago: int = 0) -> tuple[int, str]:
    """Insert a saved health check (¥3,000,000 over 90 days); return its id and token."""
    with app.app_context():
        figures = diagnose(LEDGER, "ledger.csv", date(2025, 10, 15),
                           app.extensions["creditdesk.aging_rates"], None).figures
        record = AgingDiagnosis(
            figures=figures, names_kept=False,
            total=Decimal(str(figures["total"])), overdue_90=Decimal(str(figures["over_90"])),
            created_at=now_utc() - timedelta(days=days_ago),
        )
        db.session.add(record)
        db.session.commit()
        values = record.id, record.token
        db.session.remove()
    return values


def diagnosis_ids(app) -> set[int]:
    with app.app_context():
        ids = set(db.session.scalars(db.select(AgingDiagnosis.id)))
        db.session.remove()
    return ids


def lead_link(app, lead_id) -> tuple[int | None, str | None]:
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        values = lead.aging_diagnosis_id, lead.overdue_90
        db.session.remove()
    return values


def test_a_linked_lead_carries_the_overdue_figure(app):
    diagnosis, _token = make_diagnosis(app)
    lead_id = make_lead(app, aging_diagnosis_id=diagnosis)
    assert lead_link(app, lead_id) == (diagnosis, "3000000.00")  # else the tests prove nothing


def test_erasing_a_lead_deletes_its_health_check(app):
    diagnosis, token = make_diagnosis(app)
    other, _ = make_diagnosis(app)
    lead_id = make_lead(app, aging_diagnosis_id=diagnosis)
    kept_lead = make_lead(app, aging_diagnosis_id=other)
    client = logged_in(app)
    assert client.get(f"/tools/aging/r/{token}").status_code == 200
    response = client.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"})
    assert response.status_code == 302
    assert diagnosis_ids(app) == {other}
    assert lead_link(app, lead_id) == (None, None)
    assert lead_link(app, kept_lead)[0] == other
    assert client.get(f"/tools/aging/r/{token}").status_code == 404
    page = client.get(f"/admin/leads/{lead_id}")
    assert page.status_code == 200


def test_a_health_check_another_live_request_links_to_stays(app):
    # A visitor may save a check once and send two requests with it.
    diagnosis, token = make_diagnosis(app)
    first = make_lead(app, aging_diagnosis_id=diagnosis)
    second = make_lead(app, aging_diagnosis_id=diagnosis)
    client = logged_in(app)
    client.post(f"/admin/leads/{first}/erase", data={"confirm": "y"})
    assert diagnosis_ids(app) == {diagnosis}
    assert lead_link(app, first) == (None, None)
    assert lead_link(app, second)[0] == diagnosis
    client.post(f"/admin/leads/{second}/erase", data={"confirm": "y"})
    assert diagnosis_ids(app) == set()


def test_leads_purge_deletes_due_health_checks_and_keeps_the_rest(app, runner):
    old = now_utc() - timedelta(days=800)
    of_purged, _ = make_diagnosis(app, days_ago=800)
    purged = make_lead(app, status="won", created_at=old, updated_at=old,
                       aging_diagnosis_id=of_purged)
    # erased before health checks went with erasure: the purge sweeps it too
    of_erased, _ = make_diagnosis(app, days_ago=10)
    erased = make_lead(app, aging_diagnosis_id=of_erased)
    with app.app_context():
        db.session.get(Lead, erased).erased_at = now_utc()
        db.session.commit()
        db.session.remove()
    of_open, _ = make_diagnosis(app, days_ago=800)  # old, but its request is still open
    make_lead(app, status="qualified", created_at=old, updated_at=old,
              aging_diagnosis_id=of_open)
    unlinked_old, _ = make_diagnosis(app, days_ago=91)
    unlinked_recent, _ = make_diagnosis(app, days_ago=89)
    everything = {of_purged, of_erased, of_open, unlinked_old, unlinked_recent}

    dry = runner.invoke(args=["leads", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would erase 1 " in dry.output
    assert "would delete 1 health checks of erased requests and 1 saved" in dry.output
    assert diagnosis_ids(app) == everything

    real = runner.invoke(args=["leads", "purge"])
    assert real.exit_code == 0, real.output
    assert "erased 1 " in real.output
    assert "deleted 1 health checks of erased requests and 1 saved" in real.output
    assert "more than 90 days ago" in real.output
    # the purged lead's check went with the purge itself
    assert diagnosis_ids(app) == {of_open, unlinked_recent}
    assert lead_link(app, purged) == (None, None) and lead_link(app, erased) == (None, None)


def test_tools_aging_purge_takes_its_days_from_the_option_or_the_config(make_app):
    app = make_app(AGING_RETENTION_DAYS=30)
    runner = app.test_cli_runner()
    month_old, _ = make_diagnosis(app, days_ago=31)
    week_old, _ = make_diagnosis(app, days_ago=7)
    linked_old, _ = make_diagnosis(app, days_ago=400)
    make_lead(app, aging_diagnosis_id=linked_old)

    dry = runner.invoke(args=["tools", "aging-purge", "--dry-run", "--older-than", "5"])
    assert dry.exit_code == 0 and "and 2 saved without a request more than 5 days" in dry.output
    assert diagnosis_ids(app) == {month_old, week_old, linked_old}

    by_config = runner.invoke(args=["tools", "aging-purge"])
    assert by_config.exit_code == 0, by_config.output
    assert "deleted 0 health checks of erased requests and 1 saved" in by_config.output
    assert diagnosis_ids(app) == {week_old, linked_old}

    for bad in ("0", "-3", "ninety"):
        result = runner.invoke(args=["tools", "aging-purge", "--older-than", bad])
        assert result.exit_code == 2 and "--older-than" in result.output
    assert diagnosis_ids(app) == {week_old, linked_old}


def test_the_default_retention_is_90_days(app):
    assert app.config["AGING_RETENTION_DAYS"] == 90


def test_privacy_page_describes_the_health_check_and_its_retention(app, client):
    days = app.config["AGING_RETENTION_DAYS"]
    body = client.get("/privacy").get_data(as_text=True)
    section = body[body.index("应收账款账龄诊断</h2>"):]
    section = section[: section.index("<h2")]
    for words in ("内存中读取", "从不写入磁盘或数据库", "保存并获取链接", "只保存汇总数据",
                  "在保存的诊断中保留客户名称", "客户 1、2、3……", f"保存后 {days} 天删除",
                  "诊断同时删除"):
        assert words in section, words


def test_the_privacy_version_is_bumped_consistently(app, client):
    with app.app_context():
        page = app.extensions["creditdesk.library"].page("privacy")
    assert page.version == "2026-11-30"  # the health-check section is new in this version
    body = client.get("/privacy").get_data(as_text=True)
    assert f"本政策版本：{page.version}。" in body
    assert str(page.updated) == page.version

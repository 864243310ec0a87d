"""Saving requests: Post/Redirect/Get, one lead per form, prospects, links and attribution."""

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.library import library
from creditdesk.models import AssessmentResult, Lead, NotificationOutbox, Prospect, now_utc
from creditdesk.shared import ip_hash
from tests.integration.leads_support import VALID, all_leads, form_data, hidden_fields

REFERENCE = re.compile(r"CD-\d{8}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}")


@pytest.fixture
def app(make_app):
    return make_app(LEADS_MIN_FILL_SECONDS=0)


def _send(client, data):
    response = client.post("/consult", data=data)
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def test_post_redirect_get_to_a_thank_you_page(client, app):
    location = _send(client, form_data(client))
    assert re.fullmatch(r"/consult/thanks/" + REFERENCE.pattern, location)
    page = client.get(location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    [lead] = all_leads(app)
    assert f'id="reference">{lead.reference}<' in html
    assert "接下来会怎样" in html and "一个工作日" in html
    assert "贸易信用保险" in html and VALID["detail"] in html
    assert lead.status == "new" and lead.spam_reason is None
    assert (lead.need, lead.name, lead.company, lead.email, lead.detail) == (
        VALID["need"], VALID["name"], VALID["company"], VALID["email"], VALID["detail"]
    )


def test_thank_you_page_only_for_the_browser_that_sent_it(client, app):
    location = _send(client, form_data(client))
    other = app.test_client()
    assert other.get(location).status_code == 404
    assert client.get("/consult/thanks/CD-20260101-ABCDE").status_code == 404


def test_refresh_resend_and_double_click_make_one_lead(client, app):
    data = form_data(client)
    first = _send(client, data)
    assert _send(client, data) == first  # Back and send again / double click
    assert client.get(first).status_code == 200  # refreshing the thank-you page
    assert client.get(first).status_code == 200
    assert len(all_leads(app)) == 1


def test_changed_resend_of_a_used_form_asks_before_making_a_second_lead(client, app):
    data = form_data(client)
    _send(client, data)
    changed = dict(data, detail="其实我们主要想了解应收账款催收服务。")
    response = client.post("/consult", data=changed)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert changed["detail"] in html  # nothing the visitor wrote is lost
    [lead] = all_leads(app)
    assert lead.reference in html
    again = hidden_fields(html)
    assert again["form_token"].split(".")[0] != data["form_token"].split(".")[0]
    _send(client, dict(changed, form_token=again["form_token"]))
    assert [lead.detail for lead in all_leads(app)] == [VALID["detail"], changed["detail"]]


@pytest.mark.both_databases  # constraints and concurrency
def test_concurrent_copies_of_one_form_make_one_lead(app):
    client = app.test_client()
    data = form_data(client)
    cookie = client.get_cookie("session")
    results, barrier = [], threading.Barrier(6)

    def post():
        own = app.test_client()
        if cookie:
            own.set_cookie("session", cookie.value)
        barrier.wait()
        response = own.post("/consult", data=data)
        results.append((response.status_code, response.headers.get("Location")))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(all_leads(app)) == 1
    assert {status for status, _ in results} == {303}
    assert len({location for _, location in results}) == 1


@pytest.mark.both_databases  # constraints and concurrency
def test_idempotency_key_is_unique_in_the_database(app):
    with app.app_context():
        for reference in ("CD-20260101-AAAAA", "CD-20260101-BBBBB"):
            db.session.add(Lead(reference=reference, idempotency_key="same-key", need="other"))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()


@pytest.mark.both_databases  # constraints and concurrency
def test_reference_collision_is_retried(client, app, monkeypatch):
    from creditdesk.leads import store

    _send(client, form_data(client))
    [first] = all_leads(app)
    refs = iter([first.reference, first.reference, "CD-20260101-ZZZZZ"])
    monkeypatch.setattr(store, "new_reference", lambda: next(refs))
    location = _send(client, form_data(client, phone="13900139000"))
    assert location.endswith("/CD-20260101-ZZZZZ")
    assert len(all_leads(app)) == 2


@pytest.mark.both_databases  # constraints and concurrency
def test_same_phone_within_30_days_joins_the_prospect(client, app):
    _send(client, form_data(client, phone="13800138000"))
    second_detail = "第二次咨询:想补充一些情况。"
    _send(client, form_data(client, phone="+86 138-0013-8000", detail=second_detail))
    _send(client, form_data(client, phone="13900139000"))
    first, second, other = all_leads(app)
    assert first.prospect_id == second.prospect_id != other.prospect_id
    assert second.detail.startswith("第二次")  # the second request is kept in full
    with app.app_context():
        prospect = db.session.get(Prospect, first.prospect_id)
        prospect.last_request_at = now_utc() - timedelta(days=31)
        db.session.commit()
        db.session.remove()
    _send(client, form_data(client, phone="138 0013 8000"))
    assert all_leads(app)[-1].prospect_id not in (first.prospect_id, other.prospect_id)


def _result(app) -> str:
    with app.app_context():
        result = AssessmentResult(definition_id="buyer", definition_version="1",
                                  answers={}, score=60, band="B", result={})
        db.session.add(result)
        db.session.commit()
        token = result.token
        db.session.remove()
    return token


def test_request_from_a_self_check_result_is_linked(client, app):
    token = _result(app)
    _send(client, form_data(client, assessment_token=token, source_page="self-check"))
    [lead] = all_leads(app)
    with app.app_context():
        linked = db.session.get(AssessmentResult, lead.assessment_result_id)
        assert linked.token == token
        db.session.remove()
    assert lead.source_page == "self-check"


@pytest.mark.parametrize("token", ["no-such-token", "<script>", "x" * 200, "' OR 1=1 --"])
def test_unknown_result_token_is_ignored(client, app, token):
    _send(client, form_data(client, assessment_token=token))
    [lead] = all_leads(app)
    assert lead.assessment_result_id is None


def test_consult_page_carries_a_result_token_from_the_address(client, app):
    token = _result(app)
    _send(client, form_data(client, f"/consult?assessment={token}"))
    assert all_leads(app)[0].assessment_result_id is not None


def test_consent_time_and_privacy_version(client, app):
    before = now_utc()
    _send(client, form_data(client))
    [lead] = all_leads(app)
    with app.app_context():
        version = library().page("privacy").version
    assert version and lead.privacy_version == version
    assert before <= lead.consent_at <= now_utc()


def test_attribution_from_the_landing_page_kept_through_the_visit(client, app):
    client.get(
        "/?utm_source=baidu&utm_medium=cpc&utm_campaign=winter&utm_term=信用保险&utm_content=ad1",
        headers={"Referer": "https://www.baidu.com/s?wd=credit", "User-Agent": "TestAgent/1.0"},
    )
    client.get("/articles/", headers={"Referer": "http://localhost/"})  # internal: ignored
    with app.app_context():
        slug = sorted(library().slugs)[0]
    data = form_data(client, f"/articles/{slug}")
    client.post("/consult", data=data, headers={"User-Agent": "TestAgent/1.0"})
    [lead] = all_leads(app)
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign, lead.utm_term,
            lead.utm_content) == ("baidu", "cpc", "winter", "信用保险", "ad1")
    assert lead.referrer == "https://www.baidu.com/s?wd=credit"
    assert lead.source_page == slug
    assert lead.locale == "zh_CN"
    assert lead.user_agent == "TestAgent/1.0"
    assert re.fullmatch(r"[0-9a-f]{64}", lead.ip_hash)
    assert "127.0.0.1" not in lead.ip_hash


def test_a_new_campaign_click_starts_a_new_visit(client, app):
    client.get("/?utm_source=baidu")
    client.get("/faq?utm_source=wechat&utm_campaign=spring")
    client.get("/articles/")
    _send(client, form_data(client))
    [lead] = all_leads(app)
    assert (lead.utm_source, lead.utm_campaign, lead.utm_medium) == ("wechat", "spring", None)


def test_attribution_values_are_cleaned_and_cut(client, app):
    client.get("/?utm_source=" + "a" * 300 + "&utm_medium=x%00y%E2%80%AE")
    _send(client, form_data(client))
    [lead] = all_leads(app)
    assert lead.utm_source == "a" * 100
    assert lead.utm_medium == "xy"


def test_ip_hash_is_salted_with_the_secret(make_app):
    hashes = []
    for secret in ("one-secret", "another-secret"):
        app = make_app(LEADS_MIN_FILL_SECONDS=0, SECRET_KEY=secret)
        client = app.test_client()
        _send(client, form_data(client, phone="1380013800" + str(len(hashes))))
        hashes.append(all_leads(app)[-1].ip_hash)
    assert hashes[0] != hashes[1]


def test_english_visitor_locale(client, app):
    client.get("/?lang=en")
    _send(client, form_data(client))
    assert all_leads(app)[0].locale == "en"


@pytest.mark.parametrize("source", ["", "evil<script>", "no-such-article", "x" * 500])
def test_unknown_source_page_is_recorded_as_consult(client, app, source):
    _send(client, form_data(client, source_page=source))
    assert all_leads(app)[0].source_page == "consult"


def test_notification_rows_written_with_the_lead(make_app, monkeypatch):
    from creditdesk import notify

    delivered = []
    monkeypatch.setattr(notify, "deliver_after_response", lambda: delivered.append(True))
    app = make_app(LEADS_MIN_FILL_SECONDS=0, NOTIFY_SALES_EMAIL="sales@example.com")
    client = app.test_client()
    _send(client, form_data(client))
    with app.app_context():
        rows = db.session.execute(db.select(NotificationOutbox)).scalars().all()
        lead_id = db.session.execute(db.select(Lead.id)).scalar_one()
        assert [(row.lead_id, row.channel) for row in rows] == [(lead_id, "email")]
        db.session.remove()
    assert delivered == [True]


def test_ip_hash_is_stable_per_purpose_and_differs_between_purposes(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        lead_hash, login_hash = ip_hash("ip"), ip_hash("admin-login")
        assert ip_hash("ip") == lead_hash
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.10"}):
        assert ip_hash("ip") != lead_hash
    assert re.fullmatch(r"[0-9a-f]{64}", lead_hash) and lead_hash != login_hash


@pytest.mark.parametrize("source", ["consult", "home", "self-check"])
def test_fixed_source_pages_are_recorded_as_sent(client, app, source):
    _send(client, form_data(client, source_page=source))
    assert all_leads(app)[0].source_page == source

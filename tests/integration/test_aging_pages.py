"""/tools/aging over HTTP: every fixture gets a page (never a 5xx), saving, leads, privacy."""

import io
import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import AgingDiagnosis, Lead
from creditdesk.selfcheck.aging_store import purge_unlinked
from tests.integration.leads_support import VALID

FIXTURES = Path(__file__).parents[1] / "unit" / "aging" / "fixtures"
GOOD = ["invoices_zh.csv", "invoices_gbk.csv", "invoices_wanyuan.csv", "invoices_en.xlsx",
        "buckets_zh.xlsx", "buckets_en.csv", "merged_cells.xlsx", "hidden_sheets.xlsx",
        "formulas_with_values.xlsx", "invoices_no_due_date.csv", "invoices_unnamed_subtotals.csv"]
BAD = sorted(p.name for p in FIXTURES.iterdir() if p.name not in GOOD)


def upload(client, name, body=None, **fields):
    data = {"as_of": "2025-10-15", **fields}
    if name is not None:
        content = body if body is not None else (FIXTURES / name).read_bytes()
        data["report"] = (io.BytesIO(content), name)
    return client.post("/tools/aging", data=data, content_type="multipart/form-data")


def raw_upload(client, name: str, body: bytes, **fields):
    """Post a multipart body built here: the test client would spool a large one to a file."""
    boundary = "----aging-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             .encode() for k, v in {"as_of": "2025-10-15", **fields}.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="report"; '
                 f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                 + body + b"\r\n")
    data = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return client.post("/tools/aging", data=data,
                       content_type=f"multipart/form-data; boundary={boundary}")


def hidden(html: str, name: str) -> str | None:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    if match is None:
        match = re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
    return match[1] if match else None


def test_page_links_templates_and_keeps_today(client):
    html = client.get("/tools/aging").get_data(as_text=True)
    for layout in ("invoices", "buckets"):
        for fmt in ("csv", "xlsx"):
            assert f"/tools/aging/template-{layout}.{fmt}" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("layout", ["invoices", "buckets"])
def test_downloaded_templates_diagnose_as_their_layout(client, layout, fmt):
    response = client.get(f"/tools/aging/template-{layout}.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    again = upload(client, f"template.{fmt}", body=response.data)
    assert again.status_code == 200, again.get_data(as_text=True)[:500]
    assert "aging-report" in again.get_data(as_text=True)


def test_unknown_template_is_404(client):
    assert client.get("/tools/aging/template-other.csv").status_code == 404
    assert client.get("/tools/aging/template-invoices.pdf").status_code == 404


@pytest.mark.parametrize("name", GOOD)
def test_good_files_are_diagnosed(client, name):
    response = upload(client, name, sales="1,000,000")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:800]
    assert response.headers["Cache-Control"] == "no-store"
    assert 'class="aging-report"' in html and "chart-bar" in html
    assert hidden(html, "figures") and hidden(html, "aging_data")


@pytest.mark.parametrize("name", BAD)
def test_bad_files_get_a_message_next_to_the_field(client, name):
    response = upload(client, name, sales="2,000,000")
    html = response.get_data(as_text=True)
    assert response.status_code in (413, 422)
    assert 'id="report-error"' in html
    assert 'value="2,000,000"' in html and 'value="2025-10-15"' in html  # kept


def test_hidden_sheet_is_named_on_the_page(client):
    html = upload(client, "hidden_sheets.xlsx").get_data(as_text=True)
    assert "明细" in html and "旧数据" in html


def test_bad_cells_list_twenty_rows_then_a_count(client):
    html = upload(client, "bad_dates_amounts.csv").get_data(as_text=True)
    assert html.count("<li>第 ") == 20
    assert "另有 5 个类似的单元格" in html


def test_english_messages(client):
    client.get("/?lang=en")
    html = upload(client, "encrypted.xlsx").get_data(as_text=True)
    assert "password-protected" in html


def test_missing_file_and_bad_fields(client):
    response = upload(client, None, as_of="2025-02-30", sales="-5")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="as_of-error"' in html and 'id="sales-error"' in html
    assert 'id="report-error"' in html and 'value="2025-02-30"' in html


def test_body_far_over_the_limit_is_refused_on_the_page(client):
    response = raw_upload(client, "big.csv", b"a" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert 'id="report-error"' in response.get_data(as_text=True)


def test_just_over_two_megabytes_keeps_the_fields(client):
    response = raw_upload(client, "big.csv", b"a,b\n" * (2 * 1024 * 1024 // 4 + 10),
                          sales="7,000")
    assert response.status_code == 413
    assert 'value="7,000"' in response.get_data(as_text=True)


def test_upload_never_touches_the_disk(client, monkeypatch):
    from werkzeug import formparser

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was spooled to disk")

    # Werkzeug's default spools a file part over 500 KB to a temporary file.
    monkeypatch.setattr(formparser, "SpooledTemporaryFile", refuse)
    body = (FIXTURES / "invoices_zh.csv").read_bytes() + b"\n" * (900 * 1024)
    assert raw_upload(client, "invoices_zh.csv", body).status_code == 200


def test_nothing_is_stored_until_asked(app, client):
    upload(client, "invoices_zh.csv")
    with app.app_context():
        assert db.session.execute(db.select(AgingDiagnosis)).first() is None
        db.session.remove()


def test_save_replaces_names_unless_kept(app, client):
    html = upload(client, "invoices_zh.csv").get_data(as_text=True)
    figures = hidden(html, "figures")
    saved = client.post("/tools/aging/save", data={"figures": figures})
    assert saved.status_code == 303
    page = client.get(saved.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "客户 1" in text and "华东机械" not in text
    assert page.headers["X-Robots-Tag"] == "noindex"
    kept = client.post("/tools/aging/save", data={"figures": figures, "keep_names": "y"})
    assert "华东机械有限公司" in client.get(kept.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        rows = db.session.execute(db.select(AgingDiagnosis).order_by(AgingDiagnosis.id)).scalars()
        first, second = rows.all()
        assert "华东机械" not in repr(first.figures) and not first.names_kept
        assert second.names_kept and str(first.overdue_90) == "200000.00"
        db.session.remove()


@pytest.mark.parametrize("figures", ["", "forged", "eyJ0b3RhbCI6MX0.abc.def"])
def test_forged_or_missing_figures_are_not_saved(client, figures):
    response = client.post("/tools/aging/save", data={"figures": figures})
    assert response.status_code == 303 and response.headers["Location"].endswith("/tools/aging")


@pytest.mark.parametrize("token", ["nope", "a" * 65, "%00", "x y"])
def test_unknown_saved_diagnosis_is_404(client, token):
    assert client.get(f"/tools/aging/r/{token}").status_code == 404


def test_request_from_the_diagnosis_saves_and_links_it(app, client):
    html = upload(client, "invoices_zh.csv").get_data(as_text=True)
    data = {**VALID, "form_token": hidden(html, "form_token"), "source_page": "aging",
            "aging_data": hidden(html, "aging_data")}
    response = client.post("/consult", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.source_page == "aging" and lead.overdue_90 == "200000.00"
        diagnosis = db.session.get(AgingDiagnosis, lead.aging_diagnosis_id)
        assert not diagnosis.names_kept and "华东机械" not in repr(diagnosis.figures)
        db.session.remove()


def test_request_from_a_saved_diagnosis_links_it(app, client):
    html = upload(client, "buckets_zh.xlsx").get_data(as_text=True)
    saved = client.post("/tools/aging/save", data={"figures": hidden(html, "figures")})
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    token = saved.headers["Location"].rsplit("/", 1)[1]
    assert hidden(page, "aging_token") == token
    data = {**VALID, "form_token": hidden(page, "form_token"), "source_page": "aging",
            "aging_token": token}
    assert client.post("/consult", data=data).status_code == 303
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.aging_diagnosis.token == token and lead.overdue_90 == "70000.00"
        assert db.session.execute(db.select(db.func.count(AgingDiagnosis.id))).scalar() == 1
        db.session.remove()


def test_forged_aging_data_on_the_form_links_nothing(app, client):
    html = upload(client, "invoices_zh.csv").get_data(as_text=True)
    data = {**VALID, "form_token": hidden(html, "form_token"), "aging_data": "x.y.z"}
    assert client.post("/consult", data=data).status_code == 303
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.aging_diagnosis_id is None and lead.overdue_90 is None
        db.session.remove()


@pytest.mark.parametrize("url", ["/tools", "/self-check", "/"])
def test_linked_from_tools_self_check_and_home(client, url):
    assert 'href="/tools/aging"' in client.get(url).get_data(as_text=True)


def test_absurd_amount_is_a_row_problem_not_a_crash(client):
    body = ("客户,到期日,未收金额\n甲公司,2025-06-30," + "9" * 40 + "\n").encode()
    response = raw_upload(client, "huge.csv", body)
    assert response.status_code == 422
    assert "第 2 行" in response.get_data(as_text=True)


def test_expired_page_shows_the_form_again_with_what_was_typed(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = upload(client, "invoices_zh.csv", sales="3,000")  # no CSRF token: expired
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已过期" in html and 'value="3,000"' in html
    saved = client.post("/tools/aging/save", data={"figures": "x"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/tools/aging")



def _saved_diagnosis_form(client):
    html = upload(client, "buckets_zh.xlsx").get_data(as_text=True)
    saved = client.post("/tools/aging/save", data={"figures": hidden(html, "figures")})
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    token = saved.headers["Location"].rsplit("/", 1)[1]
    return token, {**VALID, "form_token": hidden(page, "form_token"), "source_page": "aging",
                   "aging_token": token}


@pytest.mark.both_databases  # a foreign key and another connection's delete
def test_purge_while_the_form_is_sent_neither_fails_nor_loses_the_lead(app, client, monkeypatch):
    """The retention purge runs between the form's look-up of its diagnosis and the insert."""
    from creditdesk.leads import store

    token, data = _saved_diagnosis_form(client)
    original, purges, threads = store.diagnosis_for_lead, [], []

    def purge():
        with app.app_context():
            purges.append(purge_unlinked(0))  # every unlinked diagnosis is due
            db.session.commit()
            db.session.remove()

    def purge_after_lookup(*args, **kwargs):
        found = original(*args, **kwargs)
        if not threads:
            threads.append(threading.Thread(target=purge))
            threads[0].start()
            threads[0].join(1.0)  # PostgreSQL: done at once; SQLite: waits for the write lock
        return found

    monkeypatch.setattr(store, "diagnosis_for_lead", purge_after_lookup)
    response = client.post("/consult", data=data)
    threads[0].join(10)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert purges == [0]  # the diagnosis being linked was not purged
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.aging_diagnosis.token == token and lead.overdue_90 == "70000.00"
        db.session.remove()


@pytest.mark.both_databases  # a foreign key
def test_diagnosis_purged_before_the_form_is_sent_stores_the_lead_without_it(app, client):
    token, data = _saved_diagnosis_form(client)
    with app.app_context():
        purge_unlinked(0)
        db.session.commit()
        db.session.remove()
    response = client.post("/consult", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.aging_diagnosis_id is None and lead.overdue_90 is None
        assert lead.name == VALID["name"] and lead.source_page == "aging"
        assert db.session.execute(db.select(db.func.count(AgingDiagnosis.id))).scalar() == 0
        db.session.remove()


@pytest.mark.both_databases
def test_purge_skips_a_diagnosis_a_request_is_linking(app, client):
    """PostgreSQL: a request's transaction holds the diagnosis; the purge leaves it for later."""
    token, _data = _saved_diagnosis_form(client)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time: the purge waits instead")
        with db.engine.connect() as linking:
            linking.execute(sa.select(AgingDiagnosis.id).where(AgingDiagnosis.token == token)
                            .with_for_update(key_share=True))
            assert purge_unlinked(0) == 0
            db.session.commit()
            linking.rollback()
        assert purge_unlinked(0) == 1
        db.session.commit()
        db.session.remove()

"""CSV and XLSX exports: BOM, headings, neutralised formulas, filters, escaping, audit."""

import csv
import io
import secrets
import tracemalloc

import pytest
from openpyxl import load_workbook

from creditdesk.extensions import db
from creditdesk.models import AuditEvent, Lead
from tests.integration.admin_helpers import logged_in, make_lead, make_result

pytestmark = pytest.mark.both_databases  # the export queries, streamed in batches

XSS = '<script>alert("x")</script>'


@pytest.fixture
def client(app):
    return logged_in(app)


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_headings_bom_and_name(app, client):
    make_lead(app, email="zw@example.com")
    response = client.get("/admin/leads/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="leads-export-20')
    assert response.headers["Content-Disposition"].endswith('.csv"')
    assert response.headers["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0][:4] == ["收到时间", "编号", "需求", "姓名"]
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["姓名"] == "张伟" and line["电子邮箱"] == "zw@example.com"
    assert line["电话"] == "'+8613800138000"  # full number, neutralised leading +
    assert line["需求"] == "贸易信用保险"
    assert "ip_hash" not in ",".join(rows[0]) and "idempotency" not in ",".join(rows[0])


@pytest.mark.parametrize("payload", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx",
                                     '=HYPERLINK("http://evil.example","x")'])
def test_formula_cells_are_neutralised(app, client, payload):
    make_lead(app, name=payload, company=payload, detail=payload + " 详细说明足够长")
    rows = read_csv(client.get("/admin/leads/export.csv"))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["姓名"] == "'" + payload
    assert line["公司"] == "'" + payload
    xlsx = client.get("/admin/leads/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    # XML stores a carriage return as a line feed; the apostrophe is what matters.
    assert values[1][3] == "'" + payload.replace("\r", "\n")
    assert not any(isinstance(v, str) and v.startswith("=") for v in values[1])


def test_export_respects_filters_and_sort(app, client):
    result = make_result(app, band="A")
    make_lead(app, name="甲", need="receivables", assessment_result_id=result)
    make_lead(app, name="乙", need="receivables")
    make_lead(app, name="丙", need="other")
    make_lead(app, name="丁", need="receivables", status="spam")
    rows = read_csv(client.get("/admin/leads/export.csv?need=receivables&sort=name"))
    assert sorted(r[3] for r in rows[1:]) == ["乙", "甲"]
    rows = read_csv(client.get("/admin/leads/export.csv?band=A"))
    assert [r[3] for r in rows[1:]] == ["甲"]
    assert rows[1][8] == "A"
    rows = read_csv(client.get("/admin/leads/export.csv?status=spam"))
    assert [r[3] for r in rows[1:]] == ["丁"]
    rows = read_csv(client.get("/admin/leads/export.csv?q=nothing-matches"))
    assert len(rows) == 1


def test_exports_keep_text_verbatim_and_unescaped(app, client):
    make_lead(app, name=XSS, detail="第一行\n第二行，含逗号和\"引号\"")
    rows = read_csv(client.get("/admin/leads/export.csv"))
    assert rows[1][3] == XSS  # data, not HTML: a spreadsheet shows it as text
    assert rows[1][7] == "第一行\n第二行，含逗号和\"引号\""


def test_xlsx_export(app, client):
    make_lead(app, name="张伟", detail="控制字符\x01被去掉")
    response = client.get("/admin/leads/export.xlsx?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Received", "Reference", "Need", "Name")
    assert rows[1][3] == "张伟" and rows[1][7] == "控制字符被去掉"


def test_every_export_is_audited(app, client):
    make_lead(app)
    client.get("/admin/leads/export.csv?need=receivables")
    client.get("/admin/leads/export.xlsx")
    with app.app_context():
        rows = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")
                                  .order_by(AuditEvent.id)).scalars().all()
        assert [(e.action, e.detail["format"]) for e in rows] == [("export", "csv"),
                                                                  ("export", "xlsx")]
        assert rows[0].detail["filters"] == {"need": "receivables"}
        assert rows[0].actor_id is not None
        db.session.remove()


def add_leads(app, count: int) -> None:
    """Insert `count` plain leads in one statement."""
    with app.app_context():
        db.session.execute(db.insert(Lead), [
            {"reference": f"M{secrets.token_hex(5)}", "idempotency_key": secrets.token_hex(16),
             "need": "other", "name": "张伟", "phone_e164": "+8613800138000",
             "company": "上海华信贸易有限公司", "detail": "详" * 200, "source_page": "consult",
             "status": "new"} for _ in range(count)])
        db.session.commit()
        db.session.remove()


def export_peak(client) -> tuple[int, int]:
    """Download the CSV chunk by chunk; return its line count and the peak memory it took."""
    tracemalloc.start()
    try:
        response = client.get("/admin/leads/export.csv", buffered=False)
        assert response.is_streamed
        lines = sum(chunk.count(b"\r\n") for chunk in response.response)  # keep no chunk
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return lines, peak


def test_csv_export_streams_in_flat_memory(app, client):
    add_leads(app, 2000)  # already past the first 1,000-row batch
    export_peak(client)  # warm caches (compiled statements, catalogs) before measuring
    lines, small = export_peak(client)
    add_leads(app, 4000)
    lines_big, big = export_peak(client)
    assert (lines, lines_big) == (2001, 6001)
    # Three times the leads (each line ~700 bytes) must not take more memory.
    assert big < small * 1.3, (small, big)


@pytest.mark.parametrize("path", ["/admin/leads/export.csv", "/admin/leads/export.xlsx",
                                  "/admin/leads/export.csv?status=new&q=张"])
def test_sales_cannot_export(app, path):
    make_lead(app)
    sales = logged_in(app, role="sales", email="sales@example.com")
    response = sales.get(path)
    assert response.status_code == 403
    assert "13800138000" not in response.get_data(as_text=True)
    assert "Export CSV" not in sales.get("/admin/leads").get_data(as_text=True)
    assert "导出" not in sales.get("/admin/leads").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "export")).first() is None
        db.session.remove()


def test_export_audit_records_filters_and_row_count(app, client):
    for name in ("甲", "乙", "丙"):
        make_lead(app, name=name, need="receivables")
    make_lead(app, name="丁", need="other")
    make_lead(app, name="戊", need="receivables", status="spam")
    client.get("/admin/leads/export.csv?need=receivables&sort=name")
    client.get("/admin/leads/export.xlsx?q=nothing-matches")
    client.get("/admin/leads/export.csv")
    with app.app_context():
        rows = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")
                                  .order_by(AuditEvent.id)).scalars().all()
        assert [(e.detail["format"], e.detail["filters"], e.detail["rows"]) for e in rows] == [
            ("csv", {"need": "receivables", "sort": "name"}, 3),
            ("xlsx", {"q": "nothing-matches"}, 0),
            ("csv", {}, 4),
        ]
        db.session.remove()
    assert "导出" in client.get("/admin/leads").get_data(as_text=True)

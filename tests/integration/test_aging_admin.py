"""The lead page shows a health check sent with the request; a large 90+ balance raises priority."""

import pytest

from creditdesk.extensions import db
from creditdesk.models import Lead
from tests.integration.admin_helpers import logged_in
from tests.integration.leads_support import VALID
from tests.integration.test_aging_pages import hidden, raw_upload

# 300 万元 due at the start of the year: ¥3,000,000 more than 90 days overdue on 2025-10-15.
LEDGER = "客户名称,到期日,余额（万元）\n华东机械,2025-01-01,300\n南方贸易,2025-10-30,50\n".encode()


@pytest.fixture
def app(make_app):
    return make_app(LEADS_MIN_FILL_SECONDS=0)  # sent at once: not "too fast" spam


def send_request(app, client, **fields) -> int:
    html = raw_upload(client, "ledger.csv", LEDGER).get_data(as_text=True)
    data = {**VALID, "need": "credit_assessment", "form_token": hidden(html, "form_token"),
            "source_page": "aging", "aging_data": hidden(html, "aging_data"), **fields}
    assert client.post("/consult", data=data).status_code == 303
    with app.app_context():
        lead_id, status = db.session.execute(db.select(Lead.id, Lead.status)).one()
        assert status == "new"
        db.session.remove()
    return lead_id


def test_lead_page_shows_the_diagnosis_and_the_priority_reason(app, client):
    lead_id = send_request(app, client)
    staff = logged_in(app)
    body = staff.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "应收账款账龄诊断" in body
    assert "¥3,000,000" in body and "已替换为编号" in body
    assert "逾期 90 天以上 3.0 百万元" in body
    assert "华东机械" not in body  # names were not kept
    inbox = staff.get("/admin/leads").get_data(as_text=True)
    assert "逾期 90 天以上 3.0 百万元" in inbox and "priority-high" in inbox
    assert "应收账款账龄诊断" in inbox  # the source column names the page


def test_names_kept_when_ticked(app, client):
    lead_id = send_request(app, client, aging_names="y")
    staff = logged_in(app)
    with app.app_context():
        token = db.session.get(Lead, lead_id).aging_diagnosis.token
        db.session.remove()
    page = staff.get(f"/tools/aging/r/{token}").get_data(as_text=True)
    assert "华东机械" in page

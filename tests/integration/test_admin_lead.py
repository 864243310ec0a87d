"""The lead page: fields, self-check, timeline, actions and their audit events."""

import pytest

from creditdesk.extensions import db
from creditdesk.models import AuditEvent, Lead, LeadNote, Prospect
from tests.integration.admin_helpers import logged_in, make_lead, make_result, make_staff

XSS = '<script>alert("x")</script>'


@pytest.fixture
def client(app):
    return logged_in(app)


def events(app, lead_id=None) -> list[tuple[str, dict]]:
    with app.app_context():
        query = db.select(AuditEvent).order_by(AuditEvent.id)
        if lead_id is not None:
            query = query.where(AuditEvent.lead_id == lead_id)
        rows = [(e.action, e.detail, e.actor_id) for e in db.session.execute(query).scalars()]
        db.session.remove()
    return rows


def make_prospect(app, phone="+8613800138000") -> int:
    with app.app_context():
        prospect = Prospect(phone_e164=phone)
        db.session.add(prospect)
        db.session.commit()
        pid = prospect.id
        db.session.remove()
    return pid


def get_lead(app, lead_id) -> dict:
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        values = {c.name: getattr(lead, c.name) for c in Lead.__table__.columns}
        db.session.remove()
    return values


def test_page_shows_fields_origin_and_selfcheck(app, client):
    result = make_result(app, band="D")
    lead_id = make_lead(app, email="zw@example.com", utm_source="baidu",
                        referrer="https://www.baidu.com/s?wd=x", assessment_result_id=result,
                        user_agent="TestAgent/1.0")
    body = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    for text in ("张伟", "上海华信贸易有限公司", "zw@example.com", "baidu", "TestAgent/1.0",
                 "138****8000", "付款记录", "逾期 31–60 天", "2 / 15", "¥750,000", "信用证"):
        assert text in body, text
    assert "+8613800138000" not in body


def test_timeline_joins_requests_of_the_same_prospect(app, client):
    pid = make_prospect(app)
    first = make_lead(app, prospect_id=pid, need="receivables")
    second = make_lead(app, prospect_id=pid, need="credit_insurance")
    make_lead(app, name="别人", phone_e164="+8613900000000")
    client.post(f"/admin/leads/{first}/notes", data={"body": "第一次电话"})
    body = client.get(f"/admin/leads/{second}").get_data(as_text=True)
    assert "第一次电话" in body
    assert f"/admin/leads/{first}" in body
    assert "别人" not in body


def test_change_status_assign_and_note_are_audited(app, client):
    sales = make_staff(app, "sales@example.com", "sales")
    lead_id = make_lead(app)
    url = f"/admin/leads/{lead_id}"
    assert client.post(f"{url}/status", data={"status": "contacted"}).status_code == 302
    assert client.post(f"{url}/assign", data={"assignee": str(sales)}).status_code == 302
    assert client.post(f"{url}/notes", data={"body": "  约好周四拜访\x07 "}).status_code == 302
    lead = get_lead(app, lead_id)
    assert lead["status"] == "contacted" and lead["assignee_id"] == sales
    with app.app_context():
        note = db.session.execute(db.select(LeadNote)).scalar_one()
        assert note.body == "约好周四拜访"
        db.session.remove()
    actions = events(app, lead_id)
    assert [a for a, _d, _who in actions] == ["status", "assign", "note"]
    assert actions[0][1] == {"from": "new", "to": "contacted"}
    assert actions[1][1] == {"from": None, "to": "sales@example.com"}
    assert all(who is not None for _a, _d, who in actions)
    body = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "状态：新线索 → 已联系" in body and "分配给 sales@example.com" in body


@pytest.mark.parametrize("url,data", [
    ("status", {"status": "deleted"}),
    ("status", {}),
    ("assign", {"assignee": "9999"}),
    ("notes", {"body": "   "}),
    ("notes", {"body": "x" * 4001}),
    ("erase", {}),
])
def test_bad_actions_get_a_message(app, client, url, data):
    lead_id = make_lead(app)
    response = client.post(f"/admin/leads/{lead_id}/{url}", data=data)
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)
    assert get_lead(app, lead_id)["status"] == "new"
    assert events(app, lead_id) == []


def test_unknown_lead_is_404(client):
    assert client.get("/admin/leads/999").status_code == 404
    assert client.post("/admin/leads/999/status", data={"status": "won"}).status_code == 404


def test_reveal_phone_is_a_recorded_post(app, client):
    lead_id = make_lead(app)
    assert "+8613800138000" not in client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert client.get(f"/admin/leads/{lead_id}/reveal").status_code == 405
    response = client.post(f"/admin/leads/{lead_id}/reveal")
    assert response.status_code == 200
    assert "+8613800138000" in response.get_data(as_text=True)
    assert [a for a, _d, _w in events(app, lead_id)] == ["reveal_phone"]


def test_spam_and_not_spam(app, client):
    lead_id = make_lead(app)
    client.post(f"/admin/leads/{lead_id}/spam")
    lead = get_lead(app, lead_id)
    assert (lead["status"], lead["spam_reason"]) == ("spam", "staff")
    client.post(f"/admin/leads/{lead_id}/not-spam")
    lead = get_lead(app, lead_id)
    assert (lead["status"], lead["spam_reason"]) == ("new", None)
    assert [a for a, _d, _w in events(app, lead_id)] == ["spam", "not_spam"]


def test_erase_keeps_the_shell(app, client):
    pid = make_prospect(app)
    lead_id = make_lead(app, prospect_id=pid, email="a@example.com", ip_hash="ab" * 32,
                        user_agent="UA", referrer="https://r.example/", status="won")
    client.post(f"/admin/leads/{lead_id}/notes", data={"body": "张伟的手机 13800138000"})
    response = client.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"})
    assert response.status_code == 302
    lead = get_lead(app, lead_id)
    for name in ("name", "phone_e164", "phone_raw", "email", "company", "detail", "ip_hash",
                 "user_agent", "referrer"):
        assert lead[name] is None, name
    assert lead["erased_at"] is not None
    assert (lead["need"], lead["status"], lead["source_page"]) == ("credit_insurance", "won",
                                                                   "consult")
    with app.app_context():
        assert db.session.get(Prospect, pid).phone_e164 is None
        assert db.session.execute(db.select(LeadNote.body)).scalar_one() == ""
        db.session.remove()
    assert [a for a, _d, _w in events(app, lead_id)][-1] == "erase"
    body = client.get("/admin/leads").get_data(as_text=True)
    assert "（已删除）" in body and "张伟" not in body


def test_sales_cannot_erase(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    assert client.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"}).status_code == 403
    assert get_lead(app, lead_id)["name"] == "张伟"
    assert "删除个人信息" not in client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)


def test_lead_page_escapes_everything(app, client):
    lead_id = make_lead(app, name=XSS, company=XSS, detail=XSS, email=XSS, referrer=XSS,
                        user_agent=XSS, utm_source=XSS, source_page=XSS, phone_raw=XSS)
    client.post(f"/admin/leads/{lead_id}/notes", data={"body": XSS})
    for response in (client.get(f"/admin/leads/{lead_id}"),
                     client.post(f"/admin/leads/{lead_id}/reveal")):
        body = response.get_data(as_text=True)
        assert "<script>alert" not in body
        assert body.count("&lt;script&gt;") >= 8


def test_audit_page_lists_events_for_admins(make_app):
    app = make_app(ADMIN_PAGE_SIZE=2)
    client = logged_in(app)
    lead_id = make_lead(app)
    client.post(f"/admin/leads/{lead_id}/reveal")
    client.post(f"/admin/leads/{lead_id}/spam")
    client.get("/admin/leads/export.csv")
    body = client.get("/admin/audit").get_data(as_text=True)
    assert "导出线索" in body and "标记为垃圾信息" in body and "admin@example.com" in body
    assert "page=2" in body
    page2 = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "查看了完整电话" in page2

"""Next steps and contact attempts on the lead page: saved, audited, refused cleanly."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import AuditEvent, Lead, LeadNote, now_utc
from tests.integration.admin_helpers import logged_in, make_lead, make_staff

SH = ZoneInfo("Asia/Shanghai")


def local(delta: timedelta) -> str:
    return (now_utc() + delta).astimezone(SH).strftime("%Y-%m-%dT%H:%M")


def lead_row(app, lead_id):
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        db.session.expunge(lead)
        return lead


def actions(app, lead_id):
    with app.app_context():
        return [e.action for e in db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.lead_id == lead_id).order_by(AuditEvent.id)
        ).scalars()]


def test_plan_move_and_complete_a_next_step(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    due = local(timedelta(days=1))
    response = client.post(f"/admin/leads/{lead_id}/next-step",
                           data={"action": "call", "due": due, "note": "问保额"})
    assert response.status_code == 302
    lead = lead_row(app, lead_id)
    assert lead.next_action == "call" and lead.next_note == "问保额"
    assert lead.next_due_at.astimezone(SH).strftime("%Y-%m-%dT%H:%M") == due
    later = local(timedelta(days=2))
    client.post(f"/admin/leads/{lead_id}/next-step", data={"action": "visit", "due": later})
    assert lead_row(app, lead_id).next_action == "visit"
    page = client.get(f"/admin/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert "Next step moved: Visit from" in page
    response = client.post(f"/admin/leads/{lead_id}/next-step/done",
                           data={"outcome": "客户要报价"})
    assert response.status_code == 302
    lead = lead_row(app, lead_id)
    assert lead.next_action is None and lead.next_due_at is None and lead.next_note is None
    assert actions(app, lead_id) == ["next_step", "next_step_moved", "next_step_done"]
    with app.app_context():
        [note] = db.session.execute(sa.select(LeadNote)).scalars()
        assert note.body == "客户要报价"
        moved = db.session.execute(sa.select(AuditEvent).where(
            AuditEvent.action == "next_step_moved")).scalar_one()
        assert moved.detail["from_local"] == due.replace("T", " ")
        assert moved.detail["due_local"] == later.replace("T", " ")
    page = client.get(f"/admin/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert "客户要报价" in page and "Done: Visit" in page


@pytest.mark.parametrize("data, message", [
    ({"action": "fax", "due": "+1d"}, "Not a valid choice"),
    ({"action": "call", "due": "tomorrow"}, "Enter the due time as YYYY-MM-DDTHH:MM."),
    ({"action": "call", "due": "-2d"}, "The due time is more than a day in the past."),
    ({"action": "call", "due": ""}, "This field is required."),
    ({"action": "call", "due": "2026-02-30T10:00"}, "Enter the due time as YYYY-MM-DDTHH:MM."),
    # Before 0001-01-01 in UTC: no datetime holds it.
    ({"action": "call", "due": "0001-01-01T00:00"}, "Enter the due time as YYYY-MM-DDTHH:MM."),
])
def test_bad_next_step_is_refused_on_the_lead_page_and_nothing_changes(app, data, message):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    data = dict(data)
    if data["due"] in ("+1d", "-2d"):
        data["due"] = local(timedelta(days=1 if data["due"] == "+1d" else -2))
    response = client.post(f"/admin/leads/{lead_id}/next-step?lang=en", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="next-step"' in page  # the lead page, with the form
    if data["due"]:
        assert f'value="{data["due"]}"' in page  # what was typed is kept
    assert lead_row(app, lead_id).next_action is None
    assert actions(app, lead_id) == []


def test_a_due_time_earlier_today_is_accepted(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    response = client.post(f"/admin/leads/{lead_id}/next-step",
                           data={"action": "call", "due": local(timedelta(hours=-3))})
    assert response.status_code == 302


@pytest.mark.parametrize("fields, status", [
    ({"status": "won"}, 409), ({"status": "spam"}, 409), ({"erased": True}, 409),
])
def test_closed_or_erased_leads_take_no_next_step(app, fields, status):
    client = logged_in(app, role="sales")
    erased = fields.pop("erased", False)
    lead_id = make_lead(app, **fields, **({"erased_at": now_utc()} if erased else {}))
    for url, data in ((f"/admin/leads/{lead_id}/next-step",
                       {"action": "call", "due": local(timedelta(days=1))}),
                      (f"/admin/leads/{lead_id}/contact", {"outcome": "reached"})):
        response = client.post(url + "?lang=en", data=data)
        assert response.status_code == status
        page = response.get_data(as_text=True)
        assert "closed" in page or "erased" in page
    assert lead_row(app, lead_id).next_action is None
    assert actions(app, lead_id) == []
    page = client.get(f"/admin/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert "next-step-form" not in page and "contact-form" not in page
    assert "This request is closed" in page or "Personal data erased" in page


def test_someone_elses_lead_is_refused_when_assignment_is_restricted(make_app):
    app = make_app(LEADS_RESTRICT_TO_ASSIGNEE=True)
    other = make_staff(app, email="other@example.com", role="sales")
    client = logged_in(app, role="sales", email="me@example.com")
    lead_id = make_lead(app, assignee_id=other)
    response = client.post(f"/admin/leads/{lead_id}/next-step?lang=en",
                           data={"action": "call", "due": local(timedelta(days=1))})
    assert response.status_code == 403
    assert "assigned to someone else" in response.get_data(as_text=True)
    assert lead_row(app, lead_id).next_action is None
    admin = logged_in(app, role="admin")
    response = admin.post(f"/admin/leads/{lead_id}/next-step",
                          data={"action": "call", "due": local(timedelta(days=1))})
    assert response.status_code == 302


def test_done_without_a_step_or_outcome_is_refused(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    response = client.post(f"/admin/leads/{lead_id}/next-step/done?lang=en",
                           data={"outcome": "x"})
    assert response.status_code == 409
    assert "There is no next step to complete." in response.get_data(as_text=True)
    client.post(f"/admin/leads/{lead_id}/next-step",
                data={"action": "call", "due": local(timedelta(days=1))})
    response = client.post(f"/admin/leads/{lead_id}/next-step/done?lang=en",
                           data={"outcome": "   "})
    assert response.status_code == 400
    assert "Write what came of it." in response.get_data(as_text=True)
    assert lead_row(app, lead_id).next_action == "call"


def test_contact_attempts_stop_the_clock_and_reaching_moves_to_contacted(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app, created_at=now_utc() - timedelta(days=3))
    response = client.post(f"/admin/leads/{lead_id}/contact", data={"outcome": "no_answer"})
    assert response.status_code == 302
    lead = lead_row(app, lead_id)
    assert lead.status == "new" and lead.first_response_at is not None
    first = lead.first_response_at
    client.post(f"/admin/leads/{lead_id}/contact", data={"outcome": "reached"})
    lead = lead_row(app, lead_id)
    assert lead.status == "contacted" and lead.first_response_at == first
    assert actions(app, lead_id) == ["contact", "contact", "status"]
    page = client.get(f"/admin/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert "Contact attempt: No answer" in page and "Contact attempt: Reached" in page


def test_wrong_number_suggests_spam_or_lost(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    response = client.post(f"/admin/leads/{lead_id}/contact", data={"outcome": "wrong_number"})
    assert response.status_code == 302 and "suggest=close" in response.location
    page = client.get(response.location.partition("#")[0] + "&lang=en").get_data(as_text=True)
    assert "Wrong number: mark the request as spam or lost?" in page
    assert "Mark as lost" in page


def test_unknown_outcome_is_refused(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    response = client.post(f"/admin/leads/{lead_id}/contact?lang=en", data={"outcome": "maybe"})
    assert response.status_code == 400
    assert actions(app, lead_id) == []


def test_new_request_shows_waiting_hours_and_late(make_app):
    app = make_app(LEADS_WORK_DAYS=[0, 1, 2, 3, 4, 5, 6], LEADS_WORK_HOURS=["00:00", "23:59"])
    client = logged_in(app, role="sales")
    fresh = make_lead(app, created_at=now_utc() - timedelta(hours=2, minutes=5))
    old = make_lead(app, created_at=now_utc() - timedelta(hours=6, minutes=5))
    page = client.get(f"/admin/leads/{fresh}?lang=en").get_data(as_text=True)
    assert "waiting 2 h" in page and "waiting-late" not in page
    page = client.get(f"/admin/leads/{old}?lang=en").get_data(as_text=True)
    assert "waiting 6 h" in page and "waiting-late" in page


def test_revealed_number_is_a_tel_link(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    page = client.post(f"/admin/leads/{lead_id}/reveal").get_data(as_text=True)
    assert 'href="tel:+8613800138000"' in page


def test_next_step_redirects_back_to_a_workspace_page_only(app):
    client = logged_in(app, role="sales")
    lead_id = make_lead(app)
    due = local(timedelta(days=1))
    response = client.post(f"/admin/leads/{lead_id}/next-step",
                           data={"action": "call", "due": due, "next": "/admin/my"})
    assert response.location.endswith("/admin/my")
    response = client.post(f"/admin/leads/{lead_id}/next-step",
                           data={"action": "call", "due": due, "next": "https://evil.example/"})
    assert "/admin/leads/" in response.location



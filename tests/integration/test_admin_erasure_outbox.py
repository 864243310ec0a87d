"""Erasing a lead (by staff or by retention) also blanks its notification outbox copies."""

import json
from datetime import timedelta

import pytest

from creditdesk.extensions import db
from creditdesk.leads.choices import need_label
from creditdesk.models import Lead, NotificationOutbox, now_utc
from creditdesk.notify.outbox import enqueue_new_lead
from tests.integration.admin_helpers import logged_in, make_lead

pytestmark = pytest.mark.both_databases  # bulk updates of leads, notes and outbox rows

PERSONAL = {"name": "欧阳娜娜", "phone_e164": "+8613912345678", "phone_raw": "139 1234 5678",
            "email": "nana@example.com", "detail": "我们的账期九十天，想了解信用保险。"}
# The national number in the phone digits, as a payload could also hold it.
NEEDLES = ("欧阳娜娜", "13912345678", "139 1234 5678", "nana@example.com", "账期九十天")


@pytest.fixture
def app(make_app):
    return make_app(NOTIFY_SALES_EMAIL=["sales@example.com"],
                    NOTIFY_WEBHOOKS=["https://hooks.example.com/creditdesk"],
                    NOTIFY_AFTER_RESPONSE=False)


def lead_with_notifications(app, sent: bool = False, **fields) -> int:
    """Insert a lead and its outbox rows (one marked sent when `sent`); return its id."""
    lead_id = make_lead(app, **{**PERSONAL, **fields})
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        rows = enqueue_new_lead(lead, need_label=need_label(lead.need, sales_team=True))
        assert len(rows) == 2
        if sent:
            rows[0].status, rows[0].sent_at = "sent", now_utc()
        db.session.commit()
        db.session.remove()
    return lead_id


def outbox(app, lead_id) -> list[tuple[str, str]]:
    """Return (status, payload as JSON text) of the lead's outbox rows."""
    with app.app_context():
        rows = db.session.execute(
            db.select(NotificationOutbox.status, NotificationOutbox.payload)
            .where(NotificationOutbox.lead_id == lead_id).order_by(NotificationOutbox.id)
        ).all()
        db.session.remove()
    return [(status, json.dumps(payload, ensure_ascii=False)) for status, payload in rows]


def assert_forgotten(rows) -> None:
    assert rows, "the lead had outbox rows"
    for _status, payload in rows:
        for needle in NEEDLES:
            assert needle not in payload, (needle, payload)


def test_the_fixture_payloads_hold_personal_data(app):
    lead_id = lead_with_notifications(app)
    text = " ".join(payload for _s, payload in outbox(app, lead_id))
    for needle in ("欧阳娜娜", "nana@example.com", "13912345678", "账期九十天"):
        assert needle in text, needle  # else the erasure tests below prove nothing


def test_erase_blanks_payloads_and_cancels_unsent(app):
    client = logged_in(app)
    lead_id = lead_with_notifications(app, sent=True)
    other = lead_with_notifications(app, name="别人")
    response = client.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"})
    assert response.status_code == 302
    rows = outbox(app, lead_id)
    assert_forgotten(rows)
    assert [status for status, _p in rows] == ["sent", "cancelled"]
    untouched = outbox(app, other)
    assert [status for status, _p in untouched] == ["pending", "pending"]
    assert all("别人" in payload for _s, payload in untouched)


def test_purge_blanks_payloads_of_the_leads_it_erases(app):
    old = now_utc() - timedelta(days=800)
    closed = lead_with_notifications(app, status="won", created_at=old, updated_at=old)
    still_open = lead_with_notifications(app, status="new", created_at=old, updated_at=old)
    with app.app_context():  # enqueueing touched updated_at: age them again
        db.session.execute(db.update(Lead).values(updated_at=old))
        db.session.commit()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["leads", "purge"])
    assert result.exit_code == 0 and "erased 1 " in result.output, result.output
    rows = outbox(app, closed)
    assert_forgotten(rows)
    assert {status for status, _p in rows} == {"cancelled"}
    assert all("欧阳娜娜" in payload for _s, payload in outbox(app, still_open))

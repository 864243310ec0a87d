"""Writing rows with the lead: same transaction, no early flush, self-check band, erasure."""

import uuid

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.leads.choices import NEEDS, need_label
from creditdesk.models import AssessmentResult, Lead, NotificationOutbox
from creditdesk.notify import enqueue_new_lead, forget_lead
from tests.integration.notify_support import add_lead, outbox_rows

pytestmark = pytest.mark.both_databases  # rows and constraint errors in the caller's transaction

HOOK = {"url": "http://127.0.0.1:9/wecom", "format": "wecom"}


def _app(make_app):
    return make_app(NOTIFY_SALES_EMAIL="s@example.com", NOTIFY_WEBHOOKS=[HOOK],
                    SITE_URL="https://cd.example")


def test_rows_roll_back_with_the_lead_and_constraint_errors_surface_at_commit(make_app):
    app = _app(make_app)
    add_lead(app, idempotency_key="same-key")
    with app.app_context():
        lead = Lead(reference="CD-DUP", idempotency_key="same-key", need="other")
        db.session.add(lead)
        # must not flush: the form expects the error at commit
        rows = enqueue_new_lead(lead, need_label=need_label(lead.need, sales_team=True))
        assert len(rows) == 2 and lead.id is None
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
    assert len(outbox_rows(app)) == 2  # only the first lead's


def test_payloads_carry_band_and_only_the_email_has_contact_details(make_app):
    app = _app(make_app)
    with app.app_context():
        result = AssessmentResult(definition_id="buyer", definition_version="1", answers={},
                                  score=70, band="B", result={})
        db.session.add(result)
        db.session.commit()
        result_id = result.id
        db.session.remove()
    add_lead(app, assessment_result_id=result_id, email="li@example.com")
    email, hook = outbox_rows(app)
    assert email["channel"] == "email" and email["target"] == "s@example.com"
    assert email["payload"]["lead"]["phone"] == "+8613800138000"
    assert email["payload"]["lead"]["email"] == "li@example.com"
    assert email["payload"]["admin_base"] == "https://cd.example"
    assert hook["payload"]["format"] == "wecom" and hook["target"] == HOOK["url"]
    chat = hook["payload"]["lead"]
    assert "phone" not in chat and "email" not in chat and chat["phone_masked"] == "138****8000"
    for row in (email, hook):
        assert row["payload"]["lead"]["band_label"] == "B 较低风险"
        assert row["status"] == "pending" and row["attempts"] == 0


def test_forget_lead_blanks_payloads_and_cancels_unsent_rows(make_app):
    app = _app(make_app)
    lead_id = add_lead(app)
    other_id = add_lead(app)
    with app.app_context():
        db.session.execute(sa.update(NotificationOutbox)
                           .where(NotificationOutbox.channel == "email").values(status="sent"))
        forget_lead(lead_id)
        db.session.commit()
        db.session.remove()
    mine = outbox_rows(app, lead_id=lead_id)
    assert {(r["channel"], r["status"]) for r in mine} == {("email", "sent"),
                                                          ("webhook", "cancelled")}
    assert all(r["payload"] == {"erased": True} for r in mine)
    assert all("lead" in r["payload"] for r in outbox_rows(app, lead_id=other_id))


def test_a_lead_without_optional_fields_still_notifies(make_app):
    app = _app(make_app)
    add_lead(app, name=None, company=None, email=None, phone_raw=None, utm_source=None,
             source_page=None, idempotency_key=uuid.uuid4().hex)
    email, hook = outbox_rows(app)
    assert email["payload"]["lead"]["name"] == "" and hook["payload"]["lead"]["utm"] == {}


def test_the_sales_team_reads_every_need_in_chinese_whatever_the_visitors_language(app):
    """Notifications name needs from the form's own labels, in the site's language."""
    with app.test_request_context("/consult?lang=en"):
        for value, label in NEEDS:
            english, chinese = need_label(value), need_label(value, sales_team=True)
            assert english == str(label) and english.isascii()
            assert any("\u4e00" <= c <= "\u9fff" for c in chinese), (value, chinese)
        assert need_label("unknown-need", sales_team=True) == "unknown-need"

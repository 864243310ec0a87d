"""Delivery right after the response: delivered in the request cycle, never breaks it."""

import uuid

from flask import Blueprint

from creditdesk.extensions import db
from creditdesk.leads.choices import need_label
from creditdesk.models import Lead
from creditdesk.notify import deliver_after_response, enqueue_new_lead
from tests.integration.notify_support import free_port, outbox_rows, smtp_server


def _probe_app(make_app, **config):
    """An app with a stand-in for the lead form: save, enqueue, commit, deliver after."""
    app = make_app(NOTIFY_SALES_EMAIL="sales@example.com", NOTIFY_SMTP_HOST="127.0.0.1",
                   **config)
    bp = Blueprint("notify_probe", __name__)

    @bp.post("/probe-lead")
    def probe():
        lead = Lead(reference=f"CD-{uuid.uuid4().hex[:8]}", idempotency_key=uuid.uuid4().hex,
                    need="other", phone_e164="+8613800138000", detail="请联系我们，谢谢。")
        db.session.add(lead)
        enqueue_new_lead(lead, need_label=need_label(lead.need, sales_team=True))
        db.session.commit()
        deliver_after_response()
        return f"thanks {lead.reference}"

    app.register_blueprint(bp)
    return app


def test_the_email_goes_out_when_the_response_closes(make_app):
    with smtp_server() as (port, collector):
        app = _probe_app(make_app, NOTIFY_SMTP_PORT=port)
        response = app.test_client().post("/probe-lead")
        assert response.status_code == 200 and collector.messages == []  # not before
        response.close()  # what every WSGI server does after sending the body
        assert len(collector.messages) == 1
    reference = response.get_data(as_text=True).split()[-1]
    assert reference in collector.messages[0][1]["Subject"]
    assert outbox_rows(app)[0]["status"] == "sent"


def test_channel_down_still_acknowledges_and_leaves_the_row_for_the_worker(make_app):
    app = _probe_app(make_app, NOTIFY_SMTP_PORT=free_port())
    response = app.test_client().post("/probe-lead", buffered=True)
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("thanks")
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 1 and row["last_error"]


def test_a_crash_in_delivery_never_reaches_the_visitor(make_app, monkeypatch):
    calls = []

    def explode(**kwargs):
        calls.append(kwargs)
        raise RuntimeError("database on fire")

    monkeypatch.setattr("creditdesk.notify.worker.deliver_due", explode)
    app = _probe_app(make_app, NOTIFY_SMTP_PORT=free_port())
    response = app.test_client().post("/probe-lead", buffered=True)
    assert response.status_code == 200 and len(calls) == 1
    assert outbox_rows(app)[0]["status"] == "pending"  # the worker will pick it up


def test_switched_off_leaves_everything_to_the_worker(make_app):
    with smtp_server() as (port, collector):
        app = _probe_app(make_app, NOTIFY_SMTP_PORT=port, NOTIFY_AFTER_RESPONSE=False)
        assert app.test_client().post("/probe-lead", buffered=True).status_code == 200
        assert collector.messages == []
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 0


def test_outside_a_request_it_does_nothing_and_does_not_raise(make_app):
    app = make_app()
    with app.app_context():
        deliver_after_response()

"""Delivery right after the response of the real consultation form: delivered when the
response closes, never breaking it."""

from creditdesk.notify import deliver_after_response
from tests.integration.leads_support import all_leads, form_data
from tests.integration.notify_support import free_port, outbox_rows, smtp_server


def _app(make_app, **config):
    return make_app(NOTIFY_SALES_EMAIL="sales@example.com", NOTIFY_SMTP_HOST="127.0.0.1",
                    LEADS_MIN_FILL_SECONDS=0, **config)


def _send(app, **open_options):
    """Send a valid request through /consult, as a visitor does."""
    client = app.test_client()
    return client.post("/consult", data=form_data(client), **open_options)


def test_the_email_goes_out_when_the_response_closes(make_app):
    with smtp_server() as (port, collector):
        app = _app(make_app, NOTIFY_SMTP_PORT=port)
        response = _send(app)
        assert response.status_code == 303 and collector.messages == []  # not before
        response.close()  # what every WSGI server does after sending the body
        assert len(collector.messages) == 1
    [lead] = all_leads(app)
    assert response.location.endswith(lead.reference)
    assert lead.reference in collector.messages[0][1]["Subject"]
    assert outbox_rows(app)[0]["status"] == "sent"


def test_channel_down_still_acknowledges_and_leaves_the_row_for_the_worker(make_app):
    app = _app(make_app, NOTIFY_SMTP_PORT=free_port())
    response = _send(app, buffered=True)
    assert response.status_code == 303 and "/consult/thanks/" in response.location
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 1 and row["last_error"]


def test_a_crash_in_delivery_never_reaches_the_visitor(make_app, monkeypatch):
    calls = []

    def explode(**kwargs):
        calls.append(kwargs)
        raise RuntimeError("database on fire")

    monkeypatch.setattr("creditdesk.notify.worker.deliver_due", explode)
    app = _app(make_app, NOTIFY_SMTP_PORT=free_port())
    response = _send(app, buffered=True)
    assert response.status_code == 303 and len(calls) == 1
    assert outbox_rows(app)[0]["status"] == "pending"  # the worker will pick it up


def test_switched_off_leaves_everything_to_the_worker(make_app):
    with smtp_server() as (port, collector):
        app = _app(make_app, NOTIFY_SMTP_PORT=port, NOTIFY_AFTER_RESPONSE=False)
        assert _send(app, buffered=True).status_code == 303
        assert collector.messages == []
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 0


def test_outside_a_request_it_does_nothing_and_does_not_raise(make_app):
    app = make_app()
    with app.app_context():
        deliver_after_response()

"""New-lead e-mail through a real SMTP server (aiosmtpd): content, failure and retry."""

from datetime import timedelta

import pytest

from creditdesk.models import now_utc
from creditdesk.notify import deliver_due
from tests.integration.notify_support import add_lead, free_port, outbox_rows, smtp_server

SALES = "sales@creditdesk.example"


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


def _mail_app(make_app, port, **extra):
    return make_app(NOTIFY_SALES_EMAIL=f"{SALES}, boss@creditdesk.example",
                    NOTIFY_SMTP_HOST="127.0.0.1", NOTIFY_SMTP_PORT=port,
                    NOTIFY_MAIL_FROM="CreditDesk <noreply@creditdesk.example>",
                    SITE_URL="https://www.creditdesk.example", **extra)


def _deliver(app, **kw):
    with app.app_context():
        return deliver_due(**kw)


def test_sales_receive_the_lead_with_full_contact_details(make_app, smtp):
    port, collector = smtp
    app = _mail_app(make_app, port)
    lead_id = add_lead(app, name="<b>Eve</b> & Co", detail="第一行\n<script>alert(1)</script>")
    report = _deliver(app)
    assert (report.sent, report.retrying) == (1, 0)
    [(rcpt, msg)] = collector.messages
    assert sorted(rcpt) == ["boss@creditdesk.example", SALES]
    [row] = outbox_rows(app)
    assert msg["Subject"].startswith("新咨询 CD-") and msg["Subject"].endswith(": 贸易信用保险")
    assert "=?utf-8?" in msg.as_string().lower()  # the raw header is RFC 2047-encoded
    assert msg["From"] == "CreditDesk <noreply@creditdesk.example>"
    assert msg["Message-ID"] == f"<creditdesk.outbox.{row['id']}@creditdesk.example>"
    assert msg["Reply-To"].addresses[0].addr_spec == "zhang@example.com"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for body in (text, html):
        assert row["payload"]["lead"]["reference"] in body
        assert "+8613800138000" in body and "138 0013 8000" in body
        assert f"https://www.creditdesk.example/admin/leads/{lead_id}" in body
        assert "zhang@example.com" in body and "utm" not in body.lower() or "baidu" in body
    assert "<script>" in text and "<b>Eve</b>" in text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; Co" in html
    assert row["status"] == "sent" and row["attempts"] == 1 and row["sent_at"] is not None


def test_smtp_down_keeps_the_row_pending_with_a_future_retry(make_app):
    app = _mail_app(make_app, free_port())  # nothing listens: connection refused
    add_lead(app)
    before = now_utc()
    report = _deliver(app)
    assert (report.sent, report.retrying) == (0, 1)
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert "ConnectionRefusedError" in row["last_error"]
    # 30 s base with at most 25 % jitter taken off
    assert before + timedelta(seconds=22) <= row["next_attempt_at"] <= now_utc() + timedelta(30)
    assert _deliver(app).total == 0  # not due yet: nothing is tried


def test_a_later_run_delivers_once_the_server_is_back(make_app):
    with smtp_server() as (port, collector):
        pass  # the port is free again: the server is "down"
    app = _mail_app(make_app, port)
    add_lead(app)
    assert _deliver(app).retrying == 1
    with smtp_server() as (port2, collector):
        app.config["NOTIFY_SMTP_PORT"] = port2
        report = _deliver(app, now=now_utc() + timedelta(minutes=2))
        assert report.sent == 1 and len(collector.messages) == 1
    [row] = outbox_rows(app)
    assert row["status"] == "sent" and row["attempts"] == 2

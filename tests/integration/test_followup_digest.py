"""`flask notify digest` against a real SMTP server (aiosmtpd) and a real HTTP robot."""

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from creditdesk.extensions import db
from creditdesk.models import StaffUser, now_utc
from tests.integration.admin_helpers import make_lead, make_staff
from tests.integration.notify_support import http_receiver, smtp_server

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


def _app(make_app, port):
    return make_app(NOTIFY_SMTP_HOST="127.0.0.1", NOTIFY_SMTP_PORT=port,
                    NOTIFY_MAIL_FROM="CreditDesk <noreply@creditdesk.example>",
                    SITE_URL="https://www.creditdesk.example")


def _later_today():
    now = now_utc()
    local = now.astimezone(SH)
    end = datetime.combine(local.date(), time(23, 59), tzinfo=SH)
    return now + (end - local) / 2 if end - local > timedelta(minutes=10) else None


@pytest.mark.both_databases
def test_digest_mails_each_salesperson_their_own_list(make_app, smtp):
    port, collector = smtp
    app = _app(make_app, port)
    ann = make_staff(app, email="ann@example.com", role="sales")
    bob = make_staff(app, email="bob@example.com", role="sales")
    make_staff(app, email="idle@example.com", role="sales")  # nothing due: no mail
    now = now_utc()
    make_lead(app, name="张伟", assignee_id=ann, next_action="call",
              next_due_at=now - timedelta(days=1))
    today = _later_today()
    if today:
        make_lead(app, name="李娜", company="深圳某某", assignee_id=ann, next_action="visit",
                  next_due_at=today)
    make_lead(app, name="下周", assignee_id=ann, next_action="call",
              next_due_at=now + timedelta(days=7))
    make_lead(app, name="已成交", assignee_id=ann, status="won", next_action="call",
              next_due_at=now - timedelta(days=1))
    make_lead(app, name="王芳", assignee_id=bob, next_action="email",
              next_due_at=now - timedelta(hours=1))
    result = app.test_cli_runner().invoke(args=["notify", "digest"])
    assert result.exit_code == 0, result.output
    assert "digest: 2 by e-mail, 0 by chat robot, 0 failed" in result.output
    mails = {tuple(rcpt): msg for rcpt, msg in collector.messages}
    assert set(mails) == {("ann@example.com",), ("bob@example.com",)}
    ann_mail = mails["ann@example.com",]
    assert ann_mail["Subject"] == f"今日跟进：逾期 1 条，今天到期 {1 if today else 0} 条"
    text = ann_mail.get_body(("plain",)).get_content()
    html = ann_mail.get_body(("html",)).get_content()
    assert "已逾期（1）：" in text
    assert "致电 · 张伟（上海华信贸易有限公司） · 贸易信用保险 · 138****8000" in text
    if today:
        assert "今天到期（1）：" in text and "拜访 · 李娜（深圳某某）" in text
    assert "下周" not in text and "已成交" not in text and "王芳" not in text
    assert "+8613800138000" not in text and "13800138000" not in html
    assert "https://www.creditdesk.example/admin/my" in text
    assert "https://www.creditdesk.example/admin/leads/" in html
    bob_text = mails["bob@example.com",].get_body(("plain",)).get_content()
    assert "发邮件 · 王芳" in bob_text and "张伟" not in bob_text


def test_nothing_due_sends_nothing(make_app, smtp):
    port, collector = smtp
    app = _app(make_app, port)
    ann = make_staff(app, email="ann@example.com", role="sales")
    make_lead(app, assignee_id=ann, next_action="call", next_due_at=now_utc() + timedelta(days=3))
    make_lead(app, assignee_id=ann)
    result = app.test_cli_runner().invoke(args=["notify", "digest"])
    assert result.exit_code == 0
    assert "digest: 0 by e-mail, 0 by chat robot, 0 failed" in result.output
    assert collector.messages == []


def test_a_user_with_a_robot_gets_the_digest_there(make_app, smtp):
    port, collector = smtp
    app = _app(make_app, port)
    ann = make_staff(app, email="ann@example.com", role="sales")
    make_lead(app, name="张伟", assignee_id=ann, next_action="call",
              next_due_at=now_utc() - timedelta(hours=2))
    with http_receiver() as (base, receiver):
        with app.app_context():
            user = db.session.get(StaffUser, ann)
            user.chat_webhook_url, user.chat_webhook_format = f"{base}/wecom/hook", "wecom"
            db.session.commit()
        result = app.test_cli_runner().invoke(args=["notify", "digest"])
        assert result.exit_code == 0, result.output
        [(path, _headers, body)] = receiver.requests
    assert collector.messages == []
    message = json.loads(body)
    content = message["markdown"]["content"]
    assert message["msgtype"] == "markdown" and "今日跟进：逾期 1 条" in content
    assert "张伟" in content and "138\\*\\*\\*\\*8000" in content
    assert "13800138000" not in body.decode()


def test_smtp_down_is_reported_and_exits_nonzero(make_app):
    with smtp_server() as (port, _collector):
        pass  # closed again: nothing listens
    app = _app(make_app, port)
    ann = make_staff(app, email="ann@example.com", role="sales")
    make_lead(app, assignee_id=ann, next_action="call", next_due_at=now_utc() - timedelta(hours=1))
    result = app.test_cli_runner().invoke(args=["notify", "digest"])
    assert result.exit_code == 1
    assert "failed: ann@example.com: ConnectionRefusedError" in result.output

"""Webhooks against a local HTTP receiver: signatures, each robot format, retries, giving up."""

import json
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from creditdesk.models import now_utc
from creditdesk.notify import deliver_due
from tests.integration.notify_support import (
    add_lead,
    dingtalk_signature_ok,
    feishu_signature_ok,
    http_receiver,
    json_signature_ok,
    outbox_rows,
)


@pytest.fixture
def receiver():
    with http_receiver() as server:
        yield server


def _deliver(app, **kw):
    with app.app_context():
        return deliver_due(**kw)


def _hooks(base):
    return [
        f"{base}/json",  # a plain URL: JSON signed with the app-level secret
        {"url": f"{base}/wecom/send?key=robot-key", "format": "wecom"},
        {"url": f"{base}/dingtalk/robot/send?access_token=tok", "format": "dingtalk",
         "secret": "SECdingtalk"},
        {"url": f"{base}/feishu/hook/abc", "format": "feishu", "secret": "feishu-secret"},
    ]


def test_every_format_arrives_signed_and_well_formed(make_app, receiver):
    base, server = receiver
    app = make_app(NOTIFY_WEBHOOKS=_hooks(base), NOTIFY_WEBHOOK_SECRET="app-secret",
                   SITE_URL="https://cd.example")
    evil = "**粗体** [链接](http://evil.example) <at user_id=\"all\">所有人</at> `x`"
    lead_id = add_lead(app, name="李四\u202e", detail=evil + "\n" + "长" * 400)
    assert _deliver(app).sent == 4
    got = {urlsplit(path).path.split("/")[1]: (path, headers, body)
           for path, headers, body in server.requests}
    assert sorted(got) == ["dingtalk", "feishu", "json", "wecom"]

    path, headers, body = got["json"]
    assert json_signature_ok("app-secret", headers, body)
    assert not json_signature_ok("app-secret", headers, body + b" ")
    data = json.loads(body)
    assert data["event"] == "lead.created" and headers["X-CreditDesk-Event"] == "lead.created"
    lead = data["lead"]
    assert lead["phone_masked"] == "138****8000" and "phone" not in lead and "email" not in lead
    assert lead["admin_url"] == f"https://cd.example/admin/leads/{lead_id}"
    assert len(lead["detail"]) <= 200 and lead["detail"].endswith("…")

    _, _, body = got["wecom"]
    content = json.loads(body)["markdown"]["content"]
    assert json.loads(body)["msgtype"] == "markdown"
    assert "138****8000" in content and "13800138000" not in content
    assert f"(https://cd.example/admin/leads/{lead_id})" in content
    assert "\\*\\*粗体\\*\\*" in content and "\\[链接\\]" in content and "\\`x\\`" in content
    assert "<at" not in content and "\u202e" not in content

    path, _, body = got["dingtalk"]
    assert dingtalk_signature_ok("SECdingtalk", path) and "access_token=tok" in path
    message = json.loads(body)
    assert message["msgtype"] == "markdown"
    assert message["markdown"]["title"].startswith("新咨询 CD-")
    assert "138****8000" in message["markdown"]["text"]

    _, _, body = got["feishu"]
    assert feishu_signature_ok("feishu-secret", body)
    message = json.loads(body)
    assert message["msg_type"] == "text" and abs(int(message["timestamp"]) - time.time()) < 60
    text = message["content"]["text"]
    assert "<at" not in text and "＜at" in text and "138****8000" in text
    assert all(r["status"] == "sent" for r in outbox_rows(app))


def test_json_webhook_without_a_secret_is_not_sent_unsigned(make_app, receiver):
    base, server = receiver
    app = make_app(NOTIFY_WEBHOOKS=[f"{base}/json"])
    add_lead(app)
    assert _deliver(app).retrying == 1
    assert server.requests == []
    assert "no signing secret" in outbox_rows(app)[0]["last_error"]


def test_server_error_is_retried_later_and_then_succeeds(make_app, receiver):
    base, server = receiver
    app = make_app(NOTIFY_WEBHOOKS=[f"{base}/json"], NOTIFY_WEBHOOK_SECRET="s")
    add_lead(app)
    server.status = 500
    assert _deliver(app).retrying == 1
    [row] = outbox_rows(app)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["last_error"].startswith("DeliveryError: HTTP 500")
    assert row["next_attempt_at"] > now_utc()
    server.status = 200
    assert _deliver(app).total == 0  # backing off: not due yet
    assert _deliver(app, now=now_utc() + timedelta(minutes=1)).sent == 1
    [row] = outbox_rows(app)
    assert (row["status"], row["attempts"], len(server.requests)) == ("sent", 2, 2)


def test_robot_refusal_inside_a_200_counts_as_failure(make_app, receiver):
    base, server = receiver
    server.reply_for = lambda path: {"errcode": 310000, "errmsg": "sign not match"}
    app = make_app(NOTIFY_WEBHOOKS=[{"url": f"{base}/dingtalk", "format": "dingtalk"}])
    add_lead(app)
    assert _deliver(app).retrying == 1
    assert "sign not match" in outbox_rows(app)[0]["last_error"]


def test_gives_up_after_max_attempts(make_app, receiver):
    base, server = receiver
    server.status = 503
    app = make_app(NOTIFY_WEBHOOKS=[f"{base}/json"], NOTIFY_WEBHOOK_SECRET="s",
                   NOTIFY_MAX_ATTEMPTS=3)
    add_lead(app)
    clock = now_utc()
    outcomes = []
    for _ in range(5):
        clock += timedelta(hours=2)  # past any backoff
        report = _deliver(app, now=clock)
        outcomes.append((report.retrying, report.failed))
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0), (0, 0)]
    [row] = outbox_rows(app)
    assert (row["status"], row["attempts"], len(server.requests)) == ("failed", 3, 3)


def test_unreachable_and_misconfigured_webhooks_never_break_enqueueing(make_app):
    app = make_app(NOTIFY_WEBHOOKS=["ftp://nope", {"format": "json"}, 42,
                                    {"url": "http://127.0.0.1:9/x", "format": "slack"},
                                    {"url": "http://127.0.0.1:9/x", "format": "wecom"}])
    add_lead(app)
    [row] = outbox_rows(app)  # only the valid entry
    assert row["payload"]["format"] == "wecom"
    assert _deliver(app).retrying == 1
    assert outbox_rows(app)[0]["last_error"]

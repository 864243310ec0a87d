"""New-lead notifications mention a linked receivables health check: its balance more than
90 days overdue and a link (the diagnosis in the e-mail; its admin section in chats)."""

import json

import pytest

from creditdesk.extensions import db
from creditdesk.models import Lead
from creditdesk.notify.email import build_message
from creditdesk.notify.payload import with_link
from creditdesk.notify.webhooks import Webhook, build_request, feishu_text, markdown
from tests.integration.admin_helpers import logged_in
from tests.integration.notify_support import add_lead, outbox_rows
from tests.integration.test_aging_admin import send_request
from tests.integration.test_aging_retention import make_diagnosis

SITE = "https://cd.example"
HOOKS = [{"url": "http://127.0.0.1:9/wecom", "format": "wecom"},
         {"url": "http://127.0.0.1:9/json", "format": "json", "secret": "s3cret"}]


@pytest.fixture
def app(make_app):
    return make_app(NOTIFY_SALES_EMAIL="s@example.com", NOTIFY_WEBHOOKS=HOOKS, SITE_URL=SITE,
                    NOTIFY_AFTER_RESPONSE=False, LEADS_MIN_FILL_SECONDS=0)


def delivered(row) -> dict:
    return with_link(row["payload"]["lead"], row["lead_id"], row["payload"]["admin_base"])


def email_bodies(row) -> tuple[str, str]:
    msg = build_message(delivered(row), sender="n@cd.example", to=["s@example.com"],
                        delivery_id=row["id"])
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def test_every_channel_mentions_the_health_check(app):
    diagnosis, token = make_diagnosis(app)
    lead_id = add_lead(app, aging_diagnosis_id=diagnosis)
    email, wecom, json_hook = outbox_rows(app)
    report_url = f"{SITE}/tools/aging/r/{token}"
    section_url = f"{SITE}/admin/leads/{lead_id}#aging-title"

    assert email["payload"]["lead"]["aging_overdue_90"] == "3000000.00"
    assert email["payload"]["lead"]["aging_url"] == report_url
    text, html = email_bodies(email)
    assert "账龄诊断: 逾期 90 天以上 ¥3,000,000" in text
    assert f"查看账龄诊断: {report_url}" in text
    assert f'<a href="{report_url}">查看账龄诊断</a>' in html
    assert "逾期 90 天以上 ¥3,000,000" in html

    for row in (wecom, json_hook):  # chats: no capability link, the login-protected section
        assert "aging_url" not in row["payload"]["lead"]
        assert delivered(row)["aging_url"] == section_url
    chat = delivered(wecom)
    assert f"[查看账龄诊断]({section_url})" in markdown(chat)
    assert "> 账龄诊断: 逾期 90 天以上 ¥3,000,000" in markdown(chat)
    assert f"查看账龄诊断: {section_url}" in feishu_text(chat)
    assert token not in markdown(chat) + feishu_text(chat)
    _url, _headers, body = build_request(Webhook(**HOOKS[1]), delivered(json_hook), 1, 0)
    sent = json.loads(body)["lead"]
    assert sent["aging_overdue_90"] == "3000000.00" and sent["aging_url"] == section_url


def test_without_a_health_check_nothing_is_said_about_one(app):
    add_lead(app)
    email, wecom, _json = outbox_rows(app)
    assert not any(k.startswith("aging") for k in email["payload"]["lead"])
    text, html = email_bodies(email)
    chat = delivered(wecom)
    for body in (text, html, markdown(chat), feishu_text(chat)):
        assert "账龄诊断" not in body
    assert "aging_url" not in chat


def test_a_request_sent_from_the_health_check_page_notifies_with_it(app, client):
    lead_id = send_request(app, client)
    with app.app_context():
        token = db.session.get(Lead, lead_id).aging_diagnosis.token
        db.session.remove()
    email, wecom, _json = outbox_rows(app)
    text, _html = email_bodies(email)
    assert "逾期 90 天以上 ¥3,000,000" in text
    assert f"{SITE}/tools/aging/r/{token}" in text
    assert client.get(f"/tools/aging/r/{token}").status_code == 200
    assert "逾期 90 天以上 ¥3,000,000" in markdown(delivered(wecom))


def test_erasing_the_lead_drops_the_link_with_the_rest(app):
    diagnosis, token = make_diagnosis(app)
    lead_id = add_lead(app, aging_diagnosis_id=diagnosis)
    staff = logged_in(app)
    assert staff.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"}).status_code == 302
    for row in outbox_rows(app):
        assert token not in json.dumps(row["payload"]) and "aging" not in json.dumps(row["payload"])
    assert staff.get(f"/tools/aging/r/{token}").status_code == 404

"""Notification texts without an app: escaping, e-mail composition, config parsing."""

from email import message_from_bytes, policy

from creditdesk.notify.email import build_message, recipients
from creditdesk.notify.payload import one_line, truncate
from creditdesk.notify.webhooks import (
    configured_webhooks,
    display_url,
    feishu_text,
    markdown,
    md_escape,
    plain_escape,
)

FACTS = {
    "id": 7, "reference": "CD-20250101-ABCD", "need": "credit_insurance",
    "need_label": "贸易信用保险", "name": "王五", "phone": "+8613800138000",
    "phone_raw": "138-0013-8000", "phone_masked": "138****8000", "email": "w@example.com",
    "company": "A&B <公司>", "source_page": "selfcheck", "utm": {"source": "wechat"},
    "band": "B", "band_label": "B 较低风险", "created_at": "2025-01-01T02:00:00+00:00",
    "created_local": "2025-01-01 10:00", "detail": "第一行\n第二行 <img src=x onerror=alert(1)>",
    "admin_url": "https://cd.example/admin/leads/7",
}


def test_truncate_and_one_line():
    assert truncate("短", 5) == "短"
    assert truncate("一二三四五六", 4) == "一二三…"
    assert one_line(" a\n\tb\u202e c \u2066") == "a b c"


def test_markdown_escape_neutralises_formatting_links_tags_and_mentions():
    escaped = md_escape("**b** _i_ [x](http://e) `c` ~s~ |t| <@all> <font color=red>\\")
    for raw in ("**", "_i_", "[x]", "`c`", "~s~", "|t|", "<", ">"):
        assert raw not in escaped.replace("\\*", "").replace("\\_", "").replace("\\[", "") \
            .replace("\\]", "").replace("\\`", "").replace("\\~", "").replace("\\|", "")
    assert "＜@all＞" in escaped and escaped.endswith("\\\\")
    assert plain_escape('<at user_id="all">x</at>') == '＜at user_id="all"＞x＜/at＞'


def test_chat_messages_show_masked_phone_no_email_and_escaped_visitor_text():
    chat = dict(FACTS, detail=truncate(FACTS["detail"], 200))
    for key in ("phone", "phone_raw", "email"):
        chat.pop(key)
    for text in (markdown(chat), markdown(chat, newline="\n\n"), feishu_text(chat)):
        assert "138****8000" in text and "13800138000" not in text
        assert "w@example.com" not in text and "<img" not in text
        assert "B 较低风险" in text and "wechat" in text and "2025-01-01 10:00" in text
    assert "[在后台查看](https://cd.example/admin/leads/7)" in markdown(chat)
    assert "\n\n" in markdown(chat, newline="\n\n")


def test_email_is_utf8_multipart_with_escaped_html():
    msg = build_message(FACTS, sender="CreditDesk <n@cd.example>", to=["s@cd.example"],
                        delivery_id=3)
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "新咨询 CD-20250101-ABCD: 贸易信用保险"
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Reply-To"] == "王五 <w@example.com>"
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "+8613800138000（填写为 138-0013-8000）" in text
    assert "第一行\n第二行 <img" in text
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "A&amp;B &lt;公司&gt;" in html and "第一行<br>" in html


def test_a_malformed_visitor_address_is_not_used_as_reply_to():
    msg = build_message(dict(FACTS, email="bad\r\nBcc: x@evil"), sender="n@cd.example",
                        to=["s@cd.example"], delivery_id=1)
    assert msg["Reply-To"] is None and "Bcc" not in str(msg).split("\n\n")[0]


def test_recipients_accept_lists_and_comma_strings():
    assert recipients("a@x.cn, 销售 <b@y.cn>,,bogus") == ["a@x.cn", "b@y.cn"]
    assert recipients(["a@x.cn"]) == ["a@x.cn"]
    assert recipients(None) == [] and recipients("") == []


def test_webhook_config_parsing():
    hooks, problems = configured_webhooks({
        "NOTIFY_WEBHOOK_SECRET": "app",
        "NOTIFY_WEBHOOKS": ["https://a/x", {"url": "https://b/y", "format": "feishu"},
                            {"url": "https://c", "format": "json", "secret": "own"},
                            {"url": "https://d", "format": "teams"}, "mailto:x", 3],
    })
    assert [(h.url, h.format, h.secret) for h in hooks] == [
        ("https://a/x", "json", "app"), ("https://b/y", "feishu", None),
        ("https://c", "json", "own")]
    assert len(problems) == 3 and "NOTIFY_WEBHOOKS[3]" in problems[0]


def test_display_url_hides_tokens_in_path_and_query():
    assert display_url("https://open.feishu.cn/open-apis/bot/v2/hook/uuid") == \
        "https://open.feishu.cn/…"
    assert display_url("https://oapi.dingtalk.com/robot/send?access_token=t") == \
        "https://oapi.dingtalk.com/…"
    assert display_url("https://h.example") == "https://h.example"

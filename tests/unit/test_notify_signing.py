"""Signatures and backoff: the generic JSON scheme, DingTalk and Feishu, retry timing."""

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from creditdesk.notify.outbox import backoff_seconds
from creditdesk.notify.webhooks import (
    DeliveryError,
    Webhook,
    build_request,
    dingtalk_sign,
    feishu_sign,
    sign,
    verify,
)

FACTS = {"reference": "CD-1", "need_label": "其他", "phone_masked": "138****8000",
         "admin_url": "https://cd.example/admin/leads/1", "detail": "x"}
NOW = 1_735_700_000


def test_json_signature_covers_timestamp_and_raw_body():
    url, headers, body = build_request(Webhook("https://r/x", "json", "k"), FACTS, 9, NOW)
    ts, sig = headers["X-CreditDesk-Timestamp"], headers["X-CreditDesk-Signature"]
    expected = hmac.new(b"k", f"{NOW}.".encode() + body, hashlib.sha256).hexdigest()
    assert (url, ts, sig) == ("https://r/x", str(NOW), f"sha256={expected}")
    assert json.loads(body)["delivery_id"] == 9 and headers["X-CreditDesk-Delivery"] == "9"
    assert verify("k", body, ts, sig, now=NOW + 10)
    assert not verify("k", body + b"x", ts, sig, now=NOW)  # tampered body
    assert not verify("other", body, ts, sig, now=NOW)  # wrong secret
    assert not verify("k", body, str(NOW + 1), sig, now=NOW)  # timestamp swapped
    assert not verify("k", body, ts, sig, now=NOW + 301)  # replayed later
    assert not verify("k", body, "soon", sig, now=NOW) and not verify("k", body, ts, "", NOW)
    assert sign("k", NOW, body) == sig


def test_json_without_secret_raises():
    with pytest.raises(DeliveryError, match="no signing secret"):
        build_request(Webhook("https://r/x", "json", None), FACTS, 1, NOW)


def test_dingtalk_signature_goes_in_the_query():
    url, _h, _b = build_request(
        Webhook("https://oapi.dingtalk.com/robot/send?access_token=t", "dingtalk", "SEC1"),
        FACTS, 1, NOW + 0.5)
    query = parse_qs(urlsplit(url).query)
    ts = str(int((NOW + 0.5) * 1000))
    mac = hmac.new(b"SEC1", f"{ts}\nSEC1".encode(), hashlib.sha256).digest()
    assert query == {"access_token": ["t"], "timestamp": [ts],
                     "sign": [base64.b64encode(mac).decode()]}
    assert dingtalk_sign("SEC1", int(ts))["sign"] == query["sign"][0]
    unsigned, _h, _b = build_request(Webhook("https://d/x", "dingtalk"), FACTS, 1, NOW)
    assert unsigned == "https://d/x"


def test_feishu_signature_goes_in_the_body():
    _url, _h, body = build_request(Webhook("https://f/x", "feishu", "fs"), FACTS, 1, NOW)
    data = json.loads(body)
    mac = hmac.new(f"{NOW}\nfs".encode(), b"", hashlib.sha256).digest()
    assert data["timestamp"] == str(NOW) and data["sign"] == base64.b64encode(mac).decode()
    assert feishu_sign("fs", NOW) == data["sign"]
    _url, _h, body = build_request(Webhook("https://f/x", "feishu"), FACTS, 1, NOW)
    assert "sign" not in json.loads(body)


def test_unknown_format_is_a_delivery_error():
    with pytest.raises(DeliveryError):
        build_request(Webhook("https://x", "teams"), FACTS, 1, NOW)


@pytest.mark.parametrize(("attempts", "full"), [(1, 30), (2, 60), (3, 120), (7, 1920),
                                                (8, 3600), (20, 3600)])
def test_backoff_doubles_up_to_the_cap_with_bounded_jitter(attempts, full):
    assert backoff_seconds(attempts, 30, 3600, rand=lambda: 0.0) == full
    assert backoff_seconds(attempts, 30, 3600, rand=lambda: 1.0) == full * 0.75
    assert full * 0.75 <= backoff_seconds(attempts, 30, 3600) <= full

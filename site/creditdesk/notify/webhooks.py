"""Webhooks: a generic JSON body signed with HMAC-SHA256, and WeCom/DingTalk/Feishu robots."""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from . import texts
from .payload import VISITOR_KEYS, one_line, rows, title

FORMATS = ("json", "wecom", "dingtalk", "feishu")
SIGNATURE_HEADER = "X-CreditDesk-Signature"
TIMESTAMP_HEADER = "X-CreditDesk-Timestamp"
SIGNATURE_TOLERANCE = 300  # seconds a receiver should accept; older bodies are replays
USER_AGENT = "CreditDesk-Notify/1"


class DeliveryError(Exception):
    """The receiver did not accept the message."""


@dataclass(frozen=True)
class Webhook:
    url: str
    format: str = "json"
    secret: str | None = None


def configured_webhooks(config) -> tuple[list[Webhook], list[str]]:
    """Parse NOTIFY_WEBHOOKS into webhooks, plus a description of each entry skipped."""
    hooks, problems = [], []
    for i, entry in enumerate(config.get("NOTIFY_WEBHOOKS") or []):
        item = {"url": entry} if isinstance(entry, str) else entry
        if not isinstance(item, dict):
            problems.append(f"NOTIFY_WEBHOOKS[{i}]: expected a URL or a dict")
            continue
        url, fmt = str(item.get("url") or ""), item.get("format") or "json"
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            problems.append(f"NOTIFY_WEBHOOKS[{i}]: url must be http(s)")
        elif fmt not in FORMATS:
            problems.append(f"NOTIFY_WEBHOOKS[{i}]: format must be one of {', '.join(FORMATS)}")
        else:
            secret = item.get("secret") or (
                config.get("NOTIFY_WEBHOOK_SECRET") if fmt == "json" else None
            )
            hooks.append(Webhook(url, fmt, secret))
    return hooks, problems


def find_webhook(config, url: str, fmt: str) -> Webhook:
    """Return the configured webhook for a stored row (its secret is never stored)."""
    for hook in configured_webhooks(config)[0]:
        if hook.url == url and hook.format == fmt:
            return hook
    secret = config.get("NOTIFY_WEBHOOK_SECRET") if fmt == "json" else None
    return Webhook(url, fmt, secret)


def display_url(url: str) -> str:
    """Show a webhook without its path and query: robot URLs embed their access token."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.path.strip("/") or parts.query else url


# -- the generic JSON webhook ---------------------------------------------------------------

def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Return the signature header value over "<timestamp>.<raw body>"."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """Check a received body as a receiver should: signature and freshness."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - ts) > SIGNATURE_TOLERANCE:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature or "")


def build_request(hook: Webhook, facts: dict, delivery_id: int, now: float):
    """Return (url, headers, body) for one delivery in the webhook's format."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    url = hook.url
    if hook.format == "json":
        if not hook.secret:
            raise DeliveryError("no signing secret: set the webhook's secret or "
                                "NOTIFY_WEBHOOK_SECRET")
        body = _dumps({"event": "lead.created", "delivery_id": delivery_id, "lead": facts})
        ts = int(now)
        headers |= {TIMESTAMP_HEADER: str(ts), SIGNATURE_HEADER: sign(hook.secret, ts, body),
                    "X-CreditDesk-Event": "lead.created",
                    "X-CreditDesk-Delivery": str(delivery_id)}
    elif hook.format == "wecom":
        body = _dumps({"msgtype": "markdown", "markdown": {"content": markdown(facts)}})
    elif hook.format == "dingtalk":
        text = markdown(facts, newline="\n\n")
        body = _dumps({"msgtype": "markdown",
                       "markdown": {"title": title(facts), "text": text}})
        if hook.secret:
            url = _with_query(url, dingtalk_sign(hook.secret, int(now * 1000)))
    elif hook.format == "feishu":
        message = {"msg_type": "text", "content": {"text": feishu_text(facts)}}
        if hook.secret:
            ts = int(now)
            message = {"timestamp": str(ts), "sign": feishu_sign(hook.secret, ts)} | message
        body = _dumps(message)
    else:
        raise DeliveryError(f"unknown webhook format {hook.format!r}")
    return url, headers, body


# -- robot formats -------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]~|"} | {"<": "＜", ">": "＞"})


def md_escape(text: str) -> str:
    """Make visitor text inert in robot Markdown: no emphasis, links, tags or @-mentions."""
    return one_line(text).translate(_MD_SPECIAL)


def plain_escape(text: str) -> str:
    """Make visitor text inert in a Feishu text message (`<at ...>` would ping people)."""
    return one_line(text).replace("<", "＜").replace(">", "＞")


def markdown(facts: dict, newline: str = "\n") -> str:
    """Render the chat message as the Markdown WeCom and DingTalk robots accept."""
    lines = [f"**{md_escape(title(facts))}**"]
    lines += [f"> {label}: {md_escape(value) if key in VISITOR_KEYS else one_line(value)}"
              for key, label, value in rows(facts)]
    lines.append(f"> {texts.DETAIL}: {md_escape(facts.get('detail') or texts.EMPTY)}")
    lines.append(f"[{texts.ADMIN_LINK}]({_safe_url(facts['admin_url'])})")
    return newline.join(lines)


def feishu_text(facts: dict) -> str:
    """Render the chat message as Feishu plain text (URLs become links there)."""
    lines = [title(facts, plain_escape(facts["reference"]))]
    lines += [f"{label}: {plain_escape(value)}" for _key, label, value in rows(facts)]
    lines.append(f"{texts.DETAIL}: {plain_escape(facts.get('detail') or texts.EMPTY)}")
    lines.append(f"{texts.ADMIN_LINK}: {_safe_url(facts['admin_url'])}")
    return "\n".join(lines)


def dingtalk_sign(secret: str, timestamp_ms: int) -> dict:
    """Return DingTalk's signing query parameters (HMAC-SHA256 of "<ts>\\n<secret>")."""
    mac = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return {"timestamp": str(timestamp_ms), "sign": base64.b64encode(mac.digest()).decode()}


def feishu_sign(secret: str, timestamp: int) -> str:
    """Return Feishu's signature: "<ts>\\n<secret>" is the HMAC key over an empty message."""
    mac = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


# -- HTTP ----------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST becomes a GET without the body: treat it as a failure instead.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(hook: Webhook, url: str, headers: dict, body: bytes, timeout: float) -> None:
    """POST the body; raise DeliveryError unless the receiver accepted it."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            reply = response.read(65536)
    except urllib.error.HTTPError as err:
        raise DeliveryError(f"HTTP {err.code}: {_snippet(err.read(500))}") from None
    except (urllib.error.URLError, OSError) as err:
        raise DeliveryError(f"{type(err).__name__}: {getattr(err, 'reason', err)}") from None
    _check_reply(hook.format, reply)


def _check_reply(fmt: str, reply: bytes) -> None:
    """Robots answer 200 even when they refuse (bad signature, rate limit): read the code."""
    if fmt == "json":
        return
    try:
        data = json.loads(reply)
    except ValueError:
        raise DeliveryError(f"unreadable reply: {_snippet(reply)}") from None
    if not isinstance(data, dict):
        raise DeliveryError(f"unexpected reply: {_snippet(reply)}")
    code = data.get("code", data.get("StatusCode", 0)) if fmt == "feishu" else data.get("errcode")
    if code != 0:
        message = data.get("msg") or data.get("errmsg") or data.get("StatusMessage") or ""
        raise DeliveryError(f"{fmt} refused ({code}): {message}")


def _dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _with_query(url: str, params: dict) -> str:
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(params)


def _safe_url(url: str) -> str:
    # Our own URL, but quote anything that could end a Markdown link early.
    return urllib.parse.quote(url, safe=":/?&=#%@+,;-._~")


def _snippet(data: bytes) -> str:
    return data.decode("utf-8", "replace")[:200]

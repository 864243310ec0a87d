"""The new-lead e-mail to sales: plain text plus HTML, sent over SMTP."""

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, parseaddr
from html import escape

from . import texts
from .payload import intro, rows, subject, title


def recipients(value) -> list[str]:
    """Normalise NOTIFY_SALES_EMAIL (a list or a comma-separated string) to addresses."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [addr for _name, addr in getaddresses([i.strip() for i in items]) if "@" in addr]


def build_message(facts: dict, *, sender: str, to: list[str], delivery_id: int) -> EmailMessage:
    """Compose the e-mail for one lead (UTF-8 subject, text and HTML alternatives)."""
    msg = EmailMessage()
    msg["Subject"] = subject(facts)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # Stable per outbox row: a resend after a crashed worker threads as the same message.
    msg["Message-ID"] = f"<creditdesk.outbox.{delivery_id}@{domain}>"
    msg["X-CreditDesk-Lead"] = facts["reference"]
    reply_to = _address(facts.get("email") or "", facts.get("name") or "")
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(_text(facts))
    msg.add_alternative(_html(facts), subtype="html")
    return msg


def send(config, msg: EmailMessage) -> None:
    """Send `msg` with the app's SMTP settings; raises OSError or SMTPException."""
    host, port = config["NOTIFY_SMTP_HOST"], int(config["NOTIFY_SMTP_PORT"])
    timeout = float(config["NOTIFY_SMTP_TIMEOUT"])
    context = ssl.create_default_context()
    if config["NOTIFY_SMTP_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["NOTIFY_SMTP_STARTTLS"] and not config["NOTIFY_SMTP_SSL"]:
            smtp.starttls(context=context)
        if config["NOTIFY_SMTP_USERNAME"]:
            smtp.login(config["NOTIFY_SMTP_USERNAME"], config["NOTIFY_SMTP_PASSWORD"] or "")
        smtp.send_message(msg)


def _address(addr: str, name: str) -> str:
    """Return a Reply-To header value, or "" when the visitor's address cannot be one."""
    user, _, domain = addr.partition("@")
    try:
        return str(Address(display_name=name, username=user, domain=domain)) if domain else ""
    except (ValueError, IndexError):
        return ""


def _text(facts: dict) -> str:
    lines = [intro(facts), ""]
    lines += [f"{label}: {value}" for _key, label, value in rows(facts)]
    lines += ["", f"{texts.DETAIL}:", facts.get("detail") or texts.EMPTY, ""]
    lines.append(f"{texts.ADMIN_LINK}: {facts['admin_url']}")
    return "\n".join(lines) + "\n"


def _html(facts: dict) -> str:
    table = "".join(
        f"<tr><th align=\"left\">{escape(label)}</th><td>{escape(value)}</td></tr>"
        for _key, label, value in rows(facts)
    )
    detail = "<br>\n".join(escape(line) for line in (facts.get("detail") or "").splitlines())
    url = escape(facts["admin_url"])
    return (
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title(facts))}</title></head><body>"
        f"<p>{escape(intro(facts))}</p><table>{table}</table>"
        f"<h3>{escape(texts.DETAIL)}</h3><p>{detail or escape(texts.EMPTY)}</p>"
        f"<p><a href=\"{url}\">{escape(texts.ADMIN_LINK)}</a></p></body></html>\n"
    )

"""The morning digest (`flask notify digest`): each salesperson's overdue and due-today list.

Sent by e-mail, or to the user's own chat robot when they set one; in the sales team's
language (the site's default), with masked phones only. Someone with nothing due gets
nothing. Run it from cron or a systemd timer at 8:30.
"""

import json
import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from html import escape

from flask import current_app
from flask_babel import force_locale

from ..extensions import db
from ..followup.queue import due_by_user
from ..leads.choices import need_label
from ..models import Lead, StaffUser, now_utc
from ..notify import email as mail
from ..notify import webhooks
from ..notify.payload import one_line
from ..shared import mask_phone
from .labels import local_time, step_label

log = logging.getLogger(__name__)

SUBJECT = "今日跟进：逾期 {overdue} 条，今天到期 {today} 条"
GREETING = "早上好！以下是你今天要跟进的咨询。"
OVERDUE = "已逾期"
TODAY = "今天到期"
QUEUE_LINK = "打开我的待办"


@dataclass
class DigestReport:
    emailed: list[str] = field(default_factory=list)
    chatted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    due_local: str
    action: str
    who: str
    need: str
    phone: str
    url: str

    def line(self) -> str:
        parts = [f"{self.due_local} {self.action}", self.who, self.need, self.phone]
        return " · ".join(one_line(p) for p in parts if p)


def send_digest(now=None) -> DigestReport:
    """Send every active salesperson with something due their list; return who got what."""
    now = now or now_utc()
    report = DigestReport()
    config = current_app.config
    base = (config["SITE_URL"] or "http://localhost").rstrip("/")
    due = due_by_user(now)
    users = {u.id: u for u in db.session.execute(
        db.select(StaffUser).where(StaffUser.id.in_(due), StaffUser.active.is_(True))
    ).scalars()}
    with current_app.test_request_context(), force_locale(config["BABEL_DEFAULT_LOCALE"]):
        for user_id, (overdue, today) in sorted(due.items()):
            user = users.get(user_id)
            if user is None:
                continue  # disabled since: their requests show in the inbox
            sections = [(OVERDUE, [_item(lead, base) for lead in overdue]),
                        (TODAY, [_item(lead, base) for lead in today])]
            try:
                if user.chat_webhook_url:
                    _send_chat(user, sections, base)
                    report.chatted.append(user.email)
                else:
                    _send_mail(user, sections, base, len(overdue), len(today))
                    report.emailed.append(user.email)
            except (webhooks.DeliveryError, smtplib.SMTPException, OSError) as err:
                log.error("digest for %s failed: %s", user.email, err)
                report.failed.append(f"{user.email}: {type(err).__name__}: {err}")
    return report


def _item(lead: Lead, base: str) -> Item:
    who = lead.name or lead.company or lead.reference
    if lead.name and lead.company:
        who = f"{lead.name}（{lead.company}）"
    return Item(local_time(lead.next_due_at), step_label(lead.next_action), who,
                need_label(lead.need, sales_team=True), mask_phone(lead.phone_e164),
                f"{base}/admin/leads/{lead.id}")


def text_body(sections, base: str) -> str:
    lines = [GREETING, ""]
    for title, items in sections:
        if not items:
            continue
        lines.append(f"{title}（{len(items)}）：")
        for item in items:
            lines += [f"- {item.line()}", f"  {item.url}"]
        lines.append("")
    lines.append(f"{QUEUE_LINK}：{base}/admin/my")
    return "\n".join(lines) + "\n"


def html_body(sections, base: str) -> str:
    parts = [f"<p>{escape(GREETING)}</p>"]
    for title, items in sections:
        if not items:
            continue
        parts.append(f"<h3>{escape(title)}（{len(items)}）</h3><ul>")
        parts += [f'<li><a href="{escape(i.url)}">{escape(i.line())}</a></li>' for i in items]
        parts.append("</ul>")
    parts.append(f'<p><a href="{escape(base)}/admin/my">{escape(QUEUE_LINK)}</a></p>')
    return ("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"></head><body>"
            + "".join(parts) + "</body></html>\n")


def _send_mail(user: StaffUser, sections, base: str, overdue: int, today: int) -> None:
    config = current_app.config
    msg = EmailMessage()
    msg["Subject"] = SUBJECT.format(overdue=overdue, today=today)
    msg["From"] = config["NOTIFY_MAIL_FROM"]
    msg["To"] = user.email
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(config["NOTIFY_MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid("creditdesk.digest", domain=domain)
    msg.set_content(text_body(sections, base))
    msg.add_alternative(html_body(sections, base), subtype="html")
    mail.send(config, msg)


def _send_chat(user: StaffUser, sections, base: str) -> None:
    fmt = user.chat_webhook_format or "wecom"
    hook = webhooks.Webhook(user.chat_webhook_url, fmt)
    title = SUBJECT.format(overdue=len(sections[0][1]), today=len(sections[1][1]))
    if fmt == "feishu":
        text = title + "\n" + text_body(sections, base)
        message = {"msg_type": "text", "content": {"text": text}}
    else:
        lines = [f"**{webhooks.md_escape(title)}**"]
        for heading, items in sections:
            if items:
                lines.append(f"{heading}：")
                lines += [f"> [{webhooks.md_escape(i.line())}]({i.url})" for i in items]
        lines.append(f"[{QUEUE_LINK}]({base}/admin/my)")
        text = "\n\n".join(lines) if fmt == "dingtalk" else "\n".join(lines)
        content = {"title": title, "text": text} if fmt == "dingtalk" else {"content": text}
        message = {"msgtype": "markdown", "markdown": content}
    body = json.dumps(message, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8",
               "User-Agent": webhooks.USER_AGENT}
    webhooks.post(hook, hook.url, headers, body, float(current_app.config["NOTIFY_HTTP_TIMEOUT"]))

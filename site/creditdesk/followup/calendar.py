"""A salesperson's planned next steps as an iCalendar feed (RFC 5545, `icalendar`).

What a phone's calendar shows: what to do, for whom, the need, a link to the lead. No
phone number is ever written, not even one typed into a step's note.
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, gettext
from icalendar import Calendar, Event

from ..extensions import db
from ..models import Lead, StaffUser
from ..models.base import now_utc
from ..origin import site_url
from .queue import open_lead

EVENT_MINUTES = 30
# Seven or more digits, possibly split by spaces, dashes, dots or brackets: a phone number.
PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def scrub(text: str) -> str:
    return PHONE_LIKE.sub("…", text or "")


def feed(user: StaffUser, since: datetime, step_label: Callable[[str], str],
         need_label: Callable[[str], str]) -> bytes:
    """Return the user's calendar: one event per open request with a step due after `since`
    (`step_label` and `need_label` name actions and needs in the site's default language)."""
    leads = db.session.execute(
        sa.select(Lead).where(Lead.assignee_id == user.id, Lead.next_due_at >= since,
                              open_lead())
        .order_by(Lead.next_due_at, Lead.id)
    ).scalars()
    base = site_url()  # never the request's Host
    domain = urlsplit(base).hostname or "creditdesk"
    cal = Calendar()
    cal.add("prodid", "-//CreditDesk//Sales follow-up//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", current_app.config["SITE_NAME"])
    stamp = now_utc()
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        cal.add("x-wr-caldesc", gettext("My next steps"))
        for lead in leads:
            who = scrub(lead.name or lead.company or lead.reference)
            event = Event()
            event.add("uid", f"lead-{lead.id}-next-step@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", lead.next_due_at)
            event.add("dtend", lead.next_due_at + timedelta(minutes=EVENT_MINUTES))
            event.add("summary", f"{step_label(lead.next_action)} · {who}")
            lines = [f"{lead.reference} · {need_label(lead.need)}"]
            if lead.next_note:
                lines.append(scrub(lead.next_note))
            event.add("description", "\n".join(lines))
            event.add("url", base + url_for("admin.lead", lead_id=lead.id))
            cal.add_component(event)
    return cal.to_ical()

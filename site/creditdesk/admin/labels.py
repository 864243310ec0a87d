"""Display names for stored codes (status, need, band, source, action) in the UI language.

Needs are named by the consultation form (leads.choices), bands by the self-check's
loaded definition; the rest are the workspace's own.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from ..i18n import pick_language
from ..leads.choices import need_label
from ..library import library
from ..models import LeadStatus
from ..selfcheck.loading import selfcheck_definition
from .blueprint import bp

STATUS_LABELS = {
    LeadStatus.NEW: _l("New"),
    LeadStatus.CONTACTED: _l("Contacted"),
    LeadStatus.QUALIFIED: _l("Qualified"),
    LeadStatus.WON: _l("Won"),
    LeadStatus.LOST: _l("Lost"),
    LeadStatus.SPAM: _l("Spam"),
}
# The consultation form's fixed source pages (leads.choices.FIXED_SOURCES); others are articles.
SOURCE_LABELS = {
    "self-check": _l("Self-check result page"),
    "consult": _l("Consultation page"),
    "home": _l("Home page"),
    "aging": _l("Receivables health check"),
}
# Notification outbox states (creditdesk.notify.outbox).
DELIVERY_LABELS = {
    "pending": _l("Waiting to send"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}
ACTION_LABELS = {
    "status": _l("Status changed"),
    "assign": _l("Assigned"),
    "note": _l("Note added"),
    "reveal_phone": _l("Full phone shown"),
    "spam": _l("Marked as spam"),
    "not_spam": _l("Marked as not spam"),
    "erase": _l("Personal data erased"),
    "purge": _l("Erased by retention"),
    "export": _l("Leads exported"),
    "staff_create": _l("Staff account created"),
    "staff_disable": _l("Staff account disabled"),
    "next_step": _l("Next step planned"),
    "next_step_moved": _l("Next step moved"),
    "next_step_done": _l("Next step done"),
    "contact": _l("Contact attempt"),
    "calendar_token": _l("Calendar link renewed"),
}
# Next steps and contact attempts (creditdesk.admin.followup).
STEP_ACTIONS = {
    "call": _l("Call"),
    "email": _l("Send an e-mail"),
    "visit": _l("Visit"),
    "proposal": _l("Send proposal"),
    "other": _l("Other"),
}
CONTACT_OUTCOMES = {
    "reached": _l("Reached"),
    "no_answer": _l("No answer"),
    "wrong_number": _l("Wrong number"),
    "call_back": _l("Asked to call back"),
}


def request_locale() -> str:
    """Return the request's locale, looked up once (a table page asks hundreds of times)."""
    if not has_request_context():
        return str(get_locale())
    if "admin_locale" not in g:
        g.admin_locale = str(get_locale())
    return g.admin_locale


def cached_gettext(msgid: str, **variables) -> str:
    """Translate like gettext, remembering the translation per locale."""
    key = (request_locale(), msgid)
    text = _TRANSLATED.get(key)
    if text is None:
        text = _TRANSLATED[key] = gettext(msgid)
    return text % variables if variables else text


def cached_label(table: dict, code: str | None) -> str:
    if code not in table:
        return code or ""
    key = (request_locale(), id(table), code)
    text = _TRANSLATED.get(key)
    if text is None:
        text = _TRANSLATED[key] = str(table[code])
    return text


_TRANSLATED: dict = {}  # message catalogs do not change while the app runs


def status_label(code: str | None) -> str:
    return cached_label(STATUS_LABELS, code)


def band_codes() -> tuple[str, ...]:
    """Return the self-check's band codes, best first, as its definition names them."""
    return tuple(b.code for b in selfcheck_definition().bands)


def band_label(code: str | None) -> str:
    """Name a band as the self-check's definition does: "B · 较低风险" (code as stored if
    the definition has no such band)."""
    if not code:
        return ""
    # Remembered per app context: each app has its own loaded definition.
    known = g.setdefault("admin_band_labels", {})
    if code not in known:
        try:
            label = selfcheck_definition().band(code).label
        except KeyError:
            return code
        known[code] = f"{code} · {pick_language(label.to_dict())}"
    return known[code]


def delivery_label(code: str | None) -> str:
    return cached_label(DELIVERY_LABELS, code)


def action_label(code: str | None) -> str:
    return cached_label(ACTION_LABELS, code)


def step_label(code: str | None) -> str:
    return cached_label(STEP_ACTIONS, code)


def outcome_label(code: str | None) -> str:
    return cached_label(CONTACT_OUTCOMES, code)


def source_label(code: str | None) -> str:
    """Name a lead's source page: a fixed page, an article's title, else the stored slug."""
    if not code:
        return ""
    if code in SOURCE_LABELS:
        return cached_label(SOURCE_LABELS, code)
    return article_titles().get(code, code)


def article_titles() -> dict[str, str]:
    """Return {slug: title} of the library's articles, built once per app context."""
    if "admin_article_titles" not in g:
        g.admin_article_titles = {a.slug: a.title for a in library().all_articles}
    return g.admin_article_titles


def local_time(value: datetime | None) -> str:
    """Format a UTC timestamp in the business's time zone (what sales staff read)."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime("%Y-%m-%d %H:%M")


@bp.context_processor
def admin_helpers() -> dict:
    """The label helpers the admin templates call."""
    return {"local_time": local_time, "need_label": need_label, "status_label": status_label,
            "band_label": band_label, "action_label": action_label, "source_label": source_label,
            "delivery_label": delivery_label, "step_label": step_label,
            "outcome_label": outcome_label}

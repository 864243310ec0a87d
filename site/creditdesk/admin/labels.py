"""Display names for stored codes (status, need, band, source, action) in the UI language."""

from flask import g, has_request_context
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from ..leads.choices import NEEDS
from ..library import library
from ..models import LeadStatus

STATUS_LABELS = {
    LeadStatus.NEW: _l("New"),
    LeadStatus.CONTACTED: _l("Contacted"),
    LeadStatus.QUALIFIED: _l("Qualified"),
    LeadStatus.WON: _l("Won"),
    LeadStatus.LOST: _l("Lost"),
    LeadStatus.SPAM: _l("Spam"),
}
# The consultation form's `need` values and labels; an unknown code is shown as stored.
NEED_LABELS = dict(NEEDS)
BAND_LABELS = {
    "A": _l("A · low risk"),
    "B": _l("B · moderate risk"),
    "C": _l("C · medium risk"),
    "D": _l("D · high risk"),
    "E": _l("E · very high risk"),
}
# The consultation form's fixed source pages (leads.store.FIXED_SOURCES); others are articles.
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


def need_label(code: str | None) -> str:
    return cached_label(NEED_LABELS, code)


def band_label(code: str | None) -> str:
    return cached_label(BAND_LABELS, code)


def delivery_label(code: str | None) -> str:
    return cached_label(DELIVERY_LABELS, code)


def action_label(code: str | None) -> str:
    return cached_label(ACTION_LABELS, code)


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

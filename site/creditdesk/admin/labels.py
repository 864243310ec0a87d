"""Display names for stored codes (status, need, band, audit action), in the UI language."""

from flask_babel import lazy_gettext as _l

from ..leads.choices import NEEDS
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


def status_label(code: str | None) -> str:
    return str(STATUS_LABELS.get(code, code or ""))


def need_label(code: str | None) -> str:
    return str(NEED_LABELS.get(code, code or ""))


def band_label(code: str | None) -> str:
    return str(BAND_LABELS.get(code, code or ""))


def action_label(code: str | None) -> str:
    return str(ACTION_LABELS.get(code, code or ""))

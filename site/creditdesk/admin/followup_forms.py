"""The lead page's follow-up forms (next step, done, contact attempt), filled or empty."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from ..models import Lead
from .forms import ContactForm, NextStepForm, StepDoneForm
from .labels import CONTACT_OUTCOMES, STEP_ACTIONS

DUE_FORMAT = "%Y-%m-%dT%H:%M"


def next_step_form(lead: Lead, posted: bool = False) -> NextStepForm:
    if posted:
        form = NextStepForm()
    else:
        due = lead.next_due_at
        form = NextStepForm(formdata=None, action=lead.next_action or "call",
                            due=_local_input(due) if due else "", note=lead.next_note or "")
    form.action.choices = [(k, str(v)) for k, v in STEP_ACTIONS.items()]
    return form


def contact_form(posted: bool = False) -> ContactForm:
    form = ContactForm() if posted else ContactForm(formdata=None)
    form.outcome.choices = [(k, str(v)) for k, v in CONTACT_OUTCOMES.items()]
    return form


def followup_forms(lead: Lead) -> dict:
    """The lead page's follow-up forms, empty (render_lead's defaults)."""
    return {"next_step_form": next_step_form(lead), "done_form": StepDoneForm(formdata=None),
            "contact_form": contact_form()}


def _local_input(value: datetime) -> str:
    return value.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime(DUE_FORMAT)


def parse_due(text: str) -> datetime | None:
    """Read YYYY-MM-DDTHH:MM (a datetime-local input) in the site's time zone, as UTC;
    None when it is not one, or names a time UTC cannot hold (0001-01-01T00:00 east of
    Greenwich)."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    try:
        return datetime.strptime(text.strip(), DUE_FORMAT).replace(tzinfo=zone).astimezone(
            ZoneInfo("UTC"))
    except (ValueError, OverflowError):
        return None

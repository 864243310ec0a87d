"""Follow-up on one lead: plan, move and complete its next step; log a contact attempt.

Every change is written to the lead's timeline and the audit log in the same
transaction. Refused input (an unknown action, a due time long past, a closed or erased
lead, someone else's lead where assignment is restricted) shows the lead page again
with the reason next to the form; nothing stored changes.
"""

from datetime import datetime, timedelta

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Lead, LeadNote, LeadStatus, now_utc
from ..models.leads import CLOSED_STATUSES
from ..shared import clean_note
from .audit import record
from .blueprint import bp
from .followup_forms import contact_form, next_step_form, parse_due
from .forms import StepDoneForm
from .labels import CONTACT_OUTCOMES, local_time, status_label
from .lead import _for_write, change_status, render_lead

PAST_GRACE = timedelta(days=1)  # a step noted late the same day is fine; older is a typo


# Refusals -------------------------------------------------------------------------------

def refusal(lead: Lead) -> tuple[int, str] | None:
    """Return (HTTP status, message) when no follow-up may be logged on this lead."""
    if lead.erased_at is not None:
        return 409, _("This request's personal data was erased: nothing more can be planned.")
    if lead.status in CLOSED_STATUSES:
        return 409, _("This request is closed (%(status)s): reopen it before planning more.",
                      status=status_label(lead.status))
    if (current_app.config["LEADS_RESTRICT_TO_ASSIGNEE"] and current_user.role != "admin"
            and lead.assignee_id != current_user.id):
        return 403, _("This request is assigned to someone else: only they can work on it.")
    return None


def _refused(lead: Lead, status: int, message: str, **forms):
    db.session.rollback()
    return render_lead(lead, status, followup_error=message, **forms)


def _back(lead: Lead, form) -> str:
    """Return where to go after an action: a workspace page the form named, else the lead."""
    target = (form.next.data or "").strip()
    if target.startswith("/admin/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("admin.lead", lead_id=lead.id) + "#next-step"


# Views ----------------------------------------------------------------------------------

@bp.route("/leads/<int:lead_id>/next-step", methods=["POST"])
def lead_next_step(lead_id: int):
    """Plan the next step, or move the planned one."""
    lead = _for_write(lead_id)
    form = next_step_form(lead, posted=True)
    if (refused := refusal(lead)) is not None:
        return _refused(lead, *refused, next_step_form=form)
    valid = form.validate_on_submit()
    due = parse_due(form.due.data or "") if form.due.data else None
    if form.due.data and due is None:
        form.due.errors = [*form.due.errors, _("Enter the due time as YYYY-MM-DDTHH:MM.")]
        valid = False
    elif due is not None and due < now_utc() - PAST_GRACE:
        form.due.errors = [*form.due.errors,
                           _("The due time is more than a day in the past.")]
        valid = False
    if not valid:
        return _refused(lead, 400, "", next_step_form=form)
    note = clean_note(form.note.data or "") or None
    set_next_step(lead, form.action.data, due, note)
    db.session.commit()
    flash(_("Next step saved."), "ok")
    return redirect(_back(lead, form))


@bp.route("/leads/<int:lead_id>/next-step/done", methods=["POST"])
def lead_next_step_done(lead_id: int):
    """Complete the next step with what came of it."""
    lead = _for_write(lead_id)
    form = StepDoneForm()
    if (refused := refusal(lead)) is not None:
        return _refused(lead, *refused, done_form=form)
    if lead.next_action is None:
        return _refused(lead, 409, _("There is no next step to complete."), done_form=form)
    outcome = clean_note(form.outcome.data or "") if form.validate_on_submit() else ""
    if not outcome:
        if not form.outcome.errors:
            form.outcome.errors = [_("Write what came of it.")]
        return _refused(lead, 400, "", done_form=form)
    complete_next_step(lead, outcome)
    db.session.commit()
    flash(_("Next step done. Plan the next one."), "ok")
    return redirect(_back(lead, form))


@bp.route("/leads/<int:lead_id>/contact", methods=["POST"])
def lead_contact(lead_id: int):
    """Log a contact attempt and its outcome in one tap."""
    lead = _for_write(lead_id)
    form = contact_form(posted=True)
    if (refused := refusal(lead)) is not None:
        return _refused(lead, *refused, contact_form=form)
    if not form.validate_on_submit():
        return _refused(lead, 400, "", contact_form=form)
    outcome = form.outcome.data
    log_contact(lead, outcome)
    db.session.commit()
    if outcome == "wrong_number":
        flash(_("Wrong number logged. If the request cannot be reached, mark it as spam or "
                "lost."), "warn")
        return redirect(url_for("admin.lead", lead_id=lead.id, suggest="close") + "#next-step")
    if outcome == "call_back":
        flash(_("Logged. When did they ask to be called back? Set the next step."), "ok")
        return redirect(url_for("admin.lead", lead_id=lead.id) + "#next-step")
    flash(_("Contact attempt logged: %(outcome)s.", outcome=CONTACT_OUTCOMES[outcome]), "ok")
    return redirect(_back(lead, form))


# Actions --------------------------------------------------------------------------------

def set_next_step(lead: Lead, action: str, due: datetime, note: str | None) -> None:
    """Plan (or move) the lead's next step, and audit it."""
    detail = {"action": action, "due": due.isoformat(), "due_local": local_time(due)}
    if lead.next_action is not None and lead.next_due_at is not None:
        detail |= {"from": lead.next_due_at.isoformat(),
                   "from_local": local_time(lead.next_due_at)}
        record("next_step_moved", lead, detail)
    else:
        record("next_step", lead, detail)
    lead.next_action, lead.next_due_at, lead.next_note = action, due, note


def complete_next_step(lead: Lead, outcome: str) -> None:
    """Mark the next step done; its outcome is kept as a note (erased with the lead)."""
    note = LeadNote(lead_id=lead.id, author_id=current_user.id, body=outcome)
    db.session.add(note)
    db.session.flush()
    record("next_step_done", lead, {
        "action": lead.next_action, "due_local": local_time(lead.next_due_at),
        "note_id": note.id,
    })
    lead.next_action = lead.next_due_at = lead.next_note = None


def log_contact(lead: Lead, outcome: str) -> None:
    """Record a contact attempt; it stops the first-response clock, and reaching a new
    request moves it to contacted."""
    record("contact", lead, {"outcome": outcome})
    mark_first_response(lead)
    if outcome == "reached" and lead.status == LeadStatus.NEW:
        change_status(lead, LeadStatus.CONTACTED)


def mark_first_response(lead: Lead) -> None:
    if lead.first_response_at is None:
        lead.first_response_at = now_utc()


def suggest_close() -> bool:
    return request.args.get("suggest") == "close"

"""One lead: every field and its origin, the self-check, the prospect's timeline, actions."""


from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..leads.phone import mask_phone
from ..models import Lead, LeadStatus, StaffUser
from . import actions
from .access import role_required
from .audit import record
from .forms import ActionForm, AssignForm, EraseForm, NoteForm, StatusForm
from .labels import STATUS_LABELS
from .priority import lead_priority
from .timeline import build_timeline, related_leads
from .views import bp


@bp.route("/leads/<int:lead_id>")
def lead(lead_id: int):
    """Show one lead."""
    return render_lead(db.get_or_404(Lead, lead_id))


def render_lead(lead: Lead, status: int = 200, revealed: bool = False, **forms):
    """Render the lead page, with any forms that failed validation passed in."""
    forms.setdefault("status_form", status_form(lead))
    forms.setdefault("assign_form", assign_form(lead, active_staff()))
    forms.setdefault("note_form", NoteForm(formdata=None))
    forms.setdefault("erase_form", EraseForm(formdata=None))
    leads = related_leads(lead)
    body = render_template(
        "admin/lead.html", lead=lead, result=lead.assessment_result, revealed=revealed,
        masked_phone=mask_phone(lead.phone_e164), priority=lead_priority(lead),
        timeline=build_timeline(leads), related=leads,
        **forms,
    )
    return body, status


def active_staff() -> list[StaffUser]:
    """Return the staff a lead can be assigned to, by e-mail."""
    query = db.select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.email)
    return db.session.execute(query).scalars().all()


def status_form(lead: Lead, posted: bool = False) -> StatusForm:
    form = StatusForm() if posted else StatusForm(formdata=None, status=lead.status)
    form.status.choices = [(s.value, STATUS_LABELS[s]) for s in LeadStatus]
    return form


def assign_form(lead: Lead, staff, posted: bool = False) -> AssignForm:
    current = str(lead.assignee_id or "")
    form = AssignForm() if posted else AssignForm(formdata=None, assignee=current)
    form.assignee.choices = [("", _("Nobody"))] + [(str(u.id), u.email) for u in staff]
    return form


def _for_write(lead_id: int) -> Lead:
    begin_write()
    return db.get_or_404(Lead, lead_id)


def _for_action(lead_id: int) -> Lead:
    """Lock the lead for a one-button action, whose form carries only the CSRF token."""
    lead = _for_write(lead_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return lead


def _done(lead: Lead, message: str):
    db.session.commit()
    flash(message, "ok")
    return redirect(url_for("admin.lead", lead_id=lead.id))


@bp.route("/leads/<int:lead_id>/status", methods=["POST"])
def lead_status(lead_id: int):
    """Move the lead along the pipeline."""
    lead = _for_write(lead_id)
    form = status_form(lead, posted=True)
    if not form.validate_on_submit():
        db.session.rollback()
        return render_lead(lead, 400, status_form=form)
    actions.change_status(lead, form.status.data)
    return _done(lead, _("Status saved."))


@bp.route("/leads/<int:lead_id>/assign", methods=["POST"])
def lead_assign(lead_id: int):
    """Give the lead to a staff member, or to nobody."""
    lead = _for_write(lead_id)
    staff = active_staff()
    form = assign_form(lead, staff, posted=True)
    if not form.validate_on_submit():
        db.session.rollback()
        return render_lead(lead, 400, assign_form=form)
    user = next((u for u in staff if str(u.id) == form.assignee.data), None)
    actions.assign(lead, user)
    return _done(lead, _("Assignment saved."))


@bp.route("/leads/<int:lead_id>/notes", methods=["POST"])
def lead_note(lead_id: int):
    """Add a note to the lead."""
    lead = _for_write(lead_id)
    form = NoteForm()
    body = actions.clean_note(form.body.data or "") if form.validate_on_submit() else ""
    if not body:
        if not form.body.errors:
            form.body.errors = [_("Write the note first.")]
        db.session.rollback()
        return render_lead(lead, 400, note_form=form)
    actions.add_note(lead, current_user, body)
    return _done(lead, _("Note added."))


@bp.route("/leads/<int:lead_id>/reveal", methods=["POST"])
def lead_reveal(lead_id: int):
    """Show the full phone number once, and record who saw it."""
    lead = _for_action(lead_id)
    if lead.phone_e164:
        record("reveal_phone", lead)
    db.session.commit()
    return render_lead(lead, revealed=True)


@bp.route("/leads/<int:lead_id>/spam", methods=["POST"])
def lead_spam(lead_id: int):
    """Mark the lead as spam."""
    lead = _for_action(lead_id)
    if lead.status != LeadStatus.SPAM:
        actions.mark_spam(lead)
    return _done(lead, _("Marked as spam."))


@bp.route("/leads/<int:lead_id>/not-spam", methods=["POST"])
def lead_not_spam(lead_id: int):
    """Put a lead wrongly taken for spam back among the new ones."""
    lead = _for_action(lead_id)
    if lead.status == LeadStatus.SPAM:
        actions.mark_not_spam(lead)
    return _done(lead, _("Marked as not spam: the lead is new again."))


@bp.route("/leads/<int:lead_id>/erase", methods=["POST"])
@role_required("admin")
def lead_erase(lead_id: int):
    """Erase the lead's personal data on the person's request (admins only)."""
    lead = _for_write(lead_id)
    form = EraseForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return render_lead(lead, 400, erase_form=form)
    if lead.erased_at is None:
        actions.erase(lead)
    return _done(lead, _("Personal data erased. The request's shell is kept for counts."))

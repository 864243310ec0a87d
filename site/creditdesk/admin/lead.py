"""One lead: every field and its origin, the self-check, the prospect's timeline, actions.

Its parts: the page and its forms' views; what staff do to a lead (each change written
to the audit log in the same transaction); the prospect's timeline.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..followup.assign import notify_assignee
from ..followup.clock import waiting
from ..leads.choices import need_label
from ..models import AuditEvent, Lead, LeadNote, LeadStatus, Prospect, StaffUser, now_utc
from ..models.leads import CLOSED_STATUSES
from ..notify import deliver_after_response
from ..notify.outbox import forget_lead
from ..shared import clean_note, mask_phone
from .access import role_required
from .audit import record
from .blueprint import bp
from .followup_forms import followup_forms
from .forms import ActionForm, AssignForm, EraseForm, NoteForm, StatusForm
from .labels import STATUS_LABELS
from .priority import lead_priority


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
    for name, form in followup_forms(lead).items():
        forms.setdefault(name, form)
    forms.setdefault("followup_error", "")
    leads = related_leads(lead)
    body = render_template(
        "admin/lead.html", lead=lead, result=lead.assessment_result, revealed=revealed,
        masked_phone=mask_phone(lead.phone_e164), priority=lead_priority(lead),
        timeline=build_timeline(leads), related=leads,
        waiting=waiting(lead.created_at, lead.status, lead.first_response_at,
                        lead.erased_at is not None),
        overdue=lead.next_due_at is not None and lead.next_due_at < now_utc(),
        suggest_close=request.args.get("suggest") == "close" and lead.status not in
        CLOSED_STATUSES,
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
    change_status(lead, form.status.data)
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
    assign(lead, user)
    response = _done(lead, _("Assignment saved."))
    deliver_after_response()  # the new assignee's notice, right after this response
    return response


@bp.route("/leads/<int:lead_id>/notes", methods=["POST"])
def lead_note(lead_id: int):
    """Add a note to the lead."""
    lead = _for_write(lead_id)
    form = NoteForm()
    body = clean_note(form.body.data or "") if form.validate_on_submit() else ""
    if not body:
        if not form.body.errors:
            form.body.errors = [_("Write the note first.")]
        db.session.rollback()
        return render_lead(lead, 400, note_form=form)
    add_note(lead, current_user, body)
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
        mark_spam(lead)
    return _done(lead, _("Marked as spam."))


@bp.route("/leads/<int:lead_id>/not-spam", methods=["POST"])
def lead_not_spam(lead_id: int):
    """Put a lead wrongly taken for spam back among the new ones."""
    lead = _for_action(lead_id)
    if lead.status == LeadStatus.SPAM:
        mark_not_spam(lead)
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
        erase(lead)
    return _done(lead, _("Personal data erased. The request's shell is kept for counts."))


# Actions --------------------------------------------------------------------------------

SPAM_BY_STAFF = "staff"
# Personal data removed by an erasure; the rest (need, status, dates, source) stays for counts.
PERSONAL_FIELDS = ("name", "phone_e164", "phone_raw", "email", "company", "detail", "ip_hash",
                   "user_agent", "referrer", "search_text", "next_note")
ERASED_NOTE = ""


def change_status(lead: Lead, status: str) -> bool:
    """Set the status; return False when it was already that."""
    if lead.status == status:
        return False
    record("status", lead, {"from": lead.status, "to": status})
    if lead.status == LeadStatus.NEW and lead.first_response_at is None:
        lead.first_response_at = now_utc()  # stops the first-response clock
    lead.status = status
    if status != LeadStatus.SPAM:
        lead.spam_reason = None
    return True


def mark_spam(lead: Lead) -> None:
    record("spam", lead, {"from": lead.status})
    if lead.status == LeadStatus.NEW and lead.first_response_at is None:
        lead.first_response_at = now_utc()
    lead.status = LeadStatus.SPAM
    lead.spam_reason = SPAM_BY_STAFF


def mark_not_spam(lead: Lead) -> None:
    record("not_spam", lead, {"reason": lead.spam_reason})
    lead.status = LeadStatus.NEW
    lead.spam_reason = None


def assign(lead: Lead, user: StaffUser | None) -> bool:
    """Give the lead to `user` (None: nobody); return False when nothing changed."""
    new_id = user.id if user else None
    if lead.assignee_id == new_id:
        return False
    old = db.session.get(StaffUser, lead.assignee_id) if lead.assignee_id else None
    record("assign", lead, {"from": old.email if old else None,
                            "to": user.email if user else None})
    lead.assignee_id = new_id
    if user is not None and not (current_user.is_authenticated and current_user.id == user.id):
        # Through the outbox, in this transaction.
        notify_assignee(lead, user, need_label(lead.need, sales_team=True))
    return True


def add_note(lead: Lead, author: StaffUser, body: str) -> LeadNote:
    note = LeadNote(lead_id=lead.id, author_id=author.id, body=body)
    db.session.add(note)
    record("note", lead, {"length": len(body)})
    return note


def erase(lead: Lead, actor: StaffUser | None = None) -> None:
    """Erase one lead's personal data on the person's request, and audit it."""
    erase_personal_data([lead.id], [lead.prospect_id])
    record("erase", lead, {}, actor=actor)


def erase_personal_data(lead_ids: list[int], prospect_ids) -> None:
    """Remove these leads' personal data and their notes' text, keeping the shells for counts.

    The one erasure: a person's request (`erase`) and the retention purge both use it.
    """
    now = now_utc()
    db.session.execute(
        sa.update(Lead).where(Lead.id.in_(lead_ids))
        .values({**dict.fromkeys(PERSONAL_FIELDS), "erased_at": now, "updated_at": now})
    )
    db.session.execute(
        sa.update(LeadNote).where(LeadNote.lead_id.in_(lead_ids)).values(body=ERASED_NOTE)
    )
    # Notifications carry copies of the name, phone, e-mail and request: blank them too.
    for lead_id in lead_ids:
        forget_lead(lead_id)
    forget_prospect_phone(prospect_ids)


def forget_prospect_phone(prospect_ids) -> None:
    """Drop a prospect's phone once none of its requests keeps personal data."""
    ids = [i for i in set(prospect_ids) if i is not None]
    if not ids:
        return
    db.session.flush()
    still_live = sa.select(Lead.prospect_id).where(
        Lead.prospect_id.in_(ids), Lead.erased_at.is_(None)
    )
    db.session.execute(
        sa.update(Prospect).where(Prospect.id.in_(ids), Prospect.id.not_in(still_live))
        .values(phone_e164=None)
    )


# Timeline -------------------------------------------------------------------------------

TIMELINE_ACTIONS = ("status", "assign", "spam", "not_spam", "erase", "purge", "next_step",
                    "next_step_moved", "next_step_done", "contact")
MAX_LEADS = 200


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # request | note | an audit action
    lead: Lead
    actor: str = ""
    body: str = ""
    detail: dict = field(default_factory=dict)


def related_leads(lead: Lead) -> list[Lead]:
    """Return the requests of the same prospect (or, without one, the same phone)."""
    if lead.prospect_id is not None:
        match = Lead.prospect_id == lead.prospect_id
    elif lead.phone_e164:
        match = Lead.phone_e164 == lead.phone_e164
    else:
        return [lead]
    query = sa.select(Lead).where(sa.or_(match, Lead.id == lead.id))
    query = query.order_by(Lead.created_at.desc()).limit(MAX_LEADS)
    return list(db.session.execute(query).scalars())


def build_timeline(leads: list[Lead]) -> list[Entry]:
    """Merge requests, notes and pipeline events of these leads, newest first."""
    by_id = {lead.id: lead for lead in leads}
    entries = [Entry(lead.created_at, "request", lead) for lead in leads]
    notes = db.session.execute(
        sa.select(LeadNote).where(LeadNote.lead_id.in_(by_id)).options(
            sa.orm.joinedload(LeadNote.author))
    ).scalars()
    entries += [Entry(n.created_at, "note", by_id[n.lead_id], _email(n.author), n.body)
                for n in notes]
    events = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.lead_id.in_(by_id),
                                    AuditEvent.action.in_(TIMELINE_ACTIONS))
        .options(sa.orm.joinedload(AuditEvent.actor))
    ).scalars()
    entries += [Entry(e.at, e.action, by_id[e.lead_id], _email(e.actor), detail=e.detail or {})
                for e in events]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _email(user) -> str:
    return user.email if user is not None else ""

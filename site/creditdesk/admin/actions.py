"""What staff do to a lead; each change is written to the audit log in the same transaction."""

import unicodedata

import sqlalchemy as sa

from ..extensions import db
from ..models import Lead, LeadNote, LeadStatus, Prospect, StaffUser, now_utc
from ..notify.outbox import forget_lead
from ..selfcheck.aging_store import forget_erased_leads
from .audit import record

SPAM_BY_STAFF = "staff"
# Personal data removed by an erasure; the rest (need, status, dates, source) stays for counts.
PERSONAL_FIELDS = ("name", "phone_e164", "phone_raw", "email", "company", "detail", "ip_hash",
                   "user_agent", "referrer", "search_text")
ERASED_NOTE = ""


def change_status(lead: Lead, status: str) -> bool:
    """Set the status; return False when it was already that."""
    if lead.status == status:
        return False
    record("status", lead, {"from": lead.status, "to": status})
    lead.status = status
    if status != LeadStatus.SPAM:
        lead.spam_reason = None
    return True


def mark_spam(lead: Lead) -> None:
    record("spam", lead, {"from": lead.status})
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
    return True


def clean_note(text: str) -> str:
    """Normalise a note (NFC, trimmed); control characters other than newlines are dropped."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def add_note(lead: Lead, author: StaffUser, body: str) -> LeadNote:
    note = LeadNote(lead_id=lead.id, author_id=author.id, body=body)
    db.session.add(note)
    record("note", lead, {"length": len(body)})
    return note


def erase(lead: Lead, action: str = "erase", actor: StaffUser | None = None) -> None:
    """Remove the lead's personal data and its notes' text, keeping the shell for counts."""
    for name in PERSONAL_FIELDS:
        setattr(lead, name, None)
    lead.erased_at = now_utc()
    db.session.execute(
        sa.update(LeadNote).where(LeadNote.lead_id == lead.id).values(body=ERASED_NOTE)
    )
    # Notifications carry copies of the name, phone, e-mail and request: blank them too.
    forget_lead(lead.id)
    forget_prospect_phone([lead.prospect_id])
    forget_erased_leads([lead.id])  # the receivables health check sent with it
    record(action, lead, {}, actor=actor)


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

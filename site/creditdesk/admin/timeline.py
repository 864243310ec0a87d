"""One timeline per prospect: every request from the same phone, notes, status changes."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import AuditEvent, Lead, LeadNote

TIMELINE_ACTIONS = ("status", "assign", "spam", "not_spam", "erase", "purge")
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

"""Erasing personal data of closed leads once the retention period has passed."""

from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import AuditEvent, Lead, LeadNote, now_utc
from ..models.leads import CLOSED_STATUSES
from ..notify.outbox import forget_lead
from ..selfcheck.aging_store import forget_erased_leads
from .actions import ERASED_NOTE, PERSONAL_FIELDS, forget_prospect_phone

BATCH = 500


def purge_candidates(days: int) -> sa.Select:
    """Select closed, not yet erased leads untouched for more than `days` days."""
    cutoff = now_utc() - timedelta(days=days)
    return sa.select(Lead.id, Lead.prospect_id).where(
        Lead.status.in_([s.value for s in CLOSED_STATUSES]),
        Lead.erased_at.is_(None),
        Lead.updated_at < cutoff,
    )


def count_candidates(days: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(purge_candidates(days)
                                                                    .subquery()))


def purge(days: int) -> int:
    """Erase the candidates in batches, one audit event per lead; return how many."""
    rows = db.session.execute(purge_candidates(days)).all()
    now = now_utc()
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        ids = [r.id for r in batch]
        db.session.execute(
            sa.update(Lead).where(Lead.id.in_(ids))
            .values({**dict.fromkeys(PERSONAL_FIELDS), "erased_at": now, "updated_at": now})
        )
        db.session.execute(sa.update(LeadNote).where(LeadNote.lead_id.in_(ids))
                           .values(body=ERASED_NOTE))
        db.session.execute(sa.insert(AuditEvent), [
            {"at": now, "action": "purge", "lead_id": i, "detail": {"days": days}} for i in ids
        ])
        for lead_id in ids:  # the outbox's copies of the personal data go too
            forget_lead(lead_id)
        forget_prospect_phone([r.prospect_id for r in batch])
        forget_erased_leads(ids)
    return len(rows)

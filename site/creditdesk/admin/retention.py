"""Erasing personal data of closed leads once the retention period has passed."""

from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import AuditEvent, Lead, now_utc
from ..models.leads import CLOSED_STATUSES
from .lead import erase_personal_data

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
        erase_personal_data(ids, [r.prospect_id for r in batch])
        db.session.execute(sa.insert(AuditEvent), [
            {"at": now, "action": "purge", "lead_id": i, "detail": {"days": days}} for i in ids
        ])
    return len(rows)

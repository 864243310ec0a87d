"""Who has what due: one salesperson's open requests by due time, counts and the digest's lists."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Lead
from ..models.base import now_utc
from ..models.leads import CLOSED_STATUSES

CLOSED = [s.value for s in CLOSED_STATUSES]


def open_lead():
    """The WHERE clause of a request someone still works on: not closed, not erased."""
    return sa.and_(Lead.status.not_in(CLOSED), Lead.erased_at.is_(None))


def end_of_today(now: datetime) -> datetime:
    """Return the next local midnight after `now` (in the site's time zone)."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=zone)


GROUP_LIMIT = 100  # cards per group; the rest are counted and found in the inbox


@dataclass
class Queue:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    later: list = field(default_factory=list)
    none: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # each group's full size

    @property
    def groups(self):
        return (("overdue", self.overdue), ("today", self.today), ("later", self.later),
                ("none", self.none))

    def __len__(self) -> int:
        return sum(self.counts.values())


def my_queue(user_id: int, now: datetime | None = None, limit: int | None = None) -> Queue:
    """Return the user's open requests: overdue, due today, later (each by due time), then
    those without a next step (oldest request first); at most `limit` of each."""
    now, limit = now or now_utc(), limit or GROUP_LIMIT
    midnight = end_of_today(now)
    mine = (Lead.assignee_id == user_id, open_lead())
    due = Lead.next_due_at
    where = {
        "overdue": due < now,
        "today": sa.and_(due >= now, due < midnight),
        "later": due >= midnight,
        "none": due.is_(None),
    }
    counts = db.session.execute(
        sa.select(*(sa.func.count().filter(clause) for clause in where.values())).where(*mine)
    ).one()
    queue = Queue(counts=dict(zip(where, map(int, counts), strict=True)))
    for key, clause in where.items():
        if not queue.counts[key]:
            continue
        order = (Lead.created_at, Lead.id) if key == "none" else (due, Lead.id)
        rows = db.session.execute(
            sa.select(Lead).where(*mine, clause).order_by(*order).limit(limit)
        ).scalars()
        getattr(queue, key).extend(rows)
    return queue


def due_counts(user_id: int, now: datetime | None = None) -> tuple[int, int]:
    """Return (overdue, due later today) of the user's open requests: two index lookups."""
    now = now or now_utc()
    row = db.session.execute(
        sa.select(
            sa.func.count().filter(Lead.next_due_at < now),
            sa.func.count().filter(Lead.next_due_at >= now),
        ).where(Lead.assignee_id == user_id, Lead.next_due_at < end_of_today(now), open_lead())
    ).one()
    return int(row[0]), int(row[1])


def due_by_user(now: datetime | None = None) -> dict[int, tuple[list, list]]:
    """Return {user id: (overdue, due today)} of every assigned open request due by midnight."""
    now = now or now_utc()
    leads = db.session.execute(
        sa.select(Lead).where(Lead.assignee_id.is_not(None), Lead.next_due_at.is_not(None),
                              Lead.next_due_at < end_of_today(now), open_lead())
        .order_by(Lead.next_due_at, Lead.id)
    ).scalars()
    out: dict[int, tuple[list, list]] = {}
    for lead in leads:
        overdue, today = out.setdefault(lead.assignee_id, ([], []))
        (overdue if lead.next_due_at < now else today).append(lead)
    return out

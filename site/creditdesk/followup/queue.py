"""Who has what due: one salesperson's open requests by due time, counts and the digest's lists."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from ..counting import capped, count_upto
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
GROUP_CAP = 1000  # a group's count is exact below this, "1,000+" from it on (> GROUP_LIMIT)
BADGE_CAP = 100  # the header's counts are exact below this, "99+" from it on


@dataclass
class Queue:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    later: list = field(default_factory=list)
    none: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # each group's size, counted up to `cap`
    cap: int = GROUP_CAP

    @property
    def groups(self):
        return (("overdue", self.overdue), ("today", self.today), ("later", self.later),
                ("none", self.none))

    def __len__(self) -> int:
        return sum(self.counts.values())

    def label(self, key: str) -> str:
        """Return a group's count as shown: "1,000+" once it reached the cap."""
        return capped(self.counts[key], self.cap)

    @property
    def total_label(self) -> str:
        """Return the groups' sum as shown, with "+" when any group reached the cap."""
        plus = "+" if any(n >= self.cap for n in self.counts.values()) else ""
        return f"{len(self):,}{plus}"


def my_queue(user_id: int, now: datetime | None = None, limit: int | None = None) -> Queue:
    """Return the user's open requests: overdue, due today, later (each by due time), then
    those without a next step (oldest request first); at most `limit` of each."""
    now, limit = now or now_utc(), limit or GROUP_LIMIT
    midnight = end_of_today(now)
    due = Lead.next_due_at
    where = {
        "overdue": due < now,
        "today": sa.and_(due >= now, due < midnight),
        "later": due >= midnight,
        "none": due.is_(None),
    }
    queue = Queue(cap=GROUP_CAP)
    for key, clause in where.items():
        group = sa.select(Lead).where(Lead.assignee_id == user_id, open_lead(), clause)
        # By due time: a range scan of ix_lead_assignee_due that stops at the cap.
        queue.counts[key] = count_upto(group, queue.cap, order_by=[due])
        if not queue.counts[key]:
            continue
        order = (Lead.created_at, Lead.id) if key == "none" else (due, Lead.id)
        rows = db.session.execute(group.order_by(*order).limit(limit)).scalars()
        getattr(queue, key).extend(rows)
    return queue


def due_counts(user_id: int, now: datetime | None = None) -> tuple[int, int]:
    """Return (overdue, due later today) of the user's open requests, each counted up to
    BADGE_CAP: two range scans of ix_lead_assignee_due that stop there."""
    now = now or now_utc()
    due = Lead.next_due_at
    mine = sa.select(Lead.id).where(Lead.assignee_id == user_id, open_lead())
    overdue = mine.where(due < now)
    today = mine.where(due >= now, due < end_of_today(now))
    return (count_upto(overdue, BADGE_CAP, order_by=[due]),
            count_upto(today, BADGE_CAP, order_by=[due]))


def badge_label(n: int) -> str:
    """Return a header count as shown: exact below BADGE_CAP, "99+" from it on."""
    return f"{BADGE_CAP - 1}+" if n >= BADGE_CAP else str(n)


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

"""First-response numbers for the dashboard: per week and per salesperson.

A request's response time is counted in working hours from receipt to its first contact
attempt or status change. In time means within LEADS_FIRST_RESPONSE_HOURS; a request
still waiting past that counts as late already, one still within it is left out.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Lead, LeadStatus
from ..models.base import now_utc
from .clock import working_hours


@dataclass(frozen=True)
class ResponseRow:
    key: str  # the week's Monday (YYYY-MM-DD) or the assignee's id ("" = unassigned)
    received: int
    answered: int
    waiting: int
    median_hours: float | None
    in_time_share: float | None  # 0..1 of those answered or already late


def first_response_stats(weeks: int = 8, now: datetime | None = None):
    """Return (rows per week, newest first; rows per assignee id) over the last `weeks`."""
    now = now or now_utc()
    hours = working_hours()
    limit = float(current_app.config["LEADS_FIRST_RESPONSE_HOURS"])
    today = now.astimezone(hours.timezone).date()
    first_monday = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = datetime.combine(first_monday, datetime.min.time(), tzinfo=hours.timezone)
    rows = db.session.execute(
        sa.select(Lead.created_at, Lead.first_response_at, Lead.assignee_id)
        .where(Lead.created_at >= since, Lead.status != LeadStatus.SPAM)
    ).all()
    by_week: dict[str, list] = {}
    by_user: dict[str, list] = {}
    for created, answered_at, assignee in rows:
        local = created.astimezone(hours.timezone).date()
        week = (local - timedelta(days=local.weekday())).isoformat()
        taken = hours.hours_between(created, answered_at or now)
        sample = (taken, answered_at is not None)
        by_week.setdefault(week, []).append(sample)
        by_user.setdefault(str(assignee or ""), []).append(sample)
    weeks_rows = [_row(first_monday + timedelta(days=7 * i), by_week, limit)
                  for i in range(weeks)]
    user_rows = sorted((_summary(key, samples, limit) for key, samples in by_user.items()),
                       key=lambda r: (-r.received, r.key))
    return list(reversed(weeks_rows)), user_rows


def _row(monday, by_week, limit) -> ResponseRow:
    key = monday.isoformat()
    return _summary(key, by_week.get(key, []), limit)


def _summary(key: str, samples: list[tuple[float, bool]], limit: float) -> ResponseRow:
    answered = [h for h, done in samples if done]
    late_waiting = [h for h, done in samples if not done and h > limit]
    judged = len(answered) + len(late_waiting)
    in_time = sum(1 for h in answered if h <= limit)
    return ResponseRow(
        key=key, received=len(samples), answered=len(answered),
        waiting=len(samples) - len(answered),
        median_hours=statistics.median(answered) if answered else None,
        in_time_share=in_time / judged if judged else None,
    )

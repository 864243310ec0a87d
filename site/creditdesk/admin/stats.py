"""Numbers for the dashboard: leads per day, breakdowns, self-check conversion."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import AssessmentResult, Lead, now_utc
from ..templating import site_today

DAYS = 30


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int


def local_day_expr():
    """Return SQL for a lead's creation day in the business's time zone, as 'YYYY-MM-DD'."""
    zone = current_app.config["TIMEZONE"]
    if db.engine.dialect.name == "postgresql":
        return sa.func.to_char(sa.func.timezone(zone, Lead.created_at), "YYYY-MM-DD")
    offset = datetime.now(ZoneInfo(zone)).utcoffset() or timedelta(0)
    return sa.func.date(Lead.created_at, f"{int(offset.total_seconds())} seconds")


def leads_per_day() -> list[Bar]:
    """Count new leads on each of the last 30 local days (zeros included)."""
    today = site_today()
    first = today - timedelta(days=DAYS - 1)
    day = local_day_expr().label("day")
    since = now_utc() - timedelta(days=DAYS + 1)
    rows = db.session.execute(
        sa.select(day, sa.func.count()).where(Lead.created_at >= since).group_by(day)
    ).all()
    counts = {str(d): n for d, n in rows}
    days = [first + timedelta(days=i) for i in range(DAYS)]
    return [Bar(d.isoformat(), d.strftime("%m-%d"), counts.get(d.isoformat(), 0)) for d in days]


def count_by(column, label) -> list[Bar]:
    """Count leads grouped by `column` (None shown as '—'), largest first."""
    stmt = sa.select(column, sa.func.count()).select_from(Lead)
    if column.table is AssessmentResult.__table__:
        stmt = stmt.outerjoin(AssessmentResult, Lead.assessment_result_id == AssessmentResult.id)
    rows = db.session.execute(stmt.group_by(column)).all()
    bars = [Bar(str(k or ""), label(k) if k else "—", n) for k, n in rows]
    return sorted(bars, key=lambda b: (-b.value, b.key))


def selfcheck_conversion() -> dict[str, int]:
    """Return self-check completions and how many of them became a request (all time)."""
    completed = db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentResult))
    converted = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Lead.assessment_result_id)))
        .where(Lead.assessment_result_id.is_not(None))
    )
    return {"completed": completed or 0, "converted": converted or 0}


def delivery_summary():
    """Return the notification outbox's summary when that part provides one."""
    try:
        from ..notify.outbox import outbox_summary
    except ImportError:
        return None
    return outbox_summary()

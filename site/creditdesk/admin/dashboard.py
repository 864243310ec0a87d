"""/admin/: the dashboard, as server-rendered SVG charts with the numbers in tables.

Its numbers: leads per day, breakdowns, self-check conversion, notification delivery.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, render_template

from ..extensions import db
from ..followup.stats import first_response_stats
from ..models import AssessmentResult, Lead, StaffUser, now_utc
from ..notify.outbox import outbox_summary
from ..templating import site_today
from .blueprint import bp
from .labels import band_label, need_label, source_label, status_label

DAYS = 30


@bp.route("/")
def dashboard():
    """Show the pipeline at a glance."""
    per_day = leads_per_day()
    breakdowns = [
        ("status", count_by(Lead.status, status_label)),
        ("need", count_by(Lead.need, need_label)),
        ("band", count_by(AssessmentResult.band, band_label)),
        ("source", count_by(Lead.source_page, source_label)[:15]),
    ]
    weeks, salespeople = first_response_stats()
    return render_template(
        "admin/dashboard.html", response_weeks=weeks, response_people=salespeople,
        response_limit=current_app.config["LEADS_FIRST_RESPONSE_HOURS"],
        staff_emails=dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all()),
        per_day=per_day, per_day_max=max(b.value for b in per_day),
        per_day_total=sum(b.value for b in per_day), breakdowns=breakdowns,
        conversion=selfcheck_conversion(), delivery=outbox_summary(),
    )


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

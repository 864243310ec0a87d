"""/admin/: the dashboard, as server-rendered SVG charts with the numbers in tables."""

from flask import render_template

from ..models import AssessmentResult, Lead
from .labels import band_label, need_label, source_label, status_label
from .stats import count_by, delivery_summary, leads_per_day, selfcheck_conversion
from .views import bp


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
    return render_template(
        "admin/dashboard.html", per_day=per_day, per_day_max=max(b.value for b in per_day),
        per_day_total=sum(b.value for b in per_day), breakdowns=breakdowns,
        conversion=selfcheck_conversion(), delivery=delivery_summary(),
    )

"""The lead inbox: status tabs with counts, filters in the URL, sort, pagination."""

from flask import current_app, render_template, request
from flask_login import current_user

from ..extensions import db
from ..leads.store import FIXED_SOURCES
from ..library import library
from ..models import LeadStatus, StaffUser
from ..pagination import Page
from .columns import TABLE_COLUMNS
from .inbox_table import table_rows
from .labels import BAND_LABELS, NEED_LABELS, STATUS_LABELS, source_label
from .query import BANDS, parse_filters, rows_query, status_counts
from .views import bp


@bp.route("/leads")
def lead_list():
    """List the leads the filters select, newest first by default."""
    filters = parse_filters(request.args)
    counts = status_counts(filters, current_user.id)
    per_page = current_app.config["ADMIN_PAGE_SIZE"]
    total = counts[filters.status]
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    stmt = rows_query(filters, current_user.id).limit(per_page).offset((page - 1) * per_page)
    staff = staff_by_id()
    rows = table_rows(db.session.execute(stmt).all(), staff)
    return render_template(
        "admin/inbox.html", filters=filters, counts=counts, rows=rows, total=total,
        pager=Page(rows, page, pages, total), columns=TABLE_COLUMNS, staff=staff,
        choices=filter_choices(filters.source),
    ), 400 if filters.errors else 200


def staff_by_id() -> dict[int, StaffUser]:
    users = db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars()
    return {u.id: u for u in users}


def filter_choices(source: str = "") -> dict:
    """Return the options of the filter form's selects."""
    return {
        "statuses": [(s.value, STATUS_LABELS[s]) for s in LeadStatus],
        "needs": list(NEED_LABELS.items()),
        "bands": [(b, BAND_LABELS[b]) for b in BANDS],
        "sources": source_choices(source),
    }


def source_choices(selected: str = "") -> list[tuple[str, str]]:
    """Return (value, label) of the sources a lead can have: the fixed pages, then articles.

    The leads form stores nothing else, so there is no need to ask every lead; a value
    from the URL (e.g. an article since removed) is kept so the select shows it.
    """
    articles = sorted(library().slugs - set(FIXED_SOURCES), key=lambda s: (source_label(s), s))
    sources = [*FIXED_SOURCES, *articles]  # a few dozen: microseconds
    if selected and selected not in sources:
        sources.append(selected)
    return [(s, source_label(s)) for s in sources]

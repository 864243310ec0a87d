"""The inbox's status tabs' numbers: exact from the kept counters or one grouped count,
and on a large inbox, capped counts that stop reading at COUNT_CAP.
"""

from dataclasses import replace

import sqlalchemy as sa
from flask import current_app

from ..counting import at_least, capped, count_upto
from ..extensions import db
from ..models import Lead, LeadStatus, LeadStatusCount
from ..pagination import Page, clamp, offset, page_count
from .lead_query import (
    DEFAULT_SORT,
    ROW_COLUMNS,
    SORTS,
    Filters,
    conditions,
    ordering,
    rows_query,
)

COUNT_CAP = 1000  # a large inbox's filtered counts stop here: "1,000+"
PAGES_AHEAD = 10  # ... or this many pages past the one shown, whichever is more


def kept_counts() -> dict[str, int]:
    """Return the leads per status from the counters the triggers keep (no scan)."""
    rows = db.session.execute(sa.select(LeadStatusCount.status, LeadStatusCount.n)).all()
    return per_status(rows)


def counts_deferred(filters: Filters, kept: dict[str, int]) -> bool:
    """Return whether exact tab counts would read too many leads for one page view."""
    leads = sum(n for status, n in kept.items() if status)
    # Filtered: a filter but the status tab, the sort or the page (no query built to ask).
    filtered = bool(filters.args(status="", sort=DEFAULT_SORT, page=1))
    return filtered and leads > current_app.config["INBOX_EXACT_COUNTS_UPTO"]


def status_counts(filters: Filters, me_id: int | None,
                  kept: dict[str, int] | None = None) -> dict[str, int]:
    """Count leads per status under the other filters (the tabs' numbers), exactly."""
    where = conditions(filters, me_id)
    if not where:  # the unfiltered inbox: the counters the triggers keep
        return kept if kept is not None else kept_counts()
    stmt = sa.select(Lead.status, sa.func.count()).where(*where).group_by(Lead.status)
    return per_status(db.session.execute(stmt).all())


def per_status(rows) -> dict[str, int]:
    """Return (status, n) rows as every status's number (0 when absent), and under "" the
    number of the "all" tab: every status but spam."""
    counts = {s.value: 0 for s in LeadStatus}
    counts.update({status: n for status, n in rows})
    counts[""] = sum(n for s, n in counts.items() if s and s != LeadStatus.SPAM)
    return counts


def capped_page(filters: Filters, me_id: int | None, per_page: int) -> tuple[list, Page]:
    """Return one page of rows and a Page whose total is exact up to a cap.

    One query reads the first `cap` leads in the list's order (their ids and sort keys
    only) and counts them, so the total costs little more than the page: cap =
    COUNT_CAP, or PAGES_AHEAD pages past this one. The page's rows are then read by id.
    """
    cap = max(COUNT_CAP, (filters.page + PAGES_AHEAD) * per_page)
    sort = SORTS[filters.sort.removeprefix("-")]
    first = rows_query(filters, me_id, columns=(Lead.id, sort)).limit(cap).subquery()

    def fetch(page: int) -> list:
        shown = (sa.select(first, sa.func.count().over().label("capped_total"))
                 .order_by(*ordering(filters, lambda column: first.c[column.key]))
                 .limit(per_page).offset(offset(page, per_page)).subquery())
        return db.session.execute(
            sa.select(*ROW_COLUMNS, shown.c.capped_total).join(shown, Lead.id == shown.c.id)
            .order_by(*ordering(filters, lambda column: shown.c[column.key]))
        ).all()

    page = filters.page
    rows = fetch(page)
    if rows:
        found = rows[0].capped_total
    else:  # an empty list, or a page past the end: count, then show the last page
        found = count_upto(rows_query(filters, me_id), cap)
        page, _pages = clamp(page, found, per_page)
        if page != filters.page:
            rows = fetch(page)
    more = found >= cap  # at least `cap`: "1,000+"
    return rows, Page(rows, page, page_count(found, per_page), found, more=more)


def capped_labels(filters: Filters, me_id: int | None) -> dict[str, str]:
    """Return every status tab's number under the filters, each counted up to COUNT_CAP
    ("1,000+"); the "" tab (all but spam) adds them up."""
    counts = {s.value: count_upto(rows_query(replace(filters, status=s.value), me_id), COUNT_CAP)
              for s in LeadStatus}
    shown = [n for s, n in counts.items() if s != LeadStatus.SPAM]
    labels = {s: capped(n, COUNT_CAP) for s, n in counts.items()}
    labels[""] = at_least(sum(shown), more=max(shown) >= COUNT_CAP)
    return labels

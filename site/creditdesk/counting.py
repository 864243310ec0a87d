"""Counting rows without visiting every one: exact up to a cap, "cap+" beyond it.

A count over a million leads reads every matching row; a badge or a tab only needs to
say "99+" once there are that many. `count_upto` stops reading at the cap, so its cost
is bounded by the cap, not by the table.
"""

import sqlalchemy as sa

from .extensions import db


def count_upto(stmt: sa.Select, cap: int, order_by=()) -> int:
    """Return how many rows `stmt` selects, or `cap` when it selects `cap` or more.

    `order_by` names columns an index holds in order after `stmt`'s equalities: reading
    in that order, PostgreSQL range-scans the index and stops at the cap. Without it the
    planner may take a sequential scan for "LIMIT cap" when it guesses the rows are many
    and evenly spread, and read far more than `cap` rows when they are not.
    """
    rows = (stmt.with_only_columns(sa.literal(1)).order_by(None).order_by(*order_by)
            .limit(cap).subquery())
    return db.session.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one()


def capped(n: int, cap: int) -> str:
    """Return a count from `count_upto(..., cap)` as the reader sees it: "1,234", or
    "1,000+" (at least that many) when it reached the cap."""
    return at_least(n, more=n >= cap)


def at_least(n: int, more: bool) -> str:
    """Return "1,000" or, when there may be more, "1,000+"."""
    return f"{n:,}+" if more else f"{n:,}"

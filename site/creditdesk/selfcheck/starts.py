"""Self-checks started from an article: daily rows (slug, day, count) for the content report.

A visitor who opened the self-check from an article (/self-check?source=<slug>) starts it
when they send their first step; that adds one to today's row of the article, once per
session and article (the session keeps the articles already counted). The write is its own
short transaction on its own connection, like the view counts' flush: the wizard keeps its
answers in the session and has no transaction of its own, and a failed count never stops a
visitor's self-check (it is tried again on their next step).
"""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa
from flask import session
from sqlalchemy.dialects import postgresql, sqlite

from ..database import IMMEDIATE
from ..extensions import db
from ..models import SelfCheckStartDay
from ..templating import site_today
from ..viewcounts import daily_totals

log = logging.getLogger(__name__)

COUNTED = "selfcheck_started"  # session key: articles whose start this session counted
MAX_COUNTED = 20  # keeps the session cookie small; older entries are forgotten first


def note_start(slug: str | None) -> bool:
    """Count a start from `slug` unless this session has counted one; return if counted."""
    if not slug:
        return False
    counted = session.get(COUNTED)
    counted = [s for s in counted if isinstance(s, str)] if isinstance(counted, list) else []
    if slug in counted:
        return False
    try:
        add_start(slug, site_today())
    except sa.exc.SQLAlchemyError:
        log.exception("self-check starts: could not count a start from %s", slug)
        return False
    session[COUNTED] = [*counted, slug][-MAX_COUNTED:]
    return True


def add_start(slug: str, day: date, n: int = 1) -> None:
    """Add `n` starts to an article's row for `day` in one short transaction."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(SelfCheckStartDay).values(slug=slug, day=day, count=n)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SelfCheckStartDay.slug, SelfCheckStartDay.day],
        set_={"count": SelfCheckStartDay.count + stmt.excluded["count"]},
    )
    with db.engine.connect() as conn:
        conn = conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            conn.execute(stmt)


def starts_between(start: date | None, end: date | None, slugs=None) -> dict[str, int]:
    """Return starts per article from start to end, both days included (None: open end)."""
    query = daily_totals(SelfCheckStartDay, start, end, slugs)
    return {slug: int(n) for slug, n in db.session.execute(query)}

"""Article view counters: one atomic upsert per view, exact under concurrency."""

import sqlalchemy as sa
from flask import Request
from sqlalchemy.dialects import postgresql, sqlite

from ..database import begin_write
from ..extensions import db
from ..models import ArticleView

BOT_MARKERS = ("bot", "spider", "crawler")


def is_bot(request: Request) -> bool:
    agent = (request.user_agent.string or "").lower()
    return any(marker in agent for marker in BOT_MARKERS)


def count_view(slug: str) -> None:
    """Add one view in a single statement, so concurrent views never lose an update."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ArticleView).values(slug=slug, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[ArticleView.slug], set_={"count": ArticleView.count + 1}
    )
    begin_write()
    db.session.execute(stmt)
    db.session.commit()


def view_counts(slugs) -> dict[str, int]:
    slugs = list(slugs)
    if not slugs:
        return {}
    rows = db.session.execute(
        sa.select(ArticleView.slug, ArticleView.count).where(ArticleView.slug.in_(slugs))
    )
    return {slug: count for slug, count in rows}

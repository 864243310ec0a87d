"""Per-article counters kept in the database (articles themselves live in files)."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, now_utc


class ArticleViewDay(db.Model):
    """Views of one article on one day (the site's local day), added in batches.

    A page view never writes here: views are counted in Redis or in the worker's memory
    and flushed by creditdesk.viewcounts, so reports can sum any period.
    """

    __tablename__ = "article_view_day"

    slug: Mapped[str] = mapped_column(db.String(120), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)


class ViewCountBatch(db.Model):
    """A Redis batch of views already added to article_view_day (so none is added twice)."""

    __tablename__ = "view_count_batch"

    batch: Mapped[str] = mapped_column(db.String(80), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

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


class SelfCheckStartDay(db.Model):
    """Self-checks started from one article on one day (the site's local day).

    A start is a visitor's first step sent with the article as the self-check's source
    (/self-check?source=<slug>), counted once per session and article; the stored result
    (AssessmentResult.source_page) is the completion.
    """

    __tablename__ = "selfcheck_start_day"

    slug: Mapped[str] = mapped_column(db.String(120), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)


class ViewCountBatch(db.Model):
    """A Redis batch of views already added to article_view_day (so none is added twice)."""

    __tablename__ = "view_count_batch"

    batch: Mapped[str] = mapped_column(db.String(80), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class ArticleSave(db.Model):
    """One reader's 收藏 of one article (a reader is a random id in a long-lived cookie).

    The primary key makes a save unique per reader and article, so an article's number of
    saves is COUNT(*) of its rows: exact however many readers save at once.
    """

    __tablename__ = "article_save"
    __table_args__ = (db.Index("ix_article_save_reader_created", "reader", "created_at"),)

    reader: Mapped[str] = mapped_column(db.String(32), primary_key=True)
    slug: Mapped[str] = mapped_column(db.String(120), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)

"""Per-article counters kept in the database (articles themselves live in files)."""

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ArticleView(db.Model):
    __tablename__ = "article_view"

    slug: Mapped[str] = mapped_column(db.String(120), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)

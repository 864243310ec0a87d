"""Stored self-check results."""

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, now_utc


def new_token() -> str:
    """Return an unguessable URL-safe token (192 bits)."""
    return secrets.token_urlsafe(24)


class AssessmentResult(db.Model):
    __tablename__ = "assessment_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True, default=new_token)
    definition_id: Mapped[str] = mapped_column(db.String(64))
    definition_version: Mapped[str] = mapped_column(db.String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    score: Mapped[int]
    band: Mapped[str] = mapped_column(db.String(1), index=True)
    # The whole explained result as computed at the time, so a later change of the
    # definition never rewrites what the visitor was shown.
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    locale: Mapped[str] = mapped_column(db.String(10), default="zh_CN")
    # The article the visitor started the self-check from (its slug), if any.
    source_page: Mapped[str | None] = mapped_column(db.String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)

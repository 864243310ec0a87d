"""Staff accounts, login attempts and the audit log."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, now_utc

ROLES = ("admin", "sales")


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(db.String(255))
    role: Mapped[str] = mapped_column(db.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # Changed on password change or disable, so existing sessions stop working.
    session_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The secret in the user's calendar feed URL (rotated on the profile page).
    calendar_token: Mapped[str | None] = mapped_column(db.String(64), unique=True)
    # The user's own chat robot for assignment notices and the daily digest.
    chat_webhook_url: Mapped[str | None] = mapped_column(db.String(500))
    chat_webhook_format: Mapped[str | None] = mapped_column(db.String(16))

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class LoginAttempt(db.Model):
    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_email_at", "email", "at"),
        sa.Index("ix_login_attempt_ip_at", "ip_hash", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    email: Mapped[str] = mapped_column(db.String(254))
    ip_hash: Mapped[str] = mapped_column(db.String(64))
    success: Mapped[bool]


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(db.String(32))
    lead_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lead.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor = relationship("StaffUser")

"""Consultation requests, the prospects they belong to, notes and the notification outbox."""

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, now_utc


class LeadStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    WON = "won"
    LOST = "lost"
    SPAM = "spam"


CLOSED_STATUSES = (LeadStatus.WON, LeadStatus.LOST, LeadStatus.SPAM)


class Prospect(db.Model):
    """One person or company behind one or more requests (matched by phone)."""

    __tablename__ = "prospect"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str | None] = mapped_column(db.String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_request_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class Lead(db.Model):
    __tablename__ = "lead"
    __table_args__ = (
        # The inbox's default order (newest first, id breaking ties), overall and per tab.
        sa.Index("ix_lead_created_id", "created_at", "id"),
        sa.Index("ix_lead_status_created", "status", "created_at", "id"),
        sa.Index("ix_lead_need_created", "need", "created_at"),
        sa.Index("ix_lead_assignee_created", "assignee_id", "created_at"),
        # My queue and the header's counts: one salesperson's open leads by due time.
        sa.Index("ix_lead_assignee_due", "assignee_id", "next_due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(db.String(24), unique=True)
    # One per rendered form: a refresh, Back or double click cannot make a second lead.
    idempotency_key: Mapped[str] = mapped_column(db.String(64), unique=True)
    prospect_id: Mapped[int | None] = mapped_column(sa.ForeignKey("prospect.id"), index=True)

    need: Mapped[str] = mapped_column(db.String(32))
    name: Mapped[str | None] = mapped_column(db.String(50))
    phone_e164: Mapped[str | None] = mapped_column(db.String(20), index=True)
    phone_raw: Mapped[str | None] = mapped_column(db.String(40))
    company: Mapped[str | None] = mapped_column(db.String(100))
    email: Mapped[str | None] = mapped_column(db.String(254))
    detail: Mapped[str | None] = mapped_column(db.String(2000))

    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    privacy_version: Mapped[str | None] = mapped_column(db.String(20))
    locale: Mapped[str] = mapped_column(db.String(10), default="zh_CN")

    source_page: Mapped[str | None] = mapped_column(db.String(200), index=True)
    referrer: Mapped[str | None] = mapped_column(db.String(500))
    utm_source: Mapped[str | None] = mapped_column(db.String(100))
    utm_medium: Mapped[str | None] = mapped_column(db.String(100))
    utm_campaign: Mapped[str | None] = mapped_column(db.String(100))
    utm_term: Mapped[str | None] = mapped_column(db.String(100))
    utm_content: Mapped[str | None] = mapped_column(db.String(100))
    user_agent: Mapped[str | None] = mapped_column(db.String(500))
    ip_hash: Mapped[str | None] = mapped_column(db.String(64))

    assessment_result_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessment_result.id"), index=True
    )
    # A receivables health check sent with the request (aggregates only; see models/aging.py).
    aging_diagnosis_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aging_diagnosis.id"))
    status: Mapped[str] = mapped_column(db.String(16), default=LeadStatus.NEW)
    spam_reason: Mapped[str | None] = mapped_column(db.String(64))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    # The next thing to do (creditdesk.followup): call, email, visit, proposal or other,
    # when (UTC) and an optional note; all three empty when no step is planned.
    next_action: Mapped[str | None] = mapped_column(db.String(16))
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_note: Mapped[str | None] = mapped_column(db.String(500))
    # The first logged contact attempt or status change away from new (first-response clock).
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Derived, for the inbox (kept by the events in lead_index.py): the search grams of
    # name, company, detail and phone; the linked self-check's band and the credit need
    # it computed (decimal text), so listing a page never reads the result JSON.
    search_text: Mapped[str | None] = mapped_column(db.Text)
    band: Mapped[str | None] = mapped_column(db.String(1))
    credit_need: Mapped[str | None] = mapped_column(db.String(32))
    # The linked health check's balance more than 90 days past due (decimal text).
    overdue_90: Mapped[str | None] = mapped_column(db.String(32))

    prospect = relationship("Prospect")
    assessment_result = relationship("AssessmentResult")
    aging_diagnosis = relationship("AgingDiagnosis")
    assignee = relationship("StaffUser")


class LeadStatusCount(db.Model):
    """How many leads have each status, kept exact by triggers (see lead_index.py)."""

    __tablename__ = "lead_status_count"

    status: Mapped[str] = mapped_column(db.String(16), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


class AssignCursor(db.Model):
    """Where round-robin assignment stands, one row per pool ("all" or a need).

    New requests lock their pool's row (SELECT ... FOR UPDATE; BEGIN IMMEDIATE on SQLite)
    in the transaction that stores them, so two at once never pick the same person.
    """

    __tablename__ = "assign_cursor"

    pool: Mapped[str] = mapped_column(db.String(40), primary_key=True)
    last_user_id: Mapped[int | None] = mapped_column()


class LeadNote(db.Model):
    __tablename__ = "lead_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("lead.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    body: Mapped[str] = mapped_column(db.String(4000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    author = relationship("StaffUser")


class NotificationOutbox(db.Model):
    """A notification to deliver, written in the same transaction as its lead."""

    __tablename__ = "notification_outbox"
    __table_args__ = (sa.Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("lead.id"), index=True)
    channel: Mapped[str] = mapped_column(db.String(16))  # email | webhook
    target: Mapped[str] = mapped_column(db.String(500))
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(db.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_error: Mapped[str | None] = mapped_column(db.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lead = relationship("Lead")

"""SQLAlchemy models, one module per domain; import them from here."""

from .assessment import AssessmentResult
from .base import now_utc
from .content import ArticleView
from .leads import Lead, LeadNote, LeadStatus, NotificationOutbox, Prospect
from .staff import AuditEvent, LoginAttempt, StaffUser

__all__ = [
    "ArticleView",
    "AssessmentResult",
    "AuditEvent",
    "Lead",
    "LeadNote",
    "LeadStatus",
    "LoginAttempt",
    "NotificationOutbox",
    "Prospect",
    "StaffUser",
    "now_utc",
]

"""SQLAlchemy models, one module per domain; import them from here."""

from . import lead_index  # noqa: F401  (registers the search index DDL and events)
from .aging import AgingDiagnosis
from .assessment import AssessmentResult
from .base import now_utc
from .content import ArticleSave, ArticleViewDay, SelfCheckStartDay, ViewCountBatch
from .leads import (
    AssignCursor,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusCount,
    NotificationOutbox,
    Prospect,
)
from .staff import AuditEvent, LoginAttempt, StaffUser

__all__ = [
    "AgingDiagnosis",
    "ArticleSave",
    "ArticleViewDay",
    "AssessmentResult",
    "AssignCursor",
    "AuditEvent",
    "Lead",
    "LeadNote",
    "LeadStatus",
    "LeadStatusCount",
    "LoginAttempt",
    "NotificationOutbox",
    "Prospect",
    "SelfCheckStartDay",
    "StaffUser",
    "ViewCountBatch",
    "now_utc",
]

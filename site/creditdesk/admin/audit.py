"""The audit log: who did what to which lead, and when."""

from typing import Any

from flask import has_request_context
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, Lead, StaffUser


def record(action: str, lead: Lead | None = None, detail: dict[str, Any] | None = None,
           actor: StaffUser | None = None) -> AuditEvent:
    """Add an event to the caller's transaction; the actor is the logged-in staff member."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        lead_id=lead.id if lead is not None else None,
        detail=detail or {},
    )
    db.session.add(event)
    return event

"""The audit log: recording who did what to which lead, and the admins' page listing it."""

from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, Lead, StaffUser
from ..pagination import Page, clamp, offset
from .access import role_required
from .blueprint import bp
from .labels import action_label


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


@bp.route("/audit")
@role_required("admin")
def audit():
    """List audit events, newest first, a page at a time."""
    per_page = current_app.config["ADMIN_PAGE_SIZE"]
    total = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    asked = request.args.get("page", "1")
    number = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1
    page, pages = clamp(number, total, per_page)
    events = db.session.execute(
        db.select(AuditEvent)
        .options(sa.orm.joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset(offset(page, per_page))
    ).scalars().all()
    return render_template("admin/audit.html", events=events, total=total,
                           pager=Page(events, page, pages, total), action_label=action_label)

"""The audit log page for admins."""

import sqlalchemy as sa
from flask import current_app, render_template, request

from ..extensions import db
from ..models import AuditEvent
from ..pagination import Page
from .access import role_required
from .labels import action_label
from .views import bp


@bp.route("/audit")
@role_required("admin")
def audit():
    """List audit events, newest first, a page at a time."""
    per_page = current_app.config["ADMIN_PAGE_SIZE"]
    total = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    pages = max(1, -(-total // per_page))
    page = request.args.get("page", "1")
    page = min(int(page), pages) if page.isascii() and page.isdigit() and int(page) > 0 else 1
    events = db.session.execute(
        db.select(AuditEvent)
        .options(sa.orm.joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars().all()
    return render_template("admin/audit.html", events=events, total=total,
                           pager=Page(events, page, pages, total), action_label=action_label)

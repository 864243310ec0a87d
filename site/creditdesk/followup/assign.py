"""Who takes a new request: LEADS_AUTO_ASSIGN = off | round_robin | by_need.

Assignment happens in the transaction that stores the request. The pool's cursor row
(the last user given a request) is locked first — SELECT ... FOR UPDATE on PostgreSQL,
and the storing transaction is already BEGIN IMMEDIATE on SQLite — so requests arriving
together take turns: nobody gets a second one while another active user waits.
"""

import logging

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import AssignCursor, AuditEvent, Lead, LeadStatus, StaffUser
from ..notify import enqueue_assignment

log = logging.getLogger(__name__)
MODES = ("off", "round_robin", "by_need")
ALL = "all"


def auto_assign(lead: Lead, need_label: str) -> StaffUser | None:
    """Give a just-flushed new request to the next user of its pool; None when off or
    nobody is eligible. `need_label` names the need in the sales team's language."""
    mode = current_app.config["LEADS_AUTO_ASSIGN"] or "off"
    if mode not in MODES:
        log.error("LEADS_AUTO_ASSIGN=%r is not one of %s: not assigning", mode, MODES)
        return None
    if mode == "off" or lead.status == LeadStatus.SPAM or lead.assignee_id is not None:
        return None
    pool, users = candidates(mode, lead.need)
    if not users:
        return None
    cursor = _locked_cursor(pool)
    user = next((u for u in users if cursor.last_user_id is not None
                 and u.id > cursor.last_user_id), users[0])
    cursor.last_user_id = user.id
    lead.assignee_id = user.id
    db.session.add(AuditEvent(action="assign", lead_id=lead.id,
                              detail={"from": None, "to": user.email, "auto": mode}))
    notify_assignee(lead, user, need_label)
    return user


def candidates(mode: str, need: str) -> tuple[str, list[StaffUser]]:
    """Return the pool's name and its active users, by id (the turn order)."""
    query = sa.select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.id)
    mapping = current_app.config["LEADS_ASSIGN_BY_NEED"] or {}
    if mode == "by_need" and mapping.get(need):
        emails = [str(e).strip().lower() for e in mapping[need]]
        users = db.session.execute(query.where(sa.func.lower(StaffUser.email).in_(emails)))
        return f"need:{need}"[:40], list(users.scalars())
    users = db.session.execute(query.where(StaffUser.role == "sales"))
    return ALL, list(users.scalars())


def _locked_cursor(pool: str) -> AssignCursor:
    """Return the pool's cursor row, created if missing, locked until the commit."""
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(AssignCursor)
    db.session.execute(insert.values(pool=pool, last_user_id=None)
                       .on_conflict_do_nothing(index_elements=["pool"]))
    return db.session.execute(
        sa.select(AssignCursor).where(AssignCursor.pool == pool)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def notify_assignee(lead: Lead, user: StaffUser, need_label: str) -> None:
    """Queue the assignee's notice: e-mail (when NOTIFY_ASSIGNEE_EMAIL) and their robot."""
    email = user.email if current_app.config["NOTIFY_ASSIGNEE_EMAIL"] else None
    chat = ((user.chat_webhook_url, user.chat_webhook_format or "wecom")
            if user.chat_webhook_url else None)
    if email or chat:
        enqueue_assignment(lead, need_label=need_label,
                           email=email, chat=chat)

"""Login attempts: every one logged; 5 failures per account or IP in 15 minutes lock it."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import LoginAttempt


def normalise_email(email: str) -> str:
    return email.strip().lower()[:254]


def is_locked(email: str, ip_hash: str, now: datetime) -> bool:
    """Return whether recent failures lock this account or this IP."""
    limit = current_app.config["ADMIN_LOCKOUT_FAILURES"]
    since = now - timedelta(minutes=current_app.config["ADMIN_LOCKOUT_MINUTES"])
    return (
        _failures(LoginAttempt.email == email, since) >= limit
        or _failures(LoginAttempt.ip_hash == ip_hash, since) >= limit
    )


def _failures(who, since: datetime) -> int:
    """Count failures since `since` and after the last success of the same account or IP."""
    last_success = db.session.scalar(
        sa.select(sa.func.max(LoginAttempt.at)).where(who, LoginAttempt.success.is_(True))
    )
    start = max(since, last_success) if last_success else since
    return db.session.scalar(
        sa.select(sa.func.count()).where(who, LoginAttempt.success.is_(False),
                                         LoginAttempt.at > start)
    )


def record_attempt(email: str, ip_hash: str, success: bool, now: datetime) -> None:
    db.session.add(LoginAttempt(email=email, ip_hash=ip_hash, success=success, at=now))

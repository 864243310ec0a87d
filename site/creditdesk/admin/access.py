"""Closed by default: one login guard for the whole blueprint, roles per view.

(Flask-Login is set up in create_app; admin pages are kept out of caches by
creditdesk.security.)
"""

import time
from functools import wraps

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from ..models import StaffUser
from .blueprint import bp

# Endpoints a visitor reaches without a session: logging in, creating the first admin and
# the calendar feed (its secret token in the URL stands for the session; see admin.my).
OPEN_ENDPOINTS = frozenset({"admin.login", "admin.setup", "admin.static", "admin.calendar_feed"})
LOGIN_AT, SEEN_AT = "admin_login_at", "admin_seen_at"


@bp.before_request
def require_login():
    """Let only logged-in staff with a live session past the login page."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("admin.login", next=_next_target()))
    if session_expired(time.time()):
        end_session()
        flash(_l("Your session has ended. Please log in again."), "warn")
        return redirect(url_for("admin.login", next=_next_target()))
    session[SEEN_AT] = int(time.time())
    return None


def session_expired(now: float) -> bool:
    """Return whether the idle or the absolute session limit has passed."""
    config = current_app.config
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    idle = now - seen_at > config["ADMIN_IDLE_MINUTES"] * 60
    too_old = now - login_at > config["ADMIN_SESSION_HOURS"] * 3600
    return idle or too_old


def start_session(user: StaffUser) -> None:
    """Rotate the session: drop everything a pre-login session held, then log in."""
    session.clear()
    login_user(user)
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def end_session() -> None:
    logout_user()
    session.clear()


def _next_target() -> str:
    """Return where to go after logging in: this page, for safe GETs only."""
    if request.method != "GET":
        return url_for("admin.lead_list")
    return request.full_path.rstrip("?")


def role_required(role: str):
    """Refuse a view with 403 unless the logged-in staff member has `role`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role != role:
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_role = role
        return wrapper

    return decorate

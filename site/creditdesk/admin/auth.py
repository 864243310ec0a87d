"""Logging in and out: generic errors, lockout, session rotation, POST-only logout.

Every login attempt is logged; 5 failures per account or IP in 15 minutes lock it.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import begin_write
from ..errors import render_error
from ..extensions import db, login_manager
from ..models import LoginAttempt, StaffUser, now_utc
from ..shared import ip_hash as client_ip_hash
from ..shared import normalise_email
from .access import end_session, start_session
from .blueprint import bp
from .forms import ActionForm, LoginForm
from .passwords import dummy_verify, hash_password, needs_rehash, verify_password


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """Load `id:session_version`; a bumped version (disabled, new password) ends sessions."""
    ident, _sep, version = user_id.partition(":")
    if not (ident.isdigit() and version.isdigit()):
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; log a staff member in, or say only that it failed."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("admin/login.html", form=form), status
    email, now = normalise_email(form.email.data), now_utc()
    ip_hash = client_ip_hash("admin-login")
    begin_write()
    if is_locked(email, ip_hash, now):
        record_attempt(email, ip_hash, False, now)
        db.session.commit()
        return locked_page()
    user = db.session.execute(db.select(StaffUser).filter_by(email=email)).scalar_one_or_none()
    ok = check_credentials(user, form.password.data)
    record_attempt(email, ip_hash, ok, now)
    if not ok:
        db.session.commit()
        form.form_errors.append(_("The e-mail or password is not correct, or the account "
                                  "cannot log in."))
        return render_template("admin/login.html", form=form), 400
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password.data)
    db.session.commit()
    start_session(user)
    return redirect(safe_next(request.args.get("next")))


def check_credentials(user: StaffUser | None, password: str) -> bool:
    """Return whether the account may log in with `password` (same cost either way)."""
    if user is None:
        dummy_verify()
        return False
    return verify_password(user.password_hash, password) and user.active


def locked_page():
    minutes = current_app.config["ADMIN_LOCKOUT_MINUTES"]
    return render_error(
        429,
        title=_("Login paused"),
        message=_("Too many failed logins for this account or network. For your safety, "
                  "logging in is paused for %(minutes)d minutes. Please try again later.",
                  minutes=minutes),
    )


def safe_next(target: str | None) -> str:
    """Return `target` when it is a path inside /admin, else the dashboard."""
    if target and target.startswith("/admin") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("admin.dashboard")


@bp.route("/logout", methods=["POST"])
def logout():
    """End the session (POST with a CSRF token only)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    end_session()
    flash(_("You have logged out."), "ok")
    return redirect(url_for("admin.login"))


# Lockout ---------------------------------------------------------------------------------


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

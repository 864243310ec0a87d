"""Staff accounts: creating and disabling them (CLI and setup page), and the one-time link
that creates the first admin while no staff account exists."""

import re

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..database import begin_write
from ..errors import render_error
from ..extensions import db
from ..models import StaffUser
from ..models.staff import ROLES
from ..shared import normalise_email
from .access import start_session
from .audit import record
from .blueprint import bp
from .forms import SetupForm
from .passwords import hash_password, policy_errors

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StaffError(ValueError):
    """Why an account cannot be created, as messages for the person typing."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def staff_exists() -> bool:
    return db.session.scalar(db.select(StaffUser.id).limit(1)) is not None


def create_staff(email: str, password: str, role: str, actor: StaffUser | None = None):
    """Add a staff account to the session; StaffError if the e-mail or password is refused."""
    email = normalise_email(email)
    errors = []
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(_("Enter a valid e-mail address."))
    if role not in ROLES:
        errors.append(_("The role must be admin or sales."))
    errors += policy_errors(password, email)
    if not errors and find_staff(email) is not None:
        errors.append(_("An account with this e-mail already exists."))
    if errors:
        raise StaffError(errors)
    user = StaffUser(email=email, password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.flush()
    record("staff_create", actor=actor, detail={"staff": email, "role": role})
    return user


def find_staff(email: str) -> StaffUser | None:
    query = db.select(StaffUser).filter_by(email=normalise_email(email))
    return db.session.execute(query).scalar_one_or_none()


def disable_staff(user: StaffUser) -> None:
    """Disable the account and end its sessions (the session version is in its cookie)."""
    user.active = False
    user.session_version += 1
    record("staff_disable", detail={"staff": user.email})


SALT = "creditdesk.admin.setup"
# The token says "no staff exists yet"; the page re-checks that before doing anything.
CLAIM = {"purpose": "first-admin", "staff": 0}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_setup_token() -> str:
    return _serializer().dumps(CLAIM)


def setup_token_valid(token: str) -> bool:
    """Return whether the token is ours, unexpired, and no staff account exists yet."""
    max_age = current_app.config["ADMIN_SETUP_LINK_HOURS"] * 3600
    try:
        claim = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return False
    return claim == CLAIM and not staff_exists()


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first admin account, once."""
    if not setup_token_valid(token):
        return link_gone()
    form = SetupForm()
    if form.validate_on_submit():
        begin_write()
        if staff_exists():  # another tab or person was quicker
            db.session.rollback()
            return link_gone()
        try:
            user = create_staff(form.email.data, form.password.data, "admin")
        except StaffError as err:
            db.session.rollback()
            form.password.errors = list(err.messages)
        else:
            db.session.commit()
            start_session(user)
            flash(_("Your admin account is ready."), "ok")
            return redirect(url_for("admin.dashboard"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/setup.html", form=form), status


def link_gone():
    return render_error(404, title=_("This setup link no longer works"),
                        message=_("The first admin account exists already, or the link has "
                                  "expired. Ask an admin for an account, or run "
                                  "`flask users setup-link` again."))

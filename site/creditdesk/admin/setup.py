"""The one-time link that creates the first admin while no staff account exists."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..database import begin_write
from ..errors import render_error
from ..extensions import db
from .access import start_session
from .forms import SetupForm
from .staff import StaffError, create_staff, staff_exists
from .views import bp

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

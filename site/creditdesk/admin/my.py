"""My queue (/admin/my), the header's due counts, the calendar feed and the profile page.

The calendar feed is the one workspace URL opened without a session: a phone's
calendar fetches it with the user's secret token in the query, which the user can
rotate on the profile page. It carries no phone numbers.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..followup.calendar import feed
from ..followup.queue import badge_label, due_counts, my_queue
from ..models import StaffUser, now_utc
from ..notify.webhooks import FORMATS
from ..origin import site_url
from .audit import record
from .blueprint import bp
from .forms import ActionForm, ChatRobotForm
from .inbox import card_texts, table_rows
from .labels import need_label, step_label

ROBOT_FORMATS = tuple(f for f in FORMATS if f != "json")  # a personal robot has no secret


@bp.route("/my")
def my_queue_page():
    """The signed-in user's open requests: overdue, today, later, without a next step."""
    now = now_utc()
    queue = my_queue(current_user.id, now)
    cards = {key: table_rows(leads, {}) for key, leads in queue.groups}
    return render_template("admin/my.html", cards=cards, counts=queue.counts,
                           labels={key: queue.label(key) for key in queue.counts},
                           total=len(queue), total_label=queue.total_label,
                           texts=card_texts())


@bp.app_template_global()
def header_due_counts() -> tuple[int, int] | None:
    """(overdue, due today) of the signed-in user, up to "99+", for every admin page's header."""
    if not current_user.is_authenticated or request.blueprint != "admin":
        return None
    return due_counts(current_user.id)


bp.add_app_template_filter(badge_label)


# Profile: calendar link and personal chat robot --------------------------------------------

@bp.route("/profile", methods=["GET", "POST"])
def profile():
    """Show the user's calendar link; save their chat robot."""
    user = current_user
    form = ChatRobotForm(formdata=request.form if request.method == "POST" else None,
                         chat_format=user.chat_webhook_format or "wecom",
                         chat_url=user.chat_webhook_url or "")
    form.chat_format.choices = [(f, f) for f in ROBOT_FORMATS]
    if request.method == "POST":
        url = (form.chat_url.data or "").strip()
        valid = form.validate_on_submit()
        if url and not url.startswith("https://"):
            form.chat_url.errors = [*form.chat_url.errors,
                                    _("Enter the robot's https:// webhook address.")]
            valid = False
        if not valid:
            return _profile_page(form), 400
        begin_write()
        row = db.session.get(StaffUser, user.id)
        row.chat_webhook_url = url or None
        row.chat_webhook_format = form.chat_format.data if url else None
        db.session.commit()
        flash(_("Chat robot saved.") if url else _("Chat robot removed."), "ok")
        return redirect(url_for("admin.profile"))
    return _profile_page(form)


def _profile_page(form):
    token = current_user.calendar_token
    # On SITE_URL, never the request's Host (one public origin).
    link = site_url() + url_for("admin.calendar_feed", token=token) if token else ""
    return render_template("admin/profile.html", form=form, calendar_link=link,
                           rotate_form=ActionForm(formdata=None))


@bp.route("/profile/calendar-token", methods=["POST"])
def rotate_calendar_token():
    """Make a new calendar link; the old one stops working at once."""
    if not ActionForm().validate_on_submit():
        abort(400)
    begin_write()
    row = db.session.get(StaffUser, current_user.id)
    had = row.calendar_token is not None
    row.calendar_token = secrets.token_urlsafe(32)
    record("calendar_token", None, {"renewed": had})
    db.session.commit()
    flash(_("New calendar link made. Subscribe again with it; the old link no longer works.")
          if had else _("Calendar link made."), "ok")
    return redirect(url_for("admin.profile"))


# The calendar feed --------------------------------------------------------------------------

@bp.route("/my/calendar.ics")
def calendar_feed():
    """The user's planned next steps as iCalendar (token in the URL, no session)."""
    token = request.args.get("token", "")
    user = None
    if 20 <= len(token) <= 64:
        user = db.session.execute(
            sa.select(StaffUser).where(StaffUser.calendar_token == token)
        ).scalar_one_or_none()
    if user is None or not user.active:
        abort(404)
    body = feed(user, now_utc() - timedelta(days=30), step_label, need_label)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="creditdesk.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

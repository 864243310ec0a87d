"""/tools/aging: upload an aging report, see the ledger's diagnosis, save it if you wish."""

from datetime import date, timedelta

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField, FileField, HiddenField, StringField

from ..aging import MAX_BYTES, AgingError, diagnose
from ..aging.values import ValueProblem, parse_amount, parse_date
from ..errors import handle_http
from ..extensions import db, limiter
from ..library import published
from ..security import accepts_files
from ..templating import site_today
from . import aging_store, aging_text
from .aging_templates import FORMATS, LAYOUTS, template_file
from .blueprint import bp

RATES = "creditdesk.aging_rates"
CSRF_ENDPOINTS = ("selfcheck.aging", "selfcheck.aging_save")
EARLIEST = date(2000, 1, 1)


class AgingForm(FlaskForm):
    report = FileField()
    as_of = StringField()
    sales = StringField()


class SaveForm(FlaskForm):
    figures = HiddenField()
    keep_names = BooleanField()


@bp.route("/tools/aging", methods=["GET", "POST"])
@accepts_files  # the only form that takes a file; others answer 415 to one
@limiter.limit("30 per hour", methods=["POST"])
def aging():
    form = AgingForm()
    if request.method == "GET":
        form.as_of.data = site_today().isoformat()
        return _page(form)
    errors: dict[str, str] = {}
    as_of = _as_of(form.as_of.data, errors)
    sales = _sales(form.sales.data, errors)
    upload = request.files.get("report")
    if upload is None or not upload.filename:
        errors["report"] = _("Please choose the aging report file (.xlsx or .csv).")
    if errors:
        return _page(form, errors), 422
    try:
        diagnosis = diagnose(upload.read(MAX_BYTES + 1), upload.filename, as_of,
                             current_app.extensions[RATES], sales)
    except AgingError as err:
        errors["report"] = aging_text.file_message(err)
        status = 413 if err.code == "too_large" else 422
        return _page(form, errors, problems=err), status
    figures = diagnosis.figures
    response = make_response(_page(form, d=figures, signed=aging_store.sign(figures),
                                   filename=upload.filename))
    response.headers["Cache-Control"] = "no-store"  # the visitor's ledger: keep it nowhere
    return response


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(err):
    """A body far over the limit is refused before it is read: say so on the page."""
    if request.endpoint != "selfcheck.aging":
        return handle_http(err)
    message = _("The file is larger than %(mb)s MB. Please upload only the aging sheet, or"
                " save it as CSV.", mb=MAX_BYTES // (1024 * 1024))
    form = AgingForm(formdata=None)
    form.as_of.data = request.args.get("as_of") or site_today().isoformat()
    return _page(form, {"report": message}), 413


def csrf_expired():
    """An expired page (the session ended): show the form again, with what was typed."""
    if request.endpoint == "selfcheck.aging_save":
        flash(_("The page had expired, so the diagnosis was not saved. Please upload the file"
                " again."), "aging")
        return redirect(url_for("selfcheck.aging"), 303)
    form = AgingForm(meta={"csrf": False})
    errors = {"form": _("The page had expired. Please choose the file and send it again.")}
    return _page(form, errors), 400


@bp.post("/tools/aging/save")
@limiter.limit("30 per hour")
def aging_save():
    form = SaveForm()
    figures = aging_store.unsign(form.figures.data) if form.validate() else None
    if figures is None:
        flash(_("This diagnosis can no longer be saved (the page was open for more than a day)."
                " Please upload the file again."), "aging")
        return redirect(url_for("selfcheck.aging"), 303)
    record = aging_store.save(figures, bool(form.keep_names.data))
    db.session.commit()
    return redirect(url_for("selfcheck.aging_result", token=record.token), 303)


@bp.get("/tools/aging/r/<token>")
def aging_result(token: str):
    record = aging_store.by_token(token) or abort(404)
    response = make_response(render_template(
        "selfcheck/aging_result.html", d=record.figures, token=token,
        created=format_datetime(record.created_at, "medium"), **_helpers(),
    ))
    response.headers["Cache-Control"] = "private"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/tools/aging/template-<layout>.<fmt>")
def aging_template(layout: str, fmt: str):
    if layout not in LAYOUTS or fmt not in FORMATS:
        abort(404)
    body = template_file(layout, fmt, site_today())
    name = f"aging-template-{layout}.{fmt}"
    response = make_response(body)
    response.headers["Content-Type"] = (
        "text/csv; charset=utf-8" if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(form, errors=None, problems=None, **context):
    return render_template(
        "selfcheck/aging.html", form=form, errors=errors or {}, problems=problems,
        max_mb=MAX_BYTES // (1024 * 1024), **_helpers(), **context,
    )


def _helpers() -> dict:
    return {"bucket_label": aging_text.BUCKET_LABELS.get, "actions": _actions,
            "problem_message": aging_text.problem_message, "hhi_reading": aging_text.hhi_reading,
            "file_notes": aging_text.file_notes}


def _actions(figures: dict) -> list[dict]:
    """Return each action's texts and its article: the first of its articles published."""
    view = published()
    shown = []
    for action in figures.get("actions", []):
        title, text = aging_text.action_text(action)
        article = next((a for a in map(view.article, action["articles"]) if a), None)
        shown.append({"title": title, "text": text, "article": article})
    return shown


def _as_of(raw: str | None, errors: dict) -> date:
    today = site_today()
    try:
        value = parse_date((raw or "").strip()) or today
    except ValueProblem:
        errors["as_of"] = _("Please enter the date like 2025-07-09.")
        return today
    if not EARLIEST <= value <= today + timedelta(days=366):
        errors["as_of"] = _("Please enter a date between 2000-01-01 and a year from today.")
    return value


def _sales(raw: str | None, errors: dict):
    try:
        value = parse_amount((raw or "").strip()[:40])
    except ValueProblem:
        errors["sales"] = _("Please enter the amount in yuan, like 12,000,000.")
        return None
    if value is not None and value <= 0:
        errors["sales"] = _("Please enter credit sales above zero, or leave the field empty.")
        return None
    return value

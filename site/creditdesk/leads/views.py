"""The consultation request form."""

from flask import (
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from ..errors import render_error
from ..extensions import db
from ..fragments import recording, register_slot, render_cached, slot
from ..models import Lead
from .blueprint import bp
from .choices import need_label
from .forms import ConsultForm
from .spam import new_form_token
from .store import submit

SENT = "leads_sent"  # session key: references this browser sent, for its thank-you pages
KEEP_SENT = 5


@bp.route("/consult", methods=["GET", "POST"], endpoint="request")
def consult():
    if request.method == "GET" and not request.args.get("assessment"):
        # The blank form is the same for everyone but its tokens: rendered once per locale.
        return render_cached("leads/consult.html", ("consult",),
                             lambda: {"form": blank_form("consult"), "notice": None})
    form = ConsultForm()
    if request.method == "GET":
        return render_form(form.prepare(assessment_token=request.args.get("assessment")))
    if not form.validate():
        return render_form(form.prepare(), 422)
    outcome = submit(form)
    if outcome.kind == "limited":
        notice = _("You have sent several requests in a short time. Please wait a while and"
                   " send this again; what you wrote is kept below.")
        return render_form(form.prepare(), 429, notice, {"Retry-After": str(outcome.retry_after)})
    if outcome.kind == "changed":
        notice = _("You already sent a request from this form (reference %(ref)s). To send what"
                   " you changed as a new request, press Send again.", ref=outcome.lead.reference)
        return render_form(form.renew_token(), 409, notice)
    sent = [ref for ref in session.get(SENT, []) if ref != outcome.lead.reference]
    session[SENT] = [*sent, outcome.lead.reference][-KEEP_SENT:]
    return redirect(url_for(".thanks", reference=outcome.lead.reference), 303)


@bp.get("/consult/thanks/<reference>")
def thanks(reference: str):
    # Only the browser that sent the request sees it again: the page repeats personal data.
    if reference not in session.get(SENT, []):
        abort(404)
    lead = db.session.execute(
        db.select(Lead).where(Lead.reference == reference)
    ).scalar_one_or_none() or abort(404)
    response = make_response(
        render_template("leads/thanks.html", lead=lead, need=need_label(lead.need))
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def render_form(form: ConsultForm, status: int = 200, notice: str | None = None, headers=None):
    body = render_template("leads/consult.html", form=form, notice=notice)
    return body, status, headers or {}


def csrf_failed(err: CSRFError):
    """On the form, show it again with the visitor's text; elsewhere the plain 400 page.

    create_app registers this for the whole app (a CSRF failure can happen on any form).
    """
    if request.endpoint != "leads.request" or request.method != "POST":
        return render_error(400)
    notice = _("Your session expired before the form was sent, so nothing was saved yet."
               " Please check your details and press Send again.")
    return render_form(ConsultForm().prepare(), 400, notice)


def compact_form_factory() -> dict:
    """Let any page include leads/_compact_form.html with a fresh form of its own.

    create_app registers this as an app-wide context processor.
    """

    def consult_form(source_page: str = "consult", assessment_token: str | None = None,
                     aging_token: str | None = None, aging_data: str | None = None):
        if recording() and not (assessment_token or aging_token or aging_data):
            return blank_form(source_page)
        # formdata=None: a page rendered after its own POST must not fill this form.
        return ConsultForm(formdata=None).prepare(source_page, assessment_token,
                                                  aging_token, aging_data)

    return {"consult_form": consult_form}


def blank_form(source_page: str) -> ConsultForm:
    """A blank form whose per-visitor values are slots (see creditdesk.fragments)."""
    form = ConsultForm(formdata=None)
    form.form_token.data = slot("form_token")
    form.source_page.data = source_page
    if hasattr(form, "csrf_token"):
        form.csrf_token.current_token = slot("csrf")
    return form


register_slot("form_token", new_form_token)

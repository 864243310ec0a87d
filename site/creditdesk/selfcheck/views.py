"""Self-check pages: intro, the questionnaire in steps, the stored result."""

import re

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from ..assessment import answers_to_json, parse_answers, score
from ..errors import handle_http
from ..extensions import db
from ..fragments import render_cached
from ..i18n import stored_locale
from ..library import published
from ..models.assessment import AssessmentResult
from . import aging_views, presenters
from .blueprint import bp
from .forms import step_questions
from .limits import completion_limited
from .loading import definitions, selfcheck_definition
from .rescore import rescore
from .wizard import (
    Progress,
    clear_progress,
    load_progress,
    section_of_step,
    take_step,
    visible_questions,
)

TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what secrets.token_urlsafe() gives
SOURCE = "selfcheck_source"  # session key: the article the self-check was started from
HONEYPOT = "website"  # hidden from people (as on the consultation form); bots fill it in


@bp.context_processor
def _helpers():
    return {
        "t": presenters.localise,
        "number": presenters.number,
        "percent": presenters.percent,
        "plain": presenters.plain,
    }


@bp.app_template_global("selfcheck_rescore_note")
def rescore_note(record: AssessmentResult | None):
    """The current model's result beside a stored one, for any page showing a result."""
    return None if record is None else presenters.rescore_note(rescore(record, definitions()))


@bp.get("/self-check")
def start():
    definition = selfcheck_definition()
    _remember_source(request.args.get("source"))
    progress = load_progress(definition)
    resume = progress.first_incomplete() or len(definition.sections)
    context = {"definition": definition, "progress": progress, "resume": resume}
    if not progress.started:  # the same page for every new visitor: rendered once
        return render_cached("selfcheck/start.html", ("start", definition.id,
                             definition.version), lambda: context)
    return render_template("selfcheck/start.html", **context)


def _remember_source(slug: str | None) -> None:
    """Note the article a visitor came from (?source=<slug>), for the content report."""
    if slug and len(slug) <= 120 and published().article(slug) is not None:
        if session.get(SOURCE) != slug:
            session[SOURCE] = slug


@bp.post("/self-check/reset")
def reset():
    clear_progress()
    return redirect(url_for("selfcheck.step", number=1), 303)


@bp.route("/self-check/step/<int:number>", methods=["GET", "POST"])
def step(number: int):
    definition = selfcheck_definition()
    section = section_of_step(definition, number)
    if section is None:
        abort(404)
    progress = load_progress(definition)
    earliest = progress.first_incomplete()
    if earliest is not None and number > earliest:
        # Later steps need the earlier ones: a deep link, an expired or a foreign session.
        flash(_("Please answer this step first."), "selfcheck")
        return redirect(url_for("selfcheck.step", number=earliest), 303)
    if request.method == "GET":
        visible = visible_questions(definition, section, progress.answers)
        return _render_step(progress, number, step_questions(definition, section,
                                                             progress.answers, visible))
    return _post_step(progress, number, section)


def _post_step(progress: Progress, number: int, section):
    definition = progress.definition
    check = take_step(progress, section, request.form)
    if request.form.get(HONEYPOT):
        # A bot: nothing is kept or scored; a person (autofill) sees the step again.
        questions = step_questions(definition, section, check.raw, check.visible, check.errors)
        return _render_step(progress, number, questions,
                            notice=_("We could not accept this step. Please send it again.")), 400
    progress.save()
    if request.form.get("action") == "back":
        if number == 1:
            return redirect(url_for("selfcheck.start"), 303)
        return redirect(url_for("selfcheck.step", number=number - 1), 303)
    questions = step_questions(definition, section, check.raw, check.visible, check.errors)
    if check.errors:
        return _render_step(progress, number, questions, errors=True), 422
    if check.newly_shown:
        return _render_step(progress, number, questions, more=True)
    if number < len(definition.sections):
        return redirect(url_for("selfcheck.step", number=number + 1), 303)
    return _finish(progress)


def _finish(progress: Progress):
    """Score the complete answers, store the result and show it at its own address."""
    definition = progress.definition
    answers, errors = parse_answers(definition, progress.answers)
    earliest = progress.first_incomplete()
    if errors or earliest is not None:
        return redirect(url_for("selfcheck.step", number=earliest or 1), 303)
    wait = completion_limited()
    if wait is not None:
        # The answers stay in the session and on the page: send again later.
        number = len(definition.sections)
        section = definition.sections[number - 1]
        visible = visible_questions(definition, section, progress.answers)
        minutes = max(1, -(-wait // 60))
        notice = ngettext(
            "You have completed many self-checks from this network. Please wait %(num)d "
            "minute, then press See the result again: your answers are kept.",
            "You have completed many self-checks from this network. Please wait %(num)d "
            "minutes, then press See the result again: your answers are kept.", minutes)
        body = _render_step(progress, number,
                            step_questions(definition, section, progress.answers, visible),
                            notice=notice)
        return body, 429, {"Retry-After": str(wait)}
    result = score(definition, answers)
    record = AssessmentResult(
        definition_id=result.definition_id,
        definition_version=result.definition_version,
        answers=answers_to_json(answers),
        score=result.score,
        band=result.band.code,
        result=result.to_dict(),
        locale=stored_locale(),
        source_page=session.pop(SOURCE, None),
    )
    db.session.add(record)
    db.session.commit()
    return redirect(url_for("selfcheck.result", token=record.token), 303)


def _render_step(progress: Progress, number: int, questions, errors=False, more=False,
                 notice=None):
    definition = progress.definition
    return render_template(
        "selfcheck/step.html",
        definition=definition,
        section=definition.sections[number - 1],
        number=number,
        total=len(definition.sections),
        questions=questions,
        show_errors=errors,
        more=more,
        notice=notice,
        run=progress.run,
        restore=request.method == "GET",
    )


@bp.get("/self-check/r/<token>")
def result(token: str):
    if not TOKEN.fullmatch(token):  # e.g. a NUL byte, which PostgreSQL refuses in text
        abort(404)
    record = db.session.execute(
        db.select(AssessmentResult).filter_by(token=token)
    ).scalar_one_or_none()
    if record is None:
        abort(404)
    data = record.result
    bars = presenters.factor_bars(data["factors"])
    by_id = {bar.id: bar for bar in bars}
    response = make_response(
        render_template(
            "selfcheck/result.html",
            r=data,
            token=token,
            bars=bars,
            top=[by_id[fid] for fid in data["top_gaps"] if fid in by_id],
            max_weight=max((bar.max for bar in bars), default=1),
            limit=presenters.limit_lines(data["limit"]),
            zone=presenters.zone_name(data.get("z2_zone")),
            created=format_datetime(record.created_at, "medium"),
            consult_url=url_for("leads.request", assessment=token),
            rescored=rescore_note(record),
        )
    )
    # Results are personal: browsers may keep them, shared caches must not.
    response.headers["Cache-Control"] = "private"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.errorhandler(CSRFError)
def _csrf_expired(err):
    """An expired form (the session ended) goes back to its step instead of an error page."""
    if request.endpoint in aging_views.CSRF_ENDPOINTS:
        return aging_views.csrf_expired()
    number = (request.view_args or {}).get("number")
    if request.endpoint != "selfcheck.step" or not isinstance(number, int):
        return handle_http(err)
    flash(_("Your session had expired. Please check this step and send it again."),
          "selfcheck")
    return redirect(url_for("selfcheck.step", number=number), 303)

"""/tools: receivables and liquidity calculators, each a GET form computed on the server."""

from flask import render_template, request

from ..library import published
from . import presenters
from .blueprint import bp
from .calculators import BY_ID, CALCULATORS, CalcState, run


@bp.get("/tools")
def tools():
    submitted = BY_ID.get(request.args.get("calc", ""))
    states = [
        run(calc, request.args) if calc is submitted else CalcState(calc)
        for calc in CALCULATORS
    ]
    failed = any(state.failed for state in states)
    body = render_template(
        "selfcheck/tools.html",
        states={state.calc.id: state for state in states},
        zone_name=presenters.zone_name,
        article_titles=_article_titles(),
    )
    return body, 422 if failed else 200


def _article_titles() -> dict[str, str]:
    view = published()
    titles = {}
    for calc in CALCULATORS:
        article = view.article(calc.article)
        titles[calc.article] = article.title if article else calc.article
    return titles

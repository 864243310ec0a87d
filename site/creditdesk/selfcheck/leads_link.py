"""Links from a result to the consultation request (the leads part, built separately)."""

from flask import current_app, url_for
from jinja2 import TemplateNotFound

CONSULT_ENDPOINT = "leads.request"
COMPACT_FORM = "leads/_compact_form.html"


SOURCE_PAGE = "self-check"  # one of the leads part's fixed source pages


def consult_url(token: str) -> str:
    """Return /consult carrying the result's token, so the request is linked to it.

    The link is specified as ?result=; the leads form reads ?assessment=. Both are sent
    until the two names are reconciled, so the link works with either.
    """
    if CONSULT_ENDPOINT in current_app.view_functions:
        return url_for(CONSULT_ENDPOINT, result=token, assessment=token)
    return url_for("public.home") + f"consult?result={token}&assessment={token}"


def compact_form_template() -> str | None:
    """Return the leads part's compact form partial when it exists."""
    try:
        current_app.jinja_env.get_template(COMPACT_FORM)
    except TemplateNotFound:
        return None
    return COMPACT_FORM

"""Error pages in the site's layout and the visitor's language."""

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from .extensions import db

# Title and explanation per status; lazy, so each renders in the visitor's language.
MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand that request.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too much data"), _l("What you sent is larger than we accept. Please shorten it.")),
    415: (_l("Unsupported data"), _l("This address accepts only the site's own forms, without files.")),  # noqa: E501
    429: (_l("Too many requests"), _l("You have sent too many requests. Please wait a moment and try again.")),  # noqa: E501
    500: (_l("Something went wrong"), _l("An error on our side stopped this page. We have been told; please try again shortly.")),  # noqa: E501
}


def render_error(code: int, title: str | None = None, message: str | None = None):
    """Render the shared error page with the right status."""
    default_title, default_message = MESSAGES.get(code, MESSAGES[400])
    body = render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        message=message or default_message,
    )
    return body, code


def handle_http(err: HTTPException):
    if request.path.startswith("/healthz"):  # for machines: JSON, no layout
        response = jsonify(status="error", error=err.name)
        response.status_code = err.code or 500
        if getattr(err, "valid_methods", None):
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response
    code = err.code or 500
    response = render_error(code if code in MESSAGES else 400)
    if code == 405 and hasattr(err, "valid_methods") and err.valid_methods:
        return response[0], 405, {"Allow": ", ".join(err.valid_methods)}
    return response[0], code


def handle_500(err):
    db.session.rollback()
    return render_error(500)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(500, handle_500)

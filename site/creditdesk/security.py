"""Response headers every page carries (CSP without unsafe-inline, nosniff, HSTS...) and
no-store on staff pages."""

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

from .origin import refuse_untrusted_host

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["HTTPS"]:
        max_age = current_app.config["HSTS_MAX_AGE"]
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains")
    return response


# Pages for staff only: never cached, by the browser or a proxy (their error pages too).
PRIVATE_PREFIX = "/admin"


def no_store_private(response):
    """Keep staff pages (and their error pages) out of every cache."""
    if request.path == PRIVATE_PREFIX or request.path.startswith(PRIVATE_PREFIX + "/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.vary.add("Cookie")
    return response


# Bodies the site's forms send. Flask-WTF would read a JSON body as form data (a dict or
# list where a field expects text) and a file where a text field is expected: both 500.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def accepts_files(view):
    """Mark a view whose form takes uploaded files (others refuse them with 415)."""
    view.accepts_files = True
    return view


def only_form_bodies():
    """Refuse with 415 a body that is not a form, or carries files the view does not take."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    mimetype = request.mimetype
    if mimetype and mimetype not in FORM_TYPES:
        abort(415)
    if mimetype == "multipart/form-data" and request.files:
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, "accepts_files", False):
            abort(415)


class BoundedInt(IntegerConverter):
    """`<int:...>` no larger than a PostgreSQL integer: /admin/leads/99999999999999999999
    is a 404, not an overflow in the database driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def bound_integers(app: Flask) -> None:
    """Use BoundedInt for `<int:...>` (call before the blueprints add their rules)."""
    app.url_map.converters["int"] = BoundedInt


def init_app(app: Flask) -> None:
    # Before CSRFProtect's check: its error handlers build forms from the body too.
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(1 if funcs and funcs[0] is refuse_untrusted_host else 0, only_form_bodies)
    app.after_request(no_store_private)
    app.after_request(set_headers)

"""Response headers every page carries (CSP without unsafe-inline, nosniff, HSTS...) and
no-store on staff pages."""

from flask import Flask, current_app, request

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


def init_app(app: Flask) -> None:
    app.after_request(no_store_private)
    app.after_request(set_headers)

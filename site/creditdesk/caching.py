"""HTTP caching: fingerprinted static files and revalidated HTML.

Static files are addressed by content: ``url_for('static', filename='css/site.css')``
gives ``/static/css/site.3f2a9c1b04de.css``, served with a one-year immutable
Cache-Control; a new deploy changes the hash and so the URL. (nginx serves the same
URLs from disk in production: see deploy/nginx-creditdesk.conf.) A name without its
hash, or with an old hash, is still served, but revalidated (no-cache).

HTML pages get an ETag from their body and ``Cache-Control: no-cache``, so a browser or
proxy revalidates and gets 304 when nothing changed. Responses with a per-visitor part
(a form's CSRF token, a flashed message, a signed-in user, a staff page) get no ETag;
a response that sets a cookie is ``private`` so a shared cache never stores it.
"""

import hashlib
import re
from pathlib import Path

from flask import Flask, Response, current_app, g, request, send_from_directory, session
from flask.globals import request_ctx
from werkzeug.exceptions import NotFound

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASH_LEN = 12
EXTENSION = "creditdesk.static_manifest"
_HASHED = re.compile(
    r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{" + str(HASH_LEN) + r"})(?P<ext>\.[A-Za-z0-9]+)$"
)


def build_manifest(folder: Path) -> dict[str, str]:
    """Map each static file's name to its fingerprinted name (hash of its content)."""
    manifest = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LEN]
        stem, dot, ext = name.rpartition(".")
        manifest[name] = f"{stem}.{digest}.{ext}" if dot and "/" not in ext else f"{name}.{digest}"
    return manifest


def fingerprint(endpoint: str, values: dict) -> None:
    """url_defaults hook: static URLs carry the file's content hash."""
    if endpoint == "static" and "filename" in values:
        hashed = current_app.extensions[EXTENSION].get(values["filename"])
        if hashed:
            values["filename"] = hashed


def serve_static(filename: str):
    """Serve a static file by its fingerprinted name (immutable) or plain name (no-cache)."""
    manifest = current_app.extensions[EXTENSION]
    plain, current = _unhash(filename, manifest)
    if plain is None:
        raise NotFound()
    response = send_from_directory(current_app.static_folder, plain, max_age=0, etag=True,
                                   conditional=True)
    response.cache_control.max_age = None
    response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
    return response


def _unhash(filename: str, manifest: dict[str, str]) -> tuple[str | None, bool]:
    """Return (the file's real name, whether the hash in the name is the current one)."""
    if filename in manifest:
        return filename, False
    match = _HASHED.match(filename)
    if match:
        plain = match["stem"] + match["ext"]
        if plain in manifest:
            return plain, manifest[plain] == filename
    return None, False


def revalidate_html(response: Response) -> Response:
    """Give shareable HTML an ETag and no-cache, and answer If-None-Match with 304."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or request.endpoint == "static"
    ):
        return response
    if "Cache-Control" in response.headers or _per_visitor():
        response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
    # A first visit's attribution or language cookie is per visitor, the page is not:
    # the browser may revalidate it, a shared cache must not store the cookie.
    # (Flask writes the session cookie after this hook: session.modified says it will.)
    private = "Set-Cookie" in response.headers or session.modified
    response.headers["Cache-Control"] = "private, no-cache" if private else REVALIDATE
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    response.add_etag()
    return response.make_conditional(request)


def _per_visitor() -> bool:
    """Whether the page's body is this visitor's own: a form's CSRF token, a flashed
    message or a signed-in user."""
    if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
        return True
    if getattr(request_ctx, "flashes", None):
        return True
    user = g.get("_login_user")
    return bool(user is not None and getattr(user, "is_authenticated", False))


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = build_manifest(Path(app.static_folder))
    app.url_defaults(fingerprint)
    app.view_functions["static"] = serve_static
    app.after_request(revalidate_html)

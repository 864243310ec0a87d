"""One public origin: SITE_URL names it, the app answers only its host, absolute URLs use it.

Every absolute URL (canonical, og:url, hreflang, sitemap, feed, e-mail and webhook links,
setup links) is built on `site_url()`, never on the request's Host header: a forged Host
must not end up in a page or in a sales e-mail.

Without SITE_URL the app answers loopback names only (a development machine); `make run`
sets SITE_URL for the address it serves.
"""

import re
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# Base of absolute URLs when SITE_URL is not configured (`flask run`'s default address);
# `flask deploy check` refuses to go live that way.
LOCAL_SITE_URL = "http://localhost:5000"
UNTRUSTED = "creditdesk.untrusted_host"

# A Host header: a name or IPv4 address, or a bracketed IPv6 address, with an optional port.
_HOST = re.compile(r"(?P<name>[a-z0-9.-]+|\[[a-f0-9:.]+\])(?::(?P<port>[0-9]{1,5}))?",
                   re.ASCII | re.IGNORECASE)


def site_url(config=None) -> str:
    """Return the public origin without a trailing slash (SITE_URL, else the local one)."""
    config = config if config is not None else current_app.config
    return (config.get("SITE_URL") or "").strip().rstrip("/") or LOCAL_SITE_URL


def host_of(url: str) -> str:
    """Return the host name of an absolute URL, IPv6 in brackets ("" when it has none)."""
    try:
        parts = urlsplit(url.strip())
        name = parts.hostname or ""
    except ValueError:
        return ""
    return f"[{name}]" if ":" in name else name


def trusted_hosts(config) -> list[str]:
    """Return the host names the app answers: TRUSTED_HOSTS, else SITE_URL's, else loopback.

    A loopback SITE_URL (as `make run` sets) accepts every loopback name, so that
    http://localhost:5000 and http://127.0.0.1:5000 both work on a development machine.
    """
    configured = config.get("TRUSTED_HOSTS")
    if configured:
        return [configured] if isinstance(configured, str) else list(configured)
    host = host_of(config.get("SITE_URL") or "")
    if not host or host in LOOPBACK_HOSTS:
        return list(LOOPBACK_HOSTS)
    return [host]


def host_allowed(host_header: str | None, allowed) -> bool:
    """Return whether a Host header (port ignored) names one of the allowed hosts.

    A name starting with a dot allows its subdomains too, as in Flask's TRUSTED_HOSTS.
    """
    match = _HOST.fullmatch(host_header or "")
    if match is None:
        return False
    port = match["port"]
    if port is not None and not 1 <= int(port) <= 65535:
        return False
    name = match["name"].lower().rstrip(".")
    for ref in allowed:
        ref = ref.lower()
        if ref.startswith("."):
            if name == ref[1:] or name.endswith(ref):
                return True
        elif name == ref:
            return True
    return False


class HostGuard:
    """WSGI middleware: mark a request for an unknown host before Flask reads the host.

    Flask's own TRUSTED_HOSTS check fails while the URL adapter is built, so its 400 could
    not render the site's error page (every `url_for` in the layout would fail); Werkzeug's
    matcher also cannot match an IPv6 literal such as [::1]. So the check is made here: an
    untrusted request continues with the site's own host and is refused with a 400 in the
    site's layout by `refuse_untrusted_host`; an allowed host continues in lower case, and an
    IPv6 loopback as localhost (absolute URLs never come from the request, so nothing
    changes for it).
    """

    def __init__(self, wsgi_app, allowed: list[str], fallback: str):
        self.wsgi_app = wsgi_app
        self.allowed = allowed
        self.fallback = fallback

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is None:
            name, port = environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT", "")
            host = f"[{name}]" if ":" in name else name
            if port and port not in ("80", "443"):
                host += f":{port}"
        if not host_allowed(host, self.allowed):
            environ[UNTRUSTED] = host[:200]
            environ["HTTP_HOST"] = self.fallback
        else:  # as Flask's own check expects it: lower case, no trailing dot
            match = _HOST.fullmatch(host)
            name = match["name"].lower().rstrip(".")
            if name.startswith("["):
                name = "localhost"
            environ["HTTP_HOST"] = name + (f":{match['port']}" if match["port"] else "")
        return self.wsgi_app(environ, start_response)


def refuse_untrusted_host():
    """Answer 400 to a request whose Host is not the site's (before any view runs)."""
    if UNTRUSTED in request.environ:
        abort(400)


def absolute_url(endpoint: str, **values) -> str:
    """Return an absolute URL on SITE_URL for an endpoint."""
    return site_url() + url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    allowed = trusted_hosts(app.config)
    app.config["TRUSTED_HOSTS"] = allowed
    fallback = allowed[0].lstrip(".")
    if fallback.startswith("["):
        fallback = "localhost"
    app.wsgi_app = HostGuard(app.wsgi_app, allowed, fallback)
    # First of all before_request functions: nothing runs for a forged host.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)

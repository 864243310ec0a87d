"""`flask deploy check`: is this configuration fit to go live? (like Django's check --deploy)

`check(config)` is a pure function returning (level, message) lines; `fatal` ones stop a
production start (`CREDITDESK_ENV=production` makes wsgi.py run the same checks).
"""

import sys
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .config import Defaults

FATAL, WARNING = "fatal", "warning"
ORG_FIELDS = {
    "ORG_NAME": "the organisation's legal name",
    "ORG_ADDRESS": "the organisation's address",
    "ORG_EMAIL": "the contact e-mail",
}


def check(config) -> list[tuple[str, str]]:
    """Return one (level, message) line per problem of this configuration, fatal first."""
    lines = [*_site_url(config), *_secrets(config), *_rate_limits(config),
             *_organisation(config), *_warnings(config)]
    return sorted(lines, key=lambda line: line[0] != FATAL)


def _site_url(config):
    url = (config.get("SITE_URL") or "").strip()
    if not url:
        yield FATAL, ("SITE_URL is not set: canonical, sitemap and e-mail links would point "
                      "at http://localhost:5000 and only loopback hosts would be answered")
        return
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        yield FATAL, f"SITE_URL {url!r} is not an absolute http(s) URL such as https://www.example.cn"
        return
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        yield FATAL, f"SITE_URL {url!r} must be an origin only (no path, query or fragment)"
    if config.get("HTTPS") and parts.scheme != "https":
        yield FATAL, f"SITE_URL {url!r} is not https while HTTPS=true"
    if not config.get("HTTPS"):
        yield WARNING, "HTTPS is false: session cookies are not Secure and no HSTS is sent"
    if host in ("localhost", "127.0.0.1", "::1") or host.endswith(".example"):
        yield FATAL, f"SITE_URL {url!r} is not a public address"


def _secrets(config):
    if config.get("SECRET_KEY_GENERATED") or not config.get("SECRET_KEY"):
        yield FATAL, ("SECRET_KEY is not set explicitly: a key generated into one host's "
                      "instance/ breaks sessions and links across hosts and restores; set "
                      "CREDITDESK_SECRET_KEY (e.g. python -c 'import secrets; "
                      "print(secrets.token_hex(32))')")
    elif len(str(config["SECRET_KEY"])) < 32:
        yield FATAL, "SECRET_KEY is shorter than 32 characters"
    if config.get("DEBUG"):
        yield FATAL, "DEBUG is on: the debugger would run code for anyone"


def _rate_limits(config):
    if not config.get("RATELIMIT_ENABLED", True):
        yield FATAL, "RATELIMIT_ENABLED is false: the forms and the self-check are unlimited"
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if storage.startswith("memory://"):
        yield FATAL, ("RATELIMIT_STORAGE_URI is memory://: every worker counts on its own and "
                      "forgets at restart; use redis://host:6379/0")


def _organisation(config):
    for key, what in ORG_FIELDS.items():
        value = str(config.get(key) or "").strip()
        if not value:
            yield FATAL, f"{key} is empty: /privacy must name {what} (PIPL art. 17)"
        elif value == getattr(Defaults, key) or _looks_like_example(value):
            yield FATAL, f"{key} is still the shipped example ({value!r}): set {what}"
    phone = str(config.get("ORG_PHONE") or "").strip()
    if not phone:
        yield WARNING, "ORG_PHONE is empty: the footer, /about and /privacy show no phone"
    elif phone == Defaults.ORG_PHONE:
        yield WARNING, f"ORG_PHONE is still the shipped example ({phone!r})"


def _looks_like_example(value: str) -> bool:
    lowered = value.lower()
    return "示例" in value or lowered.endswith((".example", "@example.com", "example.org"))


def _warnings(config):
    if not config.get("NOTIFY_SALES_EMAIL") and not config.get("NOTIFY_WEBHOOKS"):
        yield WARNING, ("no notification channel (NOTIFY_SALES_EMAIL or NOTIFY_WEBHOOKS): "
                        "nobody hears of new leads")
    if not config.get("TRUSTED_PROXIES"):
        yield WARNING, ("TRUSTED_PROXIES is 0: behind a reverse proxy every visitor shares its "
                        "IP (rate limits, lockouts) and X-Forwarded-Host is ignored")
    if str(config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("sqlite"):
        yield WARNING, "the database is SQLite: use PostgreSQL for several workers"


def format_lines(lines: list[tuple[str, str]]) -> list[str]:
    return [f"{level.upper()}: {message}" for level, message in lines]


def refuse_fatal(app: Flask) -> None:
    """Stop a production start on a fatal problem, printing every line (wsgi.py)."""
    lines = check(app.config)
    for text in format_lines(lines):
        print(f"creditdesk deploy check: {text}", file=sys.stderr)
    if any(level == FATAL for level, _message in lines):
        raise SystemExit("creditdesk: refusing to start in production; fix the FATAL lines "
                         "above (`flask deploy check` lists them)")


deploy_cli = AppGroup("deploy", help="Check the configuration before going live.")


@deploy_cli.command("check")
def deploy_check() -> None:
    """Print one line per problem; exit 1 when any is fatal."""
    lines = check(current_app.config)
    for text in format_lines(lines):
        click.echo(text)
    fatal = sum(level == FATAL for level, _message in lines)
    warnings = len(lines) - fatal
    click.echo(f"deploy check: {fatal} fatal, {warnings} warnings")
    if fatal:
        raise SystemExit(1)


GROUPS = (deploy_cli,)

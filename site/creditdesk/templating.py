"""Template globals and filters shared by every blueprint."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_decimal


def site_today() -> date:
    """Return today's date where the business is (publication dates are local)."""
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def absolute_url(endpoint: str, **values) -> str:
    """Return an absolute URL, on SITE_URL when configured."""
    base = current_app.config["SITE_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def canonical_url() -> str:
    """Return this page's canonical address: its path, with ?page= when past the first."""
    base = current_app.config["SITE_URL"].rstrip("/") or request.host_url.rstrip("/")
    url = base + request.path
    page = request.args.get("page", type=int)
    if page and page > 1:
        url += f"?page={page}"
    return url


def lang_url(lang: str) -> str:
    """Return the current page in another language (?lang= is remembered in a cookie)."""
    args = request.args.to_dict()
    args["lang"] = lang
    return url_for(request.endpoint or "public.home", **(request.view_args or {}), **args)


def long_date(value: date | None) -> str:
    return format_date(value, "long") if value else ""


def money(value: Any) -> str:
    """Return an RMB amount as ¥2,000,000 (fen shown only when there are any)."""
    try:
        amount = Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        return ""
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    text = format_decimal(abs(amount), format=pattern)
    return f"-¥{text}" if amount < 0 else f"¥{text}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        absolute_url=absolute_url,
        canonical_url=canonical_url,
        lang_url=lang_url,
        site_name=lambda: current_app.config["SITE_NAME"],
        current_year=lambda: site_today().year,
    )
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["money"] = money
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

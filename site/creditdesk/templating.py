"""Template globals and filters shared by every blueprint."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request
from flask_babel import format_date, format_decimal
from werkzeug.urls import iri_to_uri

from . import origin


def site_today() -> date:
    """Return today's date where the business is (publication dates are local)."""
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


# The days a date filter's bound is held within: a URL can say 0001-01-01 or 9999-12-31,
# whose midnights in UTC no datetime holds. Nothing is dated outside them, so a bound
# beyond one selects what that one does.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def local_midnight(day: date, after: bool = False) -> datetime:
    """Return when local `day` begins (with `after`, when it ends), an aware datetime;
    a day outside FIRST_DAY..LAST_DAY as the nearer of them."""
    day = min(max(day, FIRST_DAY), LAST_DAY) + timedelta(days=1 if after else 0)
    return datetime.combine(day, time.min, ZoneInfo(current_app.config["TIMEZONE"]))


def absolute_url(endpoint: str, **values) -> str:
    """Return an absolute URL on SITE_URL (never on the request's Host)."""
    return origin.absolute_url(endpoint, **values)


def _request_path() -> str:
    """Return this request's path, percent-encoded, without building it from the endpoint.

    Not `url_for(request.endpoint, **view_args, **args)`: a query argument named like a
    view argument or a url_for keyword (`slug`, `endpoint`, `_method`...) broke that.
    """
    return iri_to_uri(request.script_root + request.path)


def canonical_url() -> str:
    """Return this page's canonical address: its path, with ?page= when past the first."""
    url = origin.site_url() + _request_path()
    page = request.args.get("page", type=int)
    if page and page > 1:
        url += f"?page={page}"
    return url


def lang_url(lang: str) -> str:
    """Return the current page in another language (?lang= is remembered in a cookie).

    Every other query argument is kept as sent, repeated keys included.
    """
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", lang))
    return _request_path() + "?" + urlencode(args)


def alternate_url(lang: str) -> str:
    """Return the absolute hreflang address of the canonical page in `lang`."""
    url = canonical_url()
    return url + ("&" if "?" in url else "?") + urlencode({"lang": lang})


def hreflang(lang: str) -> str:
    """Return the BCP 47 tag of one of the site's languages."""
    return "zh-CN" if lang.startswith("zh") else lang


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
        alternate_url=alternate_url,
        hreflang=hreflang,
        site_url=origin.site_url,
        site_name=lambda: current_app.config["SITE_NAME"],
        current_year=lambda: site_today().year,
    )
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["money"] = money
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

"""Locale choice: ?lang= (remembered in a cookie), then the cookie, then Accept-Language."""

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale

from .extensions import babel


def select_locale() -> str:
    """Pick the visitor's locale; zh_CN unless they asked for English."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands: messages in the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = _normalise(request.args.get("lang", ""))
    if asked in supported:
        g.set_lang_cookie = asked
        return asked
    cookie = _normalise(request.cookies.get(current_app.config["LANG_COOKIE"], ""))
    if cookie in supported:
        return cookie
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if best and best.startswith("en"):
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _normalise(value: str) -> str:
    value = value.strip().replace("-", "_")
    if value.lower() in ("zh", "zh_cn", "zh_hans"):
        return "zh_CN"
    if value.lower().startswith("en"):
        return "en"
    return value


def is_zh() -> bool:
    """Return whether the reader's language is Chinese: the one place that decides."""
    return str(get_locale()).startswith("zh")


def html_lang() -> str:
    """Return the BCP 47 tag for <html lang>."""
    return "zh-CN" if is_zh() else "en"


def stored_locale() -> str:
    """Return the reader's language as the site stores it with a lead or a result
    (the site's names, not Babel's zh_Hans_CN)."""
    return "zh_CN" if is_zh() else "en"


def language_key() -> str:
    """Return "zh" or "en": the key of bilingual texts stored as {"zh": ..., "en": ...}."""
    return "zh" if is_zh() else "en"


def pick_language(value) -> str:
    """Pick the reader's language from a stored {"zh": ..., "en": ...} text (filter `tr`)."""
    if isinstance(value, dict):
        return value.get(language_key()) or value.get("zh") or value.get("en") or ""
    return "" if value is None else str(value)


def remember_choice(response):
    """Store an explicit ?lang= choice in a cookie for the rest of the visit."""
    lang = g.pop("set_lang_cookie", None)
    if lang:
        response.set_cookie(
            current_app.config["LANG_COOKIE"], lang, max_age=365 * 86400,
            samesite="Lax", secure=current_app.config["HTTPS"], httponly=True,
        )
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    # One catalog per language in creditdesk/translations (`make messages`, Babel's tools).
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(app.root_path) / "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(html_lang=html_lang, is_zh=is_zh)


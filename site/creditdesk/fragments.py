"""Pages rendered once per content version and locale, with per-request slots filled in.

A page such as an article is the same for every visitor except for a few values: the
form's CSRF token and one-time form token, and the view counts. ``render_cached`` renders
the page once per key (template, its arguments, locale, host, path and query, day,
content version) with a marker in place of each such value (``slot(name, *args)`` in a
template), keeps the pieces, and per request only joins them with fresh values.

A slot is filled by the function registered under its name; outside a cached render
``slot()`` calls it at once, so templates work the same either way. With DEBUG on (or
FRAGMENT_CACHE false) nothing is cached.
"""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import Flask, current_app, g, render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .templating import site_today

EXTENSION = "creditdesk.fragments"
MAX_PAGES = 2000  # pages kept per worker (a query-string flood only churns the oldest)
_MARK = "\x00slot:{}\x00"
_SLOTS: dict[str, Callable[..., str]] = {}


def register_slot(name: str, fill: Callable[..., str]) -> None:
    """Register the function that fills slot `name` per request (returns safe HTML)."""
    _SLOTS[name] = fill


def recording() -> bool:
    """Whether a cached render is in progress (values that vary per request must be slots)."""
    return g.get("_fragment_slots") is not None


def slot(name: str, *args) -> Markup:
    """A per-request value: its marker in a cached render, else the value itself."""
    slots = g.get("_fragment_slots")
    if slots is None:
        return Markup(_SLOTS[name](*args))
    slots.append((name, args))
    return Markup(_MARK.format(len(slots) - 1))


class PageCache:
    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self.pages: OrderedDict[tuple, list] = OrderedDict()
        self.lock = Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self.lock:
            parts = self.pages.get(key)
            if parts is not None:
                self.pages.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return parts

    def put(self, key, parts) -> None:
        with self.lock:
            self.pages[key] = parts
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def render_cached(template: str, key: tuple, context: Callable[[], dict]) -> str:
    """Render `template` with `context()` once per key and request setting; fill its slots."""
    app = current_app
    if app.debug or not app.config["FRAGMENT_CACHE"]:
        return render_template(template, **context())
    full_key = (
        template, key, str(get_locale()), request.host, request.script_root, request.path,
        request.query_string, site_today(), app.config["SITE_URL"],
    )
    cache: PageCache = app.extensions[EXTENSION]
    parts = cache.get(full_key)
    if parts is None:
        g._fragment_slots = slots = []
        try:
            html = render_template(template, **context())
        finally:
            g._fragment_slots = None
        parts = _split(html, slots)
        cache.put(full_key, parts)
    return "".join(part if type(part) is str else _SLOTS[part[0]](*part[1]) for part in parts)


def _split(html: str, slots: list) -> list:
    """Cut the page at its markers: text, (slot name, args), text, ..."""
    parts: list = []
    rest = html
    for index, item in enumerate(slots):
        before, marker, rest = rest.partition(_MARK.format(index))
        if not marker:
            raise RuntimeError(f"slot {item[0]} was rendered but is not in the page")
        parts.extend([before, item])
    parts.append(rest)
    if "\x00slot:" in rest:
        raise RuntimeError("a slot marker was left in the page")
    return [p for p in parts if p != ""]


def init_app(app: Flask) -> None:
    """Call after CSRFProtect: a template's csrf_token() becomes a slot in cached pages."""
    app.extensions[EXTENSION] = PageCache()
    app.jinja_env.globals["slot"] = slot
    app.jinja_env.globals["csrf_token"] = csrf_slot
    app.context_processor(lambda: {"csrf_token": csrf_slot})  # Flask-WTF adds one too


def csrf_slot() -> Markup:
    return slot("csrf")


register_slot("csrf", generate_csrf)

"""What readers see around an article: popular articles, openings, the share QR code."""

from __future__ import annotations

import html
import re
import time
import unicodedata
from functools import lru_cache

import segno
from flask import current_app
from markupsafe import Markup

from ..library import published
from ..viewcounts import last_days, top_articles

POPULAR_DAYS = 30
EXTENSION = "creditdesk.popular"


def popular_articles(limit: int = 5, exclude: str | None = None) -> list:
    """Return the published articles most viewed in the last 30 days (from the daily rows)."""
    app = current_app._get_current_object()
    ttl = float(app.config.get("POPULAR_CACHE_SECONDS", 60))
    cached = app.extensions.get(EXTENSION)
    now = time.monotonic()
    if cached is None or now - cached[0] >= ttl:
        ranked = top_articles(*last_days(POPULAR_DAYS), limit=limit + 20)
        cached = (now, ranked)
        app.extensions[EXTENSION] = cached
    view = published()
    items = []
    for slug, _views in cached[1]:
        article = view.article(slug)
        if article is not None and slug != exclude:
            items.append(article)
        if len(items) == limit:
            break
    return items


def opening(text: str, limit: int = 80) -> str:
    """Return about `limit` characters of text's start, cut at a character boundary, with …

    Whitespace runs become one space; the cut never separates a base character from its
    combining marks (or a variation selector / joiner sequence from its base).
    """
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = limit
    while cut > 0 and _joins_previous(flat[cut]):
        cut -= 1
    while cut > 0 and flat[cut - 1] == "\u200d":  # never end on a zero-width joiner
        cut -= 1
    return flat[:cut].rstrip(" ，、；：,;:") + "…"


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def body_text(article_html: str, enough: int = 400) -> str:
    """Return the plain text of an article's first paragraphs (no headings, tables, lists)."""
    parts, size = [], 0
    for match in _PARAGRAPH.finditer(article_html or ""):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if text:
            parts.append(text)
            size += len(text)
        if size >= enough:
            break
    return " ".join(parts)


def article_opening(article, limit: int = 80) -> str:
    """About `limit` characters of an article's first paragraphs (its summary if it has none)."""
    return opening(body_text(article.html) or article.summary, limit)


def _joins_previous(char: str) -> bool:
    return (unicodedata.combining(char) > 0 or unicodedata.category(char) in ("Mn", "Me")
            or "\ufe00" <= char <= "\ufe0f" or char == "\u200d"
            or "\U0001f3fb" <= char <= "\U0001f3ff")


@lru_cache(maxsize=512)
def qr_svg(url: str) -> Markup:
    """Return an SVG QR code of url (segno; no inline style, sized by CSS)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, omitsize=True, svgclass="qr-code",
                          lineclass="qr-code-dark", dark="#111", light="#fff")
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))

"""收藏 without an account: a reader is a random id in a long-lived cookie.

One save per reader and article (the table's primary key), at most MAX_SAVES per reader,
checked inside a writer transaction that holds the reader's lock (BEGIN IMMEDIATE on
SQLite, a transaction-level advisory lock on PostgreSQL), so concurrent saves can
neither pass the limit nor count twice. Bots and requests without the cookie count
nothing.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Request, Response, current_app, g, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.dialects import postgresql, sqlite

from ..database import begin_write
from ..extensions import db
from ..fragments import register_slot
from ..models import ArticleSave, now_utc
from .counters import is_bot

COOKIE = "cd_reader"
COOKIE_DAYS = 730
MAX_SAVES = 200
_READER = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


class SaveLimitReached(Exception):
    """The reader has MAX_SAVES saves already."""


def reader_id(req: Request | None = None) -> str | None:
    """Return the reader id from the cookie, or None (no cookie, a bad one, or a bot)."""
    req = req or request
    if is_bot(req):
        return None
    value = req.cookies.get(COOKIE, "")
    return value if _READER.fullmatch(value) else None


def give_reader_cookie(response: Response) -> Response:
    """Set a new reader id on a response to a visitor (not a bot) who has none."""
    if is_bot(request) or reader_id() is not None:
        return response
    response.set_cookie(
        COOKIE, secrets.token_urlsafe(16), max_age=COOKIE_DAYS * 86400, httponly=True,
        samesite="Lax", secure=bool(current_app.config.get("HTTPS")), path="/",
    )
    return response


def _lock_reader(reader: str) -> None:
    """Serialise this reader's writes until the end of the transaction."""
    begin_write()  # SQLite: BEGIN IMMEDIATE, one writer at a time
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(
            sa.func.hashtextextended(sa.literal("article_save:" + reader), 0))))


def save(reader: str, slug: str) -> None:
    """Save an article for a reader (again: no change); SaveLimitReached at the limit."""
    _lock_reader(reader)
    try:
        if db.session.get(ArticleSave, (reader, slug)) is not None:
            return
        held = db.session.scalar(
            sa.select(sa.func.count()).select_from(ArticleSave).where(ArticleSave.reader == reader)
        )
        if held >= MAX_SAVES:
            raise SaveLimitReached()
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        db.session.execute(
            insert(ArticleSave).values(reader=reader, slug=slug, created_at=now_utc())
            .on_conflict_do_nothing(index_elements=[ArticleSave.reader, ArticleSave.slug])
        )
        db.session.commit()
        forget_count(slug)
    finally:
        db.session.rollback()


def unsave(reader: str, slug: str) -> None:
    """Remove a reader's save of an article (none: no change)."""
    _lock_reader(reader)
    db.session.execute(
        sa.delete(ArticleSave).where(ArticleSave.reader == reader, ArticleSave.slug == slug)
    )
    db.session.commit()
    forget_count(slug)


def save_counts(slugs) -> dict[str, int]:
    """Return each article's number of saves."""
    slugs = list(slugs)
    if not slugs:
        return {}
    rows = db.session.execute(
        sa.select(ArticleSave.slug, sa.func.count()).where(ArticleSave.slug.in_(slugs))
        .group_by(ArticleSave.slug)
    )
    counts = dict.fromkeys(slugs, 0)
    counts.update({slug: int(n) for slug, n in rows})
    return counts


# A reader without the cookie (most of a widely shared article's visitors) has saved
# nothing, so their page needs only the counts: each worker keeps them for
# SAVE_COUNTS_CACHE_SECONDS, and forgets an article's count when it saves or unsaves it.
# Another worker's page may show a count that old; a reader with the cookie always reads
# the database, so whoever saved sees their save counted at once.
_CACHE = "creditdesk.save_counts"


def cached_save_counts(slugs) -> dict[str, int]:
    """Return save_counts(slugs), from this worker's copy where it is fresh enough."""
    slugs = list(slugs)
    ttl = current_app.config["SAVE_COUNTS_CACHE_SECONDS"]
    if ttl <= 0:
        return save_counts(slugs)
    cache = current_app.extensions.setdefault(_CACHE, {})
    now = time.monotonic()
    stale = [slug for slug in slugs if cache.get(slug, (0.0, 0))[0] <= now]
    if stale:
        remember_counts(save_counts(stale), now)
    return {slug: cache[slug][1] for slug in slugs}


def remember_counts(counts: dict[str, int], now: float | None = None) -> None:
    """Keep freshly read counts in this worker's copy."""
    ttl = current_app.config["SAVE_COUNTS_CACHE_SECONDS"]
    if ttl > 0:
        expires = (time.monotonic() if now is None else now) + ttl
        current_app.extensions.setdefault(_CACHE, {}).update(
            {slug: (expires, n) for slug, n in counts.items()})


def forget_count(slug: str) -> None:
    """Drop an article's count from this worker's copy (it has just changed)."""
    current_app.extensions.get(_CACHE, {}).pop(slug, None)


def saved_slugs(reader: str | None, slugs=None) -> set[str]:
    """Return which of `slugs` (all when None) the reader has saved."""
    if reader is None:
        return set()
    query = sa.select(ArticleSave.slug).where(ArticleSave.reader == reader)
    if slugs is not None:
        query = query.where(ArticleSave.slug.in_(list(slugs)))
    return set(db.session.scalars(query))


@dataclass(frozen=True)
class SavedItem:
    slug: str
    saved_at: datetime


def saved_items(reader: str | None) -> list[SavedItem]:
    """Return the reader's saves, newest first."""
    if reader is None:
        return []
    rows = db.session.execute(
        sa.select(ArticleSave.slug, ArticleSave.created_at).where(ArticleSave.reader == reader)
        .order_by(ArticleSave.created_at.desc(), ArticleSave.slug)
    )
    return [SavedItem(slug, at) for slug, at in rows]


def count_text(n: int) -> str:
    return ngettext("%(num)d save", "%(num)d saves", n)


def load_save_state(slugs) -> None:
    """Read the articles' save counts and this reader's saves in one query for the slots
    (without a reader cookie: the counts only, from this worker's copy when fresh)."""
    slugs = list(slugs)
    reader = reader_id()
    if reader is None:
        g.save_state = {"saved": set(), "counts": cached_save_counts(slugs)}
        return
    mine = sa.func.sum(sa.case((ArticleSave.reader == reader, 1), else_=0))
    rows = db.session.execute(
        sa.select(ArticleSave.slug, sa.func.count(), mine).where(ArticleSave.slug.in_(slugs))
        .group_by(ArticleSave.slug)
    ).all() if slugs else []
    counts = dict.fromkeys(slugs, 0)
    counts.update({slug: int(n) for slug, n, _mine in rows})
    remember_counts(counts)
    g.save_state = {"saved": {slug for slug, _n, m in rows if m}, "counts": counts}


_CONTROL = Markup(
    '<form class="save-form" method="post" action="{action}" data-save-form data-error="{error}">'
    '{csrf}<input type="hidden" name="action" value="{next_action}">'
    '<input type="hidden" name="next" value="{next_page}">'
    '<button type="submit" class="save-button" aria-pressed="{pressed}" '
    'aria-describedby="save-count-{slug}"><span class="save-icon" aria-hidden="true"></span>'
    '{label}</button> <span class="save-count" id="save-count-{slug}" aria-live="polite">'
    '{count_text}</span></form>'
)


def save_control(slug: str, saved: bool, count: int, next_page: str = "article") -> Markup:
    """The 收藏 form: a toggle button (aria-pressed) and the article's number of saves."""
    csrf = ""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf = Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())
    return _CONTROL.format(
        action=url_for("public.save_article", slug=slug),
        error=_("Saving failed. Please try again."), csrf=csrf,
        next_action="unsave" if saved else "save", next_page=next_page,
        pressed="true" if saved else "false", slug=slug, label=_("Save"),
        count_text=count_text(count),
    )


def _save_control(slug: str) -> str:
    """Slot "save": the 收藏 button and count for this reader, filled per request."""
    state = g.get("save_state") or {"saved": set(), "counts": {}}
    return save_control(slug, slug in state["saved"], state["counts"].get(slug, 0))


register_slot("save", _save_control)

"""One reader per kind of file: front matter checked against a field table, body rendered."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from creditdesk.content import frontmatter as fm
from creditdesk.content.errors import ContentError, Invalid
from creditdesk.content.models import Article, FaqEntry, FaqTopic, Page
from creditdesk.content.render import Renderer, plain_text, reading_minutes

REQUIRED = object()

# field: (normaliser, default or REQUIRED); the order is the order of checks.
ARTICLE_FIELDS: Mapping[str, tuple[fm.Normaliser, Any]] = {
    "title": (fm.text, REQUIRED),
    "slug": (fm.slug, REQUIRED),
    "date": (fm.date, REQUIRED),
    "updated": (fm.date, None),
    "category": (fm.text, REQUIRED),
    "tags": (fm.tags, ()),
    "summary": (fm.text, REQUIRED),
    "faq": (fm.faq, ()),
    "draft": (fm.boolean, False),
}
FAQ_TOPIC_FIELDS: Mapping[str, tuple[fm.Normaliser, Any]] = {
    "title": (fm.text, REQUIRED),
    "slug": (fm.slug, REQUIRED),
    "order": (fm.integer, REQUIRED),
    "summary": (fm.text, REQUIRED),
    "faq": (fm.faq, REQUIRED),
}
PAGE_FIELDS: Mapping[str, tuple[fm.Normaliser, Any]] = {
    "title": (fm.text, REQUIRED),
    "slug": (fm.slug, REQUIRED),
    "updated": (fm.date, None),
    "summary": (fm.text, REQUIRED),
    "version": (fm.text, None),
}


def read_article(path: Path, renderer: Renderer) -> Article:
    """Read one article file."""
    meta, body = _read(path)
    f = _fields(path, meta, ARTICLE_FIELDS)
    if f["updated"] is not None and f["updated"] < f["date"]:
        raise ContentError(path, "updated", f"{f['updated']} is before date {f['date']}")
    html, toc = renderer.body(body)
    text = plain_text(html)
    return Article(
        slug=f["slug"],
        title=f["title"],
        date=f["date"],
        updated=f["updated"],
        category=f["category"],
        tags=f["tags"],
        summary=f["summary"],
        faq=_faq_entries(f["faq"], renderer),
        draft=f["draft"],
        html=html,
        toc=toc,
        text=text,
        reading_minutes=reading_minutes(text),
        source=path.as_posix(),
    )


def read_faq_topic(path: Path, renderer: Renderer) -> FaqTopic:
    """Read one FAQ topic file: intro body plus a required list of questions."""
    meta, body = _read(path)
    f = _fields(path, meta, FAQ_TOPIC_FIELDS)
    if not f["faq"]:
        raise ContentError(path, "faq", "needs at least one {q: ..., a: ...} item")
    html = renderer.fragment(body) if body.strip() else ""
    return FaqTopic(
        slug=f["slug"],
        title=f["title"],
        order=f["order"],
        summary=f["summary"],
        html=html,
        entries=_faq_entries(f["faq"], renderer),
    )


def read_page(path: Path, renderer: Renderer) -> Page:
    """Read one standalone page (privacy policy, about)."""
    meta, body = _read(path)
    f = _fields(path, meta, PAGE_FIELDS)
    html, toc = renderer.body(body)
    return Page(
        slug=f["slug"],
        title=f["title"],
        updated=f["updated"],
        summary=f["summary"],
        version=f["version"],
        html=html,
        toc=toc,
    )


def _read(path: Path) -> tuple[Mapping[str, Any], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "file", "is not UTF-8 text") from None
    try:
        return fm.split(raw)
    except Invalid as exc:
        raise ContentError(path, "front matter", str(exc)) from None


def _fields(path: Path, meta: Mapping[str, Any], table: Mapping) -> dict[str, Any]:
    for key in meta:
        if key not in table:
            expected = ", ".join(table)
            raise ContentError(path, str(key), f"unknown field (expected one of: {expected})")
    result = {}
    for name, (normalise, default) in table.items():
        value = meta.get(name)
        if value is None:
            if default is REQUIRED:
                problem = "is empty (required)" if name in meta else "missing (required)"
                raise ContentError(path, name, problem)
            result[name] = default
            continue
        try:
            result[name] = normalise(value)
        except Invalid as exc:
            raise ContentError(path, name, str(exc)) from None
    return result


def _faq_entries(pairs, renderer: Renderer) -> tuple[FaqEntry, ...]:
    entries = []
    for question, answer in pairs:
        answer_html = renderer.fragment(answer)
        entries.append(FaqEntry(question, answer_html, plain_text(answer_html)))
    return tuple(entries)

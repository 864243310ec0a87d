"""Substring search over published articles, with plain-text highlight segments.

Chinese has no spaces between words, so a term matches wherever it occurs
(坏账 inside 坏账准备); an article matches when it holds every term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from creditdesk.content.models import Article, SearchHit, Segments

MAX_QUERY_CHARS = 200
SNIPPET_CHARS = 120
_LEAD_CHARS = 30  # context kept before the first match
_TITLE, _TAG, _SUMMARY, _BODY_CAP = 100, 20, 10, 10


@dataclass(frozen=True, slots=True)
class Entry:
    """An article with its searchable text prepared once."""

    article: Article
    title: str
    tags: tuple[str, ...]
    summary: str
    body: str  # body text on one line, original case (snippets come from here)
    body_folded: str
    faq_folded: str


def build_index(articles: Iterable[Article]) -> tuple[Entry, ...]:
    """Prepare casefolded text for every article."""
    entries = []
    for a in articles:
        body = " ".join(a.text.split())
        faq = " ".join(f"{e.question} {e.answer_text}" for e in a.faq)
        entries.append(
            Entry(
                article=a,
                title=a.title.casefold(),
                tags=tuple(t.casefold() for t in a.tags),
                summary=a.summary.casefold(),
                body=body,
                body_folded=body.casefold(),
                faq_folded=faq.casefold(),
            )
        )
    return tuple(entries)


def query_terms(query: str | None) -> tuple[str, ...]:
    """The distinct terms of the first 200 characters of a query."""
    query = unicodedata.normalize("NFKC", (query or "")[:MAX_QUERY_CHARS])
    terms: list[str] = []
    for term in query.split():
        if term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return tuple(terms)


def search(entries: tuple[Entry, ...], query: str | None, limit: int = 50) -> tuple[SearchHit, ...]:
    """Articles holding every term, best first: title hits, then tags, summary, body."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return ()
    folded = tuple(t.casefold() for t in terms)
    scored = []
    for entry in entries:
        score = _score(entry, folded)
        if score is not None:
            scored.append((score, entry))
    scored.sort(key=lambda s: (-s[0], -s[1].article.date.toordinal(), s[1].article.slug))
    # Longest first, so 信用保险 is marked whole rather than as 信用 + 保险.
    alternatives = sorted(terms, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)
    return tuple(
        SearchHit(
            article=entry.article,
            score=float(score),
            title_segments=segments(entry.article.title, pattern),
            snippet_segments=_snippet(entry, pattern),
        )
        for score, entry in scored[:limit]
    )


def _score(entry: Entry, terms: tuple[str, ...]) -> int | None:
    score = 0
    for term in terms:
        in_title = term in entry.title
        in_tags = any(term in tag for tag in entry.tags)
        in_summary = term in entry.summary
        elsewhere = entry.body_folded.count(term) + entry.faq_folded.count(term)
        if not (in_title or in_tags or in_summary or elsewhere):
            return None
        score += _TITLE * in_title + _TAG * in_tags + _SUMMARY * in_summary
        score += min(elsewhere, _BODY_CAP)
    return score


def segments(text: str, pattern: re.Pattern[str]) -> Segments:
    """Split text into (part, matched) pairs; offsets come from the original text."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            parts.append((text[pos : match.start()], False))
        if parts and parts[-1][1]:
            parts[-1] = (parts[-1][0] + match.group(), True)
        else:
            parts.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return tuple(parts)


def _snippet(entry: Entry, pattern: re.Pattern[str]) -> Segments:
    body = entry.body
    match = pattern.search(body)
    if match is None:  # matched in title, tags, summary or FAQ only
        return segments(_clip(entry.article.summary), pattern)
    start = max(0, match.start() - _LEAD_CHARS)
    end = min(len(body), max(start + SNIPPET_CHARS, match.end()))
    start = max(0, min(start, end - SNIPPET_CHARS))
    start = _word_start(body, start, match.start())
    parts = segments(body[start:end], pattern)
    if start > 0:
        parts = (("…", False), *parts)
    if end < len(body):
        parts = (*parts, ("…", False))
    return parts


def _clip(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "…"


def _word_start(text: str, start: int, limit: int) -> int:
    """Move a cut that falls inside an English word to the next space before limit."""
    if start == 0 or not (text[start - 1].isascii() and text[start - 1].isalnum()):
        return start
    space = text.find(" ", start, limit)
    return space + 1 if space != -1 else start

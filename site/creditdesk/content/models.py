"""Immutable objects the library hands to the web layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

Segments = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class FaqEntry:
    question: str
    answer_html: str
    answer_text: str


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    title: str
    date: datetime.date
    updated: datetime.date | None
    category: str
    tags: tuple[str, ...]
    summary: str
    faq: tuple[FaqEntry, ...]
    draft: bool
    html: str
    toc: tuple[Heading, ...]
    text: str
    reading_minutes: int
    source: str

    @property
    def last_modified(self) -> datetime.date:
        return self.updated or self.date


@dataclass(frozen=True, slots=True)
class FaqTopic:
    slug: str
    title: str
    order: int
    summary: str
    html: str
    entries: tuple[FaqEntry, ...]


@dataclass(frozen=True, slots=True)
class Page:
    slug: str
    title: str
    updated: datetime.date | None
    summary: str
    version: str | None
    html: str
    toc: tuple[Heading, ...]


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result; segments are plain text, the template escapes and marks them."""

    article: Article
    score: float
    title_segments: Segments
    snippet_segments: Segments

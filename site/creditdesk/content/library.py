"""The loaded library and its per-date views."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from creditdesk.content import search as _search
from creditdesk.content.errors import ContentError
from creditdesk.content.models import Article, FaqTopic, Page, SearchHit, Term
from creditdesk.content.readers import read_article, read_faq_topic, read_page
from creditdesk.content.render import Renderer

T = TypeVar("T")
_MAX_VIEWS = 8  # a process sees today's date, maybe yesterday's; tests see a few more


def load_library(root: Path | str) -> Library:
    """Load every file under root once; raise ContentError on the first broken one."""
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "content", "directory not found")
    renderer = Renderer()
    articles = _load(root / "articles", read_article, renderer)
    topics = _load(root / "faq", read_faq_topic, renderer)
    pages = _load(root / "pages", read_page, renderer)
    return Library(
        all_articles=tuple(sorted(articles.values(), key=_newest_first)),
        slugs=frozenset(articles),
        faq_topics=tuple(sorted(topics.values(), key=lambda t: (t.order, t.title))),
        pages=MappingProxyType(pages),
    )


def _load(folder: Path, read: Callable[[Path, Renderer], T], renderer: Renderer) -> dict[str, T]:
    """Read every *.md in folder into {slug: object}; a slug used twice is an error."""
    found: dict[str, T] = {}
    sources: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        item = read(path, renderer)
        slug = item.slug  # type: ignore[attr-defined]
        if slug in found:
            other = sources[slug].as_posix()
            raise ContentError(path, "slug", f"{slug!r} is already used by {other}")
        found[slug] = item
        sources[slug] = path
    return found


def _newest_first(article: Article) -> tuple[int, str]:
    return (-article.date.toordinal(), article.slug)


@dataclass(frozen=True, slots=True)
class Library:
    """Everything in content/, loaded and rendered once."""

    all_articles: tuple[Article, ...]
    faq_topics: tuple[FaqTopic, ...]
    pages: MappingProxyType[str, Page]
    slugs: frozenset[str]
    _views: dict[datetime.date, View] = field(default_factory=dict, repr=False, compare=False)

    def page(self, slug: str) -> Page | None:
        return self.pages.get(slug)

    def faq_topic(self, slug: str) -> FaqTopic | None:
        return next((t for t in self.faq_topics if t.slug == slug), None)

    def view(self, today: datetime.date) -> View:
        """Published articles as of today: no drafts, nothing dated later."""
        if isinstance(today, datetime.datetime):
            today = today.date()
        view = self._views.get(today)
        if view is None:
            if len(self._views) >= _MAX_VIEWS:
                self._views.clear()
            published = (a for a in self.all_articles if not a.draft and a.date <= today)
            view = self._views[today] = View(published)
        return view


class View:
    """The published articles on one date, with their categories, tags and search index."""

    __slots__ = ("articles", "categories", "tags", "_by_slug", "_by_category", "_by_tag", "_index")

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles: tuple[Article, ...] = tuple(sorted(articles, key=_newest_first))
        self._by_slug = MappingProxyType({a.slug: a for a in self.articles})
        self._by_category = _group(self.articles, lambda a: (a.category,))
        self._by_tag = _group(self.articles, lambda a: a.tags)
        self.categories = _terms(self._by_category)
        self.tags = _terms(self._by_tag)
        self._index = _search.build_index(self.articles)

    def article(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    def in_category(self, name: str) -> tuple[Article, ...]:
        return self._by_category.get(name, ())

    def with_tag(self, name: str) -> tuple[Article, ...]:
        return self._by_tag.get(name, ())

    def related(self, article: Article, limit: int = 4) -> tuple[Article, ...]:
        """Articles sharing a tag or the category, newest first (as `articles` is sorted)."""
        tags = set(article.tags)
        found = (
            other
            for other in self.articles
            if other.slug != article.slug
            and (other.category == article.category or tags.intersection(other.tags))
        )
        return tuple(found)[: max(limit, 0)]

    def search(self, query: str, limit: int = 50) -> tuple[SearchHit, ...]:
        return _search.search(self._index, query, limit)


def _group(
    articles: tuple[Article, ...], keys: Callable[[Article], Iterable[str]]
) -> MappingProxyType[str, tuple[Article, ...]]:
    groups: dict[str, list[Article]] = {}
    for article in articles:
        for key in keys(article):
            groups.setdefault(key, []).append(article)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})


def _terms(groups: MappingProxyType[str, tuple[Article, ...]]) -> tuple[Term, ...]:
    counts = sorted(((name, len(items)) for name, items in groups.items()), key=_by_count)
    return tuple(Term(name, count) for name, count in counts)


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])

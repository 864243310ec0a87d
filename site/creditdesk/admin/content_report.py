"""What each article brings in over a period: views, saves, self-checks, requests.

Days are the site's local days (TIMEZONE), like the daily view rows: a period from
`start` to `end` includes both days. Saves are the saves made in the period that are
still held; self-checks started are the daily start rows (a visitor's first step sent after
/self-check?source=<slug>, once per session and article), self-checks completed are results
stored from such a self-check; requests are leads whose source page is the article,
except those marked as spam; conversion is requests ÷ views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..library import published
from ..models import ArticleSave, ArticleViewDay, AssessmentResult, Lead, LeadStatus
from ..selfcheck.starts import starts_between
from ..templating import local_midnight, site_today
from ..viewcounts import views_between

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")
MAX_DAYS = 366
PRESETS = (7, 30, 90, 365)
SORTS = ("title", "views", "saves", "started", "selfchecks", "requests", "conversion")
DEFAULT_SORT = "-views"


@dataclass
class ReportFilters:
    start: date
    end: date
    category: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def args(self, **changes) -> dict[str, str]:
        """The filters as URL arguments (only those that differ from the defaults)."""
        values = {"start": self.start.isoformat(), "end": self.end.isoformat(),
                  "category": self.category, "q": self.q, "sort": self.sort}
        values.update(changes)
        return {k: v for k, v in values.items() if v}


def parse_filters(args) -> ReportFilters:
    """Read the period, category, search and sort from the URL; bad values get a message."""
    today = site_today()
    end, start = today, today - timedelta(days=29)
    errors: dict[str, str] = {}
    raw = {k: (args.get(k) or "").strip()[:200] for k in ("start", "end", "category", "q", "sort")}
    days = args.get("days", type=int)
    if days in PRESETS:
        start = today - timedelta(days=days - 1)
    parsed = {}
    for name in ("start", "end"):
        if raw[name]:
            try:
                parsed[name] = date.fromisoformat(raw[name])
            except ValueError:
                errors[name] = str(_l("Enter a date as YYYY-MM-DD, e.g. %(example)s.",
                                      example=today.isoformat()))
    start = parsed.get("start", start)
    end = parsed.get("end", end)
    if not errors:
        if end < start:
            errors["end"] = str(_l("The end date must not be before the start date."))
        elif (end - start).days + 1 > MAX_DAYS:
            errors["end"] = str(_l("Choose a period of at most %(max)d days.", max=MAX_DAYS))
    if errors:
        end, start = today, today - timedelta(days=29)
    sort = raw["sort"] if raw["sort"].lstrip("-") in SORTS else DEFAULT_SORT
    categories = {c.name for c in published().categories}
    category = raw["category"] if raw["category"] in categories else ""
    if raw["category"] and not category:
        errors["category"] = str(_l("Unknown category."))
    return ReportFilters(start=start, end=end, category=category, q=raw["q"], sort=sort,
                         errors=errors, raw=raw)


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Return the UTC instants at which local day `start` begins and day `end` ends."""
    return local_midnight(start).astimezone(UTC), local_midnight(end, after=True).astimezone(UTC)


@dataclass(frozen=True)
class ArticleRow:
    slug: str
    title: str
    category: str
    date: date | None
    views: int
    saves: int
    started: int  # self-checks started from the article
    selfchecks: int  # self-checks completed (a result stored)
    requests: int

    @property
    def conversion(self) -> float | None:
        """Requests per view (None without views)."""
        return self.requests / self.views if self.views else None


def _count_per_slug(column, created, low, high, *where) -> dict[str, int]:
    query = (sa.select(column, sa.func.count()).where(column.is_not(None), created >= low,
                                                      created < high, *where)
             .group_by(column))
    return {slug: int(n) for slug, n in db.session.execute(query)}


def figures(start: date, end: date) -> dict[str, dict[str, int]]:
    """Return {"views"|"saves"|"started"|"selfchecks"|"requests": {slug: n}} for the period."""
    low, high = utc_bounds(start, end)
    return {
        "views": views_between(start, end),
        "saves": _count_per_slug(ArticleSave.slug, ArticleSave.created_at, low, high),
        "started": starts_between(start, end),
        "selfchecks": _count_per_slug(AssessmentResult.source_page, AssessmentResult.created_at,
                                      low, high),
        "requests": _count_per_slug(Lead.source_page, Lead.created_at, low, high,
                                    Lead.status != LeadStatus.SPAM),
    }


def report(filters: ReportFilters) -> list[ArticleRow]:
    """One row per published article matching the filters, sorted."""
    data = figures(filters.start, filters.end)
    needle = filters.q.casefold()
    rows = []
    for article in published().articles:
        if filters.category and article.category != filters.category:
            continue
        if needle and needle not in article.title.casefold() and needle not in article.slug:
            continue
        rows.append(ArticleRow(
            slug=article.slug, title=article.title, category=article.category,
            date=article.date, views=data["views"].get(article.slug, 0),
            saves=data["saves"].get(article.slug, 0),
            started=data["started"].get(article.slug, 0),
            selfchecks=data["selfchecks"].get(article.slug, 0),
            requests=data["requests"].get(article.slug, 0),
        ))
    key = filters.sort.lstrip("-")
    descending = filters.sort.startswith("-")
    if key == "title":
        rows.sort(key=lambda r: r.title, reverse=descending)
    else:
        # Ties (and articles without a conversion rate) keep title order.
        rows.sort(key=lambda r: r.title)
        rows.sort(key=lambda r: (getattr(r, key) is not None, getattr(r, key) or 0),
                  reverse=descending)
    return rows


def article_row(slug: str, article, start: date, end: date) -> ArticleRow:
    """One article's figures for the period (article None: one not in the library)."""
    data = figures(start, end)
    return ArticleRow(
        slug=slug, title=article.title if article else slug,
        category=article.category if article else "", date=article.date if article else None,
        views=data["views"].get(slug, 0), saves=data["saves"].get(slug, 0),
        started=data["started"].get(slug, 0),
        selfchecks=data["selfchecks"].get(slug, 0), requests=data["requests"].get(slug, 0),
    )


def totals(rows: list[ArticleRow]) -> dict[str, int | float | None]:
    views = sum(r.views for r in rows)
    requests = sum(r.requests for r in rows)
    return {"views": views, "saves": sum(r.saves for r in rows),
            "started": sum(r.started for r in rows),
            "selfchecks": sum(r.selfchecks for r in rows), "requests": requests,
            "conversion": requests / views if views else None}


@dataclass(frozen=True)
class Day:
    day: date
    views: int
    requests: int


def daily(slug: str, start: date, end: date) -> list[Day]:
    """Views and requests of one article per local day of the period."""
    views = dict(db.session.execute(
        sa.select(ArticleViewDay.day, ArticleViewDay.count)
        .where(ArticleViewDay.slug == slug, ArticleViewDay.day >= start,
               ArticleViewDay.day <= end)
    ).all())
    low, high = utc_bounds(start, end)
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    requests: dict[date, int] = {}
    for (created,) in db.session.execute(
        sa.select(Lead.created_at).where(Lead.source_page == slug, Lead.created_at >= low,
                                         Lead.created_at < high, Lead.status != LeadStatus.SPAM)
    ):
        local = created.astimezone(zone).date()
        requests[local] = requests.get(local, 0) + 1
    days = (end - start).days + 1
    return [Day(d, int(views.get(d, 0)), requests.get(d, 0))
            for d in (start + timedelta(days=i) for i in range(days))]

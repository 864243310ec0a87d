"""/admin/content: what each article brings in (admin and sales); CSV for admins, audited."""

from flask import Response, abort, render_template, request

from ..database import begin_write
from ..extensions import db
from ..library import library, published
from ..templating import site_today
from .access import role_required
from .audit import record
from .blueprint import bp
from .content_report import (
    PRESETS,
    SLUG,
    SORTS,
    article_row,
    daily,
    parse_filters,
    report,
    totals,
)
from .export import csv_chunks, neutralise


def _status(filters) -> int:
    return 400 if filters.errors else 200


@bp.route("/content")
def content():
    """One row per article for the chosen period, sortable, filters in the URL."""
    filters = parse_filters(request.args)
    rows = report(filters)
    return render_template(
        "admin/content.html", filters=filters, rows=rows, totals=totals(rows),
        categories=published().categories, presets=PRESETS, sorts=SORTS, today=site_today(),
    ), _status(filters)


@bp.route("/content/export.csv")
@role_required("admin")
def content_export():
    """The report as the filters select it, as CSV; every export is in the audit log."""
    filters = parse_filters(request.args)
    if filters.errors:
        abort(400)
    begin_write()
    record("content_export", detail={"format": "csv", "filters": filters.args()})
    db.session.commit()
    rows = report(filters)

    def lines():
        yield ["slug", "title", "category", "published", "views", "saves",
               "self_checks_started", "self_checks_completed", "requests", "conversion"]
        for r in rows:
            conversion = "" if r.conversion is None else f"{r.conversion:.4f}"
            yield [neutralise(str(v)) for v in (
                r.slug, r.title, r.category, r.date.isoformat(), r.views, r.saves,
                r.started, r.selfchecks, r.requests, conversion)]

    name = f"content-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    # One line per article: small enough to build at once (no context held by a stream).
    body = "".join(csv_chunks(lines())).encode("utf-8")
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/content/<slug>")
def content_article(slug: str):
    """One article: its figures for the period and a daily chart of views and requests."""
    if not SLUG.fullmatch(slug):
        abort(404)
    # An article taken down (or not out yet) still has its figures: show them by its slug.
    article = next((a for a in library().all_articles if a.slug == slug), None)
    filters = parse_filters(request.args)
    days = daily(slug, filters.start, filters.end)
    row = article_row(slug, article, filters.start, filters.end)
    return render_template(
        "admin/content_article.html", article=article, slug=slug, filters=filters, days=days,
        row=row, published=published().article(slug) is not None,
        max_views=max((d.views for d in days), default=0),
        max_requests=max((d.requests for d in days), default=0), presets=PRESETS,
    ), _status(filters)

"""Machine-readable views: sitemap, robots.txt and the Atom feed."""

from flask import Response, current_app, render_template

from ..library import published
from ..templating import absolute_url
from .blueprint import bp

# Endpoints of other blueprints listed in the sitemap when they are registered.
OPTIONAL_PAGES = ("selfcheck.start", "selfcheck.tools", "leads.request")


@bp.get("/sitemap.xml")
def sitemap():
    view = published()
    static_pages = ["public.home", "public.article_list", "public.faq", "public.about",
                    "public.privacy"]
    static_pages += [e for e in OPTIONAL_PAGES if e in current_app.view_functions]
    body = render_template(
        "public/sitemap.xml",
        static_urls=[absolute_url(e) for e in static_pages],
        articles=view.articles,
        categories=view.categories,
        tags=view.tags,
    )
    return Response(body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /self-check/r/",
        f"Sitemap: {absolute_url('public.sitemap')}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/feed.xml")
def feed():
    articles = published().articles[:20]
    body = render_template("public/feed.xml", articles=articles)
    return Response(body, mimetype="application/atom+xml")

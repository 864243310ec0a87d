"""Pages of the knowledge centre and the site's own pages."""

from flask import abort, current_app, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from ..database import database_ok
from ..fragments import register_slot, render_cached
from ..library import library, published
from ..pagination import Page, paginate
from ..templating import canonical_url
from .blueprint import bp
from .counters import count_view, is_bot, view_counts
from .reading import popular_articles, qr_svg
from .saves import give_reader_cookie, load_save_state

MAX_QUERY = 200
# Languages the articles, FAQ and pages in content/ are written in (hreflang lists only
# these; the English interface around them is not a translation of the text).
CONTENT_LANGS = ("zh_CN",)


@bp.get("/")
def home():
    popular = popular_articles(5)

    def context():
        view = published()
        return {"latest": view.articles[:6], "categories": view.categories,
                "faq_topics": library().faq_topics, "popular": popular}

    g.view_counts = view_counts([a.slug for a in popular])
    return render_cached("public/home.html", ("home", tuple(a.slug for a in popular)), context)


@bp.get("/articles/")
def article_list():
    return _article_list(published().articles, _("Knowledge centre"))


@bp.get("/articles/category/<name>")
def category(name: str):
    return _article_list(published().in_category(name), _("Category: %(name)s", name=name),
                         current_category=name)


@bp.get("/articles/tag/<name>")
def tag(name: str):
    return _article_list(published().with_tag(name), _("Tag: %(name)s", name=name),
                         current_tag=name)


def _article_list(articles, heading: str, **current):
    """Render one page of a list of articles; an empty category or tag is 404."""
    if not articles and current:
        abort(404)
    view = published()
    return render_template(
        "public/article_list.html",
        page=_page(articles),
        heading=heading,
        categories=view.categories,
        tags=view.tags,
        **current,
    )


@bp.get("/articles/<slug>")
def article(slug: str):
    view = published()
    item = view.article(slug)
    if item is None:
        abort(404)
    if not is_bot(request):
        count_view(item.slug)
    related = view.related(item, limit=4)
    popular = popular_articles(5, exclude=item.slug)
    g.view_counts = view_counts([item.slug, *(r.slug for r in related)])
    load_save_state([item.slug])
    html = render_cached(
        "public/article.html", ("article", item.slug, tuple(p.slug for p in popular)),
        lambda: {"article": item, "related": related, "popular": popular,
                 "qr": qr_svg(canonical_url()),
                 "content_langs": CONTENT_LANGS})
    # The save button is this reader's: a visitor gets a reader id with the page, so the
    # first click can count. The body differs per reader, so no shared cache may keep it
    # (the server still renders the article once: the save state is a fragment slot).
    response = give_reader_cookie(make_response(html))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def _views_text(slug: str) -> str:
    """Slot "views": an article's view count as text, filled per request."""
    n = g.view_counts.get(slug, 0)
    texts = g.setdefault("view_texts", {})  # the page shows up to five counts
    if n not in texts:
        texts[n] = ngettext("%(num)d view", "%(num)d views", n)
    return texts[n]


register_slot("views", _views_text)


@bp.get("/faq")
def faq():
    topics = library().faq_topics
    articles = [a for a in published().articles if a.faq]
    entries = [e for t in topics for e in t.entries] + [e for a in articles for e in a.faq]
    faq_ld = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": e.question,
                "acceptedAnswer": {"@type": "Answer", "text": e.answer_text},
            }
            for e in entries
        ],
    }
    return render_template("public/faq.html", topics=topics, articles=articles, faq_ld=faq_ld,
                           content_langs=CONTENT_LANGS)


@bp.get("/search")
def search():
    raw = request.args.get("q", "")
    query = raw.strip()
    too_long = len(query) > MAX_QUERY
    hits = () if (not query or too_long) else published().search(query)
    return render_template(
        "public/search.html", query=raw, hits=hits, too_long=too_long, max_query=MAX_QUERY
    )


@bp.get("/privacy")
def privacy():
    return _site_page("privacy")


@bp.get("/about")
def about():
    return _site_page("about")


@bp.get("/healthz")
def healthz():
    ok = database_ok()
    body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unavailable"}
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _site_page(slug: str):
    page = library().page(slug)
    if page is None:
        abort(404)
    return render_template("public/page.html", page=page, content_langs=CONTENT_LANGS)


def _page(items) -> Page:
    number = request.args.get("page", 1, type=int)
    page = paginate(items, number, current_app.config["ARTICLES_PER_PAGE"])
    if page is None:
        abort(404)
    return page

"""Around an article: popular (30 days of daily rows), related openings, QR code, print."""

import html as html_module
import re
from datetime import timedelta

from creditdesk.extensions import db
from creditdesk.fragments import EXTENSION as FRAGMENTS
from creditdesk.models import ArticleViewDay
from creditdesk.public.reading import qr_svg
from creditdesk.templating import site_today

BROWSER = {"User-Agent": "Mozilla/5.0"}


def _articles(app):
    with app.app_context():
        return app.extensions["creditdesk.library"].view(site_today()).articles


def _views(app, rows):
    with app.app_context():
        today = site_today()
        db.session.add_all(ArticleViewDay(slug=s, day=today - timedelta(days=ago), count=n)
                           for s, ago, n in rows)
        db.session.commit()
        db.session.remove()


def _section(html, marker):
    start = html.index(marker)
    return html[start:html.index("</section>", start)]


def test_home_lists_the_most_viewed_of_the_last_30_days(make_app):
    app = make_app(POPULAR_CACHE_SECONDS=0)
    a, b, c, d = (x.slug for x in _articles(app)[:4])
    _views(app, [(a, 0, 3), (b, 5, 9), (c, 29, 6), (d, 30, 1000)])  # d: 31 days ago
    html = app.test_client().get("/", headers=BROWSER).get_data(as_text=True)
    popular = _section(html, 'id="popular-title"')
    order = re.findall(r'href="/articles/([^"]+)"', popular)
    assert order == [b, c, a]
    assert "次阅读" in popular  # with their view counts


def test_home_has_no_popular_section_without_views(client):
    html = client.get("/", headers=BROWSER).get_data(as_text=True)
    assert 'id="popular-title"' not in html


def test_article_sidebar_shows_popular_articles_but_not_itself(make_app):
    app = make_app(POPULAR_CACHE_SECONDS=0)
    a, b = (x.slug for x in _articles(app)[:2])
    _views(app, [(a, 0, 5), (b, 0, 4)])
    html = app.test_client().get(f"/articles/{a}", headers=BROWSER).get_data(as_text=True)
    aside = _section(html, 'id="popular-aside-title"')
    assert f'href="/articles/{b}"' in aside and f'href="/articles/{a}"' not in aside


def test_popular_list_is_reread_after_the_cache_time(make_app):
    app = make_app(POPULAR_CACHE_SECONDS=3600)
    a, b = (x.slug for x in _articles(app)[:2])
    client = app.test_client()
    _views(app, [(a, 0, 5)])
    client.get("/", headers=BROWSER)
    _views(app, [(b, 1, 50)])
    html = client.get("/", headers=BROWSER).get_data(as_text=True)
    assert re.findall(r'href="/articles/([^"]+)"', _section(html, 'id="popular-title"')) == [a]
    app.extensions["creditdesk.popular"] = None  # the cache time has passed
    html = client.get("/", headers=BROWSER).get_data(as_text=True)
    assert re.findall(r'href="/articles/([^"]+)"', _section(html, 'id="popular-title"')) == [b, a]


def test_related_articles_show_opening_views_and_date(app, client):
    article = next(x for x in _articles(app) if x.slug == "reducing-dso")
    html = client.get("/articles/reducing-dso", headers=BROWSER).get_data(as_text=True)
    related = _section(html, 'id="related-title"')
    items = re.findall(r"<li>(.*?)</li>", related, re.S)
    assert items
    with app.app_context():
        view = app.extensions["creditdesk.library"].view(site_today())
        for item, other in zip(items, view.related(article, limit=4), strict=True):
            opening = re.search(r'<p class="related-opening">(.*?)</p>', item, re.S).group(1)
            opening = html_module.unescape(opening)
            assert 20 <= len(opening) <= 81
            first = re.search(r"<p>(.*?)</p>", other.html, re.S).group(1)
            start = html_module.unescape(re.sub(r"<[^>]+>", "", first))[:10]
            assert opening.startswith(start)  # the first paragraph, not a heading
            assert opening.endswith("…")
            assert "次阅读" in item
            assert f'datetime="{other.date.isoformat()}"' in item


def test_share_block_qr_encodes_the_canonical_url_on_site_url(make_app):
    app = make_app(SITE_URL="https://www.creditdesk.example")
    html = app.test_client().get("/articles/reducing-dso?utm_source=wx",
                                 headers=BROWSER).get_data(as_text=True)
    share = _section(html, 'id="share-title"')
    canonical = "https://www.creditdesk.example/articles/reducing-dso"
    assert str(qr_svg(canonical)) in share
    assert 'style' not in share
    assert "微信扫一扫" in share
    assert f'<a class="copy-link" href="{canonical}"' in share


def test_print_stylesheet_hides_navigation_forms_and_qr(client):
    html = client.get("/articles/reducing-dso", headers=BROWSER).get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
    response = client.get(css_url)
    css = response.get_data(as_text=True)
    response.close()
    prints = re.findall(r"@media print \{(.*?)\n\}", css, re.S)
    hidden = " ".join(p.split("{")[0] for p in prints if "display: none" in p)
    for selector in ("nav", "form", ".share", ".site-header", ".site-footer", ".article-aside"):
        assert selector in hidden


def test_article_pages_stay_one_rendering_per_article(app):
    """Readers' states are slots: many readers, one cached rendering of the page."""
    for _ in range(3):
        app.test_client().get("/articles/reducing-dso", headers=BROWSER)
    cache = app.extensions[FRAGMENTS]
    assert cache.misses == 1 and cache.hits == 2

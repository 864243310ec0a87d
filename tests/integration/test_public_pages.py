"""The knowledge centre's pages, as a visitor and a search engine see them."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask import url_for
from markupsafe import escape

from creditdesk.templating import site_today


def published(app):
    with app.app_context():
        return app.extensions["creditdesk.library"].view(site_today())


def test_home_links_to_articles_selfcheck_and_consult(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/self-check"' in page
    assert 'href="/consult"' in page
    assert 'href="/articles/' in page
    assert '<html lang="zh-CN">' in page


def test_every_published_article_renders_with_toc_faq_and_jsonld(app, client):
    view = published(app)
    assert len(view.articles) >= 8
    for article in view.articles:
        response = client.get(f"/articles/{article.slug}")
        assert response.status_code == 200, article.slug
        html = response.get_data(as_text=True)
        assert article.title in html
        assert 'class="toc"' in html
        assert "application/ld+json" in html
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                    html, re.S).group(1))
        assert data["@type"] == "Article"
        assert data["headline"] == article.title
        for entry in article.faq:
            assert str(escape(entry.question)) in html


def test_article_shows_dates_reading_time_and_related(app, client):
    view = published(app)
    article = next(a for a in view.articles if a.updated) if any(
        a.updated for a in view.articles) else view.articles[0]
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert article.date.isoformat() in html
    if article.updated:
        assert article.updated.isoformat() in html
    assert "分钟" in html
    # Expected from the articles' own fields, not from the code under test: others sharing
    # a tag or the category, newest first, at most four.
    expected = [a.slug for a in sorted(view.articles, key=lambda a: a.date, reverse=True)
                if a.slug != article.slug
                and (a.category == article.category or set(a.tags) & set(article.tags))][:4]
    assert expected, "every shipped article shares a tag or category with another"
    section = html[html.index('<section class="section related"'):]
    section = section[:section.index("</section>")]
    assert re.findall(r'href="/articles/([^"]+)"', section) == expected


def test_list_category_tag_and_pagination(app, client):
    view = published(app)
    html = client.get("/articles/").get_data(as_text=True)
    first = view.articles[0]
    assert first.title in html
    category = view.categories[0]
    html = client.get(f"/articles/category/{category.name}").get_data(as_text=True)
    assert all(a.title in html for a in view.in_category(category.name))
    tag = view.tags[0]
    html = client.get(f"/articles/tag/{tag.name}").get_data(as_text=True)
    assert all(a.title in html for a in view.with_tag(tag.name))
    assert client.get("/articles/category/没有这个分类").status_code == 404
    assert client.get("/articles/?page=999").status_code == 404
    assert client.get("/articles/?page=0").status_code == 404


def test_pagination_splits_pages(make_app):
    app = make_app(ARTICLES_PER_PAGE=3)
    client = app.test_client()
    total = len(published(app).articles)
    pages = -(-total // 3)
    html = client.get("/articles/").get_data(as_text=True)
    assert 'rel="next"' in html
    last = client.get(f"/articles/?page={pages}").get_data(as_text=True)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert f'<link rel="canonical" href="http://localhost/articles/?page={pages}">' in last


def test_category_and_tag_pagination_stay_in_the_list(make_app):
    app = make_app(ARTICLES_PER_PAGE=1)
    client = app.test_client()
    view = published(app)
    for endpoint, term in (("public.category", view.categories[0]),
                           ("public.tag", view.tags[0])):
        assert term.count > 1
        with app.test_request_context():
            first = url_for(endpoint, name=term.name)
            second = url_for(endpoint, name=term.name, page=2)
        html = client.get(first).get_data(as_text=True)
        assert f'rel="next" href="{escape(second)}"' in html
        assert 'rel="prev"' in client.get(second).get_data(as_text=True)


def test_unknown_article_is_404_in_layout(client):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "页面不存在" in html and 'class="site-header"' in html


def test_404_in_english_when_asked(client):
    response = client.get("/nowhere?lang=en")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_faq_has_every_entry_and_faqpage_jsonld(app, client):
    html = client.get("/faq").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["@type"] == "FAQPage"
    names = {q["name"] for q in data["mainEntity"]}
    library = app.extensions["creditdesk.library"]
    for topic in library.faq_topics:
        for entry in topic.entries:
            assert entry.question in names
    for article in published(app).articles:
        for entry in article.faq:
            assert entry.question in names


@pytest.mark.parametrize("word", ["坏账", "信用", "DSO", "dso"])
def test_search_finds_chinese_and_english_words(client, word):
    html = client.get("/search", query_string={"q": word}).get_data(as_text=True)
    assert "<mark>" in html
    assert "没有找到" not in html


def test_search_ranks_title_matches_first(app, client):
    view = published(app)
    word = "DSO"
    hits = view.search(word)
    assert hits and word.lower() in hits[0].article.title.lower()


def test_search_escapes_query_and_handles_empty_and_long(client):
    payload = "<script>alert(1)</script>"
    html = client.get("/search", query_string={"q": payload}).get_data(as_text=True)
    assert payload not in html
    assert "&lt;script&gt;" in html
    empty = client.get("/search?q=")
    assert empty.status_code == 200 and "请在上方输入" in empty.get_data(as_text=True)
    long = client.get("/search", query_string={"q": "信" * 500})
    assert long.status_code == 200
    assert "搜索内容过长" in long.get_data(as_text=True)


def test_sitemap_robots_feed(app, client):
    sitemap = client.get("/sitemap.xml")
    assert sitemap.mimetype == "application/xml"
    tree = ElementTree.fromstring(sitemap.data)
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for article in published(app).articles:
        assert f"http://localhost/articles/{article.slug}" in locs
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots
    feed = client.get("/feed.xml")
    assert feed.mimetype == "application/atom+xml"
    atom = ElementTree.fromstring(feed.data)
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == min(20, len(published(app).articles))


def test_every_page_has_canonical_og_and_description(client):
    for path in ["/", "/articles/", "/faq", "/search?q=信用", "/privacy", "/about"]:
        html = client.get(path).get_data(as_text=True)
        assert '<link rel="canonical"' in html, path
        assert '<meta property="og:title"' in html, path
        assert re.search(r'<meta name="description" content="[^"]+">', html), path


def test_privacy_and_about_pages(client):
    privacy = client.get("/privacy").get_data(as_text=True)
    assert "隐私政策" in privacy
    about = client.get("/about").get_data(as_text=True)
    assert "关于" in about


def test_site_url_makes_absolute_links(make_app):
    app = make_app(SITE_URL="https://www.creditdesk.example")
    html = app.test_client().get("/faq").get_data(as_text=True)
    assert '<link rel="canonical" href="https://www.creditdesk.example/faq">' in html
    with app.test_request_context():
        assert url_for("public.faq") == "/faq"


def _article(folder, slug, date, extra=""):
    (folder / f"{slug}.md").write_text(
        f"---\ntitle: 隐藏的文章 {slug}\nslug: {slug}\ndate: {date.isoformat()}\n"
        f"category: 隐藏分类 {slug}\ntags: [隐藏标签{slug}]\nsummary: 不应公开。\n"
        f"faq:\n  - q: 隐藏问题 {slug}?\n    a: 不应公开。\n{extra}---\n坏账 信用 隐藏正文。\n",
        encoding="utf-8",
    )


def test_drafts_and_future_articles_stay_off_every_page(make_app, tmp_path):
    import datetime
    import shutil

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[2] / "content", content)
    articles = content / "articles"
    today = datetime.date.today()
    _article(articles, "hidden-draft", today - datetime.timedelta(days=30), "draft: true\n")
    _article(articles, "hidden-future", today + datetime.timedelta(days=400))
    client = make_app(CONTENT_DIR=str(content)).test_client()
    for slug in ("hidden-draft", "hidden-future"):
        assert client.get(f"/articles/{slug}").status_code == 404
        assert client.get(f"/articles/category/隐藏分类 {slug}").status_code == 404
        assert client.get(f"/articles/tag/隐藏标签{slug}").status_code == 404
    for path in ["/", "/articles/", "/faq", "/sitemap.xml", "/feed.xml", "/search?q=坏账"]:
        body = client.get(path).get_data(as_text=True)
        assert "hidden-" not in body and "隐藏" not in body, path
    assert "hidden-" not in client.get("/search?q=隐藏").get_data(as_text=True)

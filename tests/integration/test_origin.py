"""One public origin: only SITE_URL's host is answered and every absolute URL is built on it."""

import re

import pytest

from creditdesk.extensions import db
from creditdesk.models import NotificationOutbox
from creditdesk.origin import LOCAL_SITE_URL, host_allowed, trusted_hosts
from tests.integration.leads_support import form_data

SITE = "https://www.creditdesk.example"

pytestmark = pytest.mark.both_databases  # SQLite and PostgreSQL


def links(html: str) -> dict[str, str]:
    """Return canonical, og:url and every hreflang of a page."""
    found = {"canonical": re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1),
             "og": re.search(r'<meta property="og:url" content="([^"]*)"', html).group(1)}
    for lang, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)"', html):
        found[lang] = href.replace("&amp;", "&")
    return found


@pytest.mark.parametrize("host", ["evil.example", "www.creditdesk.example.evil.example",
                                  "creditdesk.example", "127.0.0.1", "[::1]", "bad host!"])
def test_other_hosts_get_400_in_the_site_layout(make_app, host):
    app = make_app(SITE_URL=SITE)
    response = app.test_client().get("/faq", headers={"Host": host})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN"' in html and "无法理解" in html
    assert "evil" not in html


def test_the_site_host_is_answered_whatever_its_port(make_app):
    app = make_app(SITE_URL=SITE)
    for host in ("www.creditdesk.example", "WWW.creditdesk.example:443",
                 "www.creditdesk.example:8080"):
        assert app.test_client().get("/faq", headers={"Host": host}).status_code == 200, host


def test_forwarded_host_is_checked_behind_a_trusted_proxy(make_app):
    app = make_app(SITE_URL=SITE, TRUSTED_PROXIES=1)
    client = app.test_client()
    good = client.get("/faq", headers={"Host": "10.0.0.5:8000",
                                       "X-Forwarded-Host": "www.creditdesk.example"})
    assert good.status_code == 200
    bad = client.get("/faq", headers={"Host": "www.creditdesk.example",
                                      "X-Forwarded-Host": "evil.example"})
    assert bad.status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:8000", "[::1]:5000",
                                  "[::1]"])
def test_without_site_url_loopback_names_are_answered(make_app, host):
    app = make_app(SITE_URL="")
    response = app.test_client().get("/faq", headers={"Host": host})
    assert response.status_code == 200
    assert links(response.get_data(as_text=True))["canonical"] == LOCAL_SITE_URL + "/faq"


@pytest.mark.parametrize("host", ["evil.example", "192.168.1.10:5000", "[::2]", "0.0.0.0",
                                  "localhost.evil.example"])
def test_without_site_url_other_hosts_get_400(make_app, host):
    app = make_app(SITE_URL="")
    assert app.test_client().get("/", headers={"Host": host}).status_code == 400


def test_absolute_urls_come_from_site_url_not_the_request(make_app):
    app = make_app(SITE_URL=SITE)
    client = app.test_client()
    html = client.get("/articles/?page=2", base_url="http://www.creditdesk.example:8080",
                      headers={"X-Forwarded-Host": "evil.example"}).get_data(as_text=True)
    found = links(html)
    assert found["canonical"] == found["og"] == SITE + "/articles/?page=2"
    assert found["zh-CN"] == SITE + "/articles/?page=2&lang=zh_CN"
    assert found["en"] == SITE + "/articles/?page=2&lang=en"
    assert found["x-default"] == SITE + "/articles/?page=2"
    assert f'href="{SITE}/feed.xml"' in html
    for path in ("/sitemap.xml", "/feed.xml", "/robots.txt"):
        body = client.get(path, base_url="http://www.creditdesk.example:8080").get_data(
            as_text=True)
        urls = re.findall(r"https?://[^\s<\"]+", body)
        ours = [u for u in urls if "sitemaps.org" not in u and "w3.org" not in u]
        assert ours and all(u.startswith(SITE + "/") or u == SITE for u in ours), (path, urls)


def test_ui_pages_have_both_languages_and_x_default(client):
    for path in ("/", "/articles/", "/search?q=DSO", "/self-check", "/tools", "/consult"):
        found = links(client.get(path).get_data(as_text=True))
        assert {"zh-CN", "en", "x-default"} <= set(found), path
        assert all(found[k].startswith("http://localhost/") for k in ("zh-CN", "en", "x-default"))


def test_chinese_only_content_declares_no_english_alternate(client, app):
    with app.app_context():
        from creditdesk.library import published

        slug = published().articles[0].slug
    for path in (f"/articles/{slug}", "/faq", "/privacy", "/about", f"/articles/{slug}?lang=en"):
        found = links(client.get(path).get_data(as_text=True))
        assert "en" not in found, path
        assert found["zh-CN"] == found["x-default"].split("?")[0] + "?lang=zh_CN", path


@pytest.mark.parametrize("query", ["slug=x", "endpoint=x", "_method=DELETE", "_anchor=x",
                                   "_external=1&_scheme=javascript", "lang=en&lang=xx&a=1&a=2"])
def test_language_switch_keeps_arguments_named_like_url_for_keywords(client, app, query):
    with app.app_context():
        from creditdesk.library import published

        slug = published().articles[0].slug
    for path in (f"/articles/{slug}", "/", "/faq", "/no-such-page"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 404), path
        html = response.get_data(as_text=True)
        switch = re.search(r'class="lang-switch" href="([^"]*)"', html).group(1)
        switch = switch.replace("&amp;", "&")
        assert switch.startswith(path + "?") and "lang=" in switch
        kept = [p for p in query.split("&") if not p.startswith("lang=")]
        assert all(p in switch.split("?", 1)[1].split("&") for p in kept), switch


def test_new_lead_email_link_uses_site_url_never_the_request_host(make_app):
    app = make_app(SITE_URL="", NOTIFY_SALES_EMAIL=["sales@example.com"],
                   LEADS_MIN_FILL_SECONDS=0, NOTIFY_AFTER_RESPONSE=False)
    client = app.test_client()
    base = "http://127.0.0.1:9999"
    assert client.post("/consult", data=form_data(client), base_url=base).status_code == 303
    with app.app_context():
        row = db.session.execute(db.select(NotificationOutbox)).scalar_one()
        assert row.payload["admin_base"] == LOCAL_SITE_URL
        db.session.remove()


def test_trusted_hosts_derivation():
    assert trusted_hosts({"SITE_URL": ""}) == ["localhost", "127.0.0.1", "[::1]"]
    assert trusted_hosts({"SITE_URL": "http://127.0.0.1:5000"}) == [
        "localhost", "127.0.0.1", "[::1]"]
    assert trusted_hosts({"SITE_URL": "https://Cd.Example/"}) == ["cd.example"]
    assert trusted_hosts({"SITE_URL": "https://cd.example", "TRUSTED_HOSTS": ["a", ".b"]}) == [
        "a", ".b"]


@pytest.mark.parametrize(("host", "allowed", "ok"), [
    ("cd.example", ["cd.example"], True),
    ("cd.example:8443", ["cd.example"], True),
    ("cd.example:0", ["cd.example"], False),
    ("cd.example:99999", ["cd.example"], False),
    ("cd.example.", ["cd.example"], True),
    ("x.cd.example", [".cd.example"], True),
    ("cd.example", [".cd.example"], True),
    ("evilcd.example", [".cd.example"], False),
    ("cd.example@evil.example", ["cd.example"], False),
    ("", ["cd.example"], False),
    (None, ["cd.example"], False),
    ("[::1]:5000", ["[::1]"], True),
    ("[::1", ["[::1]"], False),
])
def test_host_allowed(host, allowed, ok):
    assert host_allowed(host, allowed) is ok

"""Fingerprinted static files (immutable) and HTML that revalidates (ETag, 304)."""

import re

from creditdesk.caching import IMMUTABLE, build_manifest


def _fetch(client, path, **kwargs):
    """GET a file and close it (static responses stream from disk)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def _asset(html: str, suffix: str) -> str:
    return re.search(r'(/static/[^"]+' + re.escape(suffix) + ')"', html).group(1)


def test_static_urls_carry_the_content_hash_and_are_immutable(app, client):
    html = client.get("/faq").get_data(as_text=True)
    css = _asset(html, ".css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", css)
    response = _fetch(client, css)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.mimetype == "text/css"
    with open(app.static_folder + "/css/site.css", "rb") as fh:
        assert response.data == fh.read()
    js = _asset(html, ".js")
    assert _fetch(client, js).headers["Cache-Control"] == IMMUTABLE


def test_a_plain_or_stale_static_name_is_served_but_revalidated(client):
    plain = _fetch(client, "/static/css/site.css")
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "no-cache"
    stale = _fetch(client, "/static/css/site.000000000000.css")
    assert stale.status_code == 200
    assert stale.headers["Cache-Control"] == "no-cache"
    etag = plain.headers["ETag"]
    again = _fetch(client, "/static/css/site.css", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_unknown_static_files_are_404(client):
    assert _fetch(client, "/static/css/nothing.css").status_code == 404
    assert _fetch(client, "/static/css/nothing.0123456789ab.css").status_code == 404
    assert _fetch(client, "/static/../config.py").status_code == 404


def test_the_hash_follows_the_content(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("body{}")
    (tmp_path / "LICENSE").write_text("x")
    first = build_manifest(tmp_path)
    assert re.fullmatch(r"css/a\.[0-9a-f]{12}\.css", first["css/a.css"])
    assert re.fullmatch(r"LICENSE\.[0-9a-f]{12}", first["LICENSE"])
    (tmp_path / "css" / "a.css").write_text("body{color:red}")
    assert build_manifest(tmp_path)["css/a.css"] != first["css/a.css"]


def test_shared_html_revalidates_with_an_etag(client):
    first_visit = client.get("/faq")  # sets the visit's attribution cookie
    assert first_visit.headers["Cache-Control"] == "private, no-cache"
    for path in ["/faq", "/articles/", "/about", "/search?q=坏账"]:
        first = client.get(path)
        assert first.status_code == 200, path
        assert first.headers["Cache-Control"] == "no-cache", path
        etag = first.headers["ETag"]
        second = client.get(path, headers={"If-None-Match": etag})
        assert second.status_code == 304, path
        assert second.data == b""
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_languages_get_different_etags(client):
    zh = client.get("/faq").headers["ETag"]
    en = client.get("/faq", headers={"Accept-Language": "en"})
    assert en.headers["ETag"] != zh
    assert "Accept-Language" in en.headers["Vary"] and "Cookie" in en.headers["Vary"]


def test_a_response_setting_a_cookie_is_private(client):
    response = client.get("/faq?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert client.get("/faq?lang=en", headers={"If-None-Match": response.headers["ETag"]}
                      ).status_code == 304


def test_pages_with_a_per_visitor_part_get_no_etag(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    for path in ["/consult", "/", "/self-check/step/1"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "ETag" not in response.headers, path
        assert "no-cache" in response.headers["Cache-Control"], path
        assert "public" not in response.headers["Cache-Control"], path

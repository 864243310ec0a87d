"""Health check, security headers and error pages."""

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_down(make_app, tmp_path):
    app = make_app()
    with app.app_context():
        # Point the engine at a database that cannot be opened.
        db.engines[None] = sa.create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


@pytest.mark.parametrize("path", ["/", "/articles/", "/faq", "/nowhere", "/healthz", "/feed.xml"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in headers


def test_https_adds_hsts_and_secure_cookies(make_app):
    app = make_app(HTTPS=True)
    response = app.test_client().get("/?lang=en")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert "Secure" in response.headers["Set-Cookie"]


def test_no_inline_script_or_style(client):
    import re

    for path in ["/", "/articles/", "/faq", "/search?q=DSO", "/privacy"]:
        html = client.get(path).get_data(as_text=True)
        assert " style=" not in html, path
        assert "<style" not in html, path
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="' in tag or 'type="application/ld+json"' in tag, (path, tag)


def test_405_and_500_pages(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().post("/faq")
    assert response.status_code == 405
    assert "不支持的请求方式" in response.get_data(as_text=True)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "出错了" in response.get_data(as_text=True)

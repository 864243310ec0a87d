"""Article view counts: one per view, bots skipped, exact under concurrency."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import ArticleView
from creditdesk.templating import site_today

pytestmark = pytest.mark.both_databases  # counters under concurrent updates


def _slug(app):
    with app.app_context():
        return app.extensions["creditdesk.library"].view(site_today()).articles[0].slug


def _count(app, slug):
    with app.app_context():
        value = db.session.scalar(sa.select(ArticleView.count).where(ArticleView.slug == slug))
        db.session.remove()
        return value or 0


def test_each_view_counts_once_and_shows(app, client):
    slug = _slug(app)
    client.get(f"/articles/{slug}")
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert _count(app, slug) == 2
    assert "2 次阅读" in html


def test_bots_are_not_counted(app, client):
    slug = _slug(app)
    for agent in ["Googlebot/2.1", "Baiduspider", "SomeCrawler/1.0", "bingbot"]:
        assert client.get(f"/articles/{slug}", headers={"User-Agent": agent}).status_code == 200
    assert _count(app, slug) == 0


def test_200_views_from_20_threads_are_exact(app):
    slug = _slug(app)

    def view(_):
        with app.test_client() as c:
            return c.get(f"/articles/{slug}", headers={"User-Agent": "Mozilla/5.0"}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(view, range(200)))
    assert codes == [200] * 200
    assert _count(app, slug) == 200

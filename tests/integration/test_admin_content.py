"""/admin/content: a known set of views, saves, self-checks and requests, on both databases."""

import csv
import io
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import (
    ArticleSave,
    ArticleViewDay,
    AssessmentResult,
    AuditEvent,
    SelfCheckStartDay,
    now_utc,
)
from creditdesk.templating import site_today
from tests.integration.admin_helpers import logged_in, make_lead, make_result

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The figures are SQL over both backends' date and time types: run everything on both.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def known(app):
    """Three articles with views, saves, self-checks (started and completed) and requests in
    and out of the period."""
    with app.app_context():
        today = site_today()
        view = app.extensions["creditdesk.library"].view(today)
        a, b, c = (x.slug for x in view.articles[:3])
        titles = {x.slug: x.title for x in view.articles[:3]}
        db.session.add_all([
            ArticleViewDay(slug=a, day=today, count=5),
            ArticleViewDay(slug=a, day=today - timedelta(days=10), count=7),
            ArticleViewDay(slug=a, day=today - timedelta(days=40), count=100),
            ArticleViewDay(slug=b, day=today - timedelta(days=1), count=3),
            ArticleViewDay(slug="not-an-article", day=today, count=50),
            SelfCheckStartDay(slug=a, day=today, count=4),
            SelfCheckStartDay(slug=a, day=today - timedelta(days=29), count=2),
            SelfCheckStartDay(slug=a, day=today - timedelta(days=30), count=9),
            SelfCheckStartDay(slug=b, day=today - timedelta(days=45), count=1),
            SelfCheckStartDay(slug="not-an-article", day=today, count=8),
        ])
        now = now_utc()
        db.session.add_all([
            ArticleSave(reader="r1" + "x" * 20, slug=a, created_at=now),
            ArticleSave(reader="r2" + "x" * 20, slug=a, created_at=now - timedelta(days=3)),
            ArticleSave(reader="r3" + "x" * 20, slug=a, created_at=now - timedelta(days=40)),
            ArticleSave(reader="r1" + "x" * 20, slug=b, created_at=now),
        ])
        db.session.commit()
        db.session.remove()
    for days_ago, slug in ((0, a), (45, b), (0, None)):
        result_id = make_result(app, days_ago=days_ago)
        with app.app_context():
            db.session.execute(sa.update(AssessmentResult).where(AssessmentResult.id == result_id)
                               .values(source_page=slug))
            db.session.commit()
            db.session.remove()
    make_lead(app, source_page=a)
    make_lead(app, source_page=a, created_at=now_utc() - timedelta(days=2))
    make_lead(app, source_page=a, status="spam")
    make_lead(app, source_page=b, created_at=now_utc() - timedelta(days=40))
    make_lead(app, source_page=c)
    make_lead(app, source_page="consult")
    return a, b, c, titles


def _today(app):
    with app.app_context():
        return site_today()


def table(html):
    """{slug: [views, saves, started, completed, requests, conversion]} from the table."""
    rows = {}
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    for slug, cells in re.findall(r'href="/admin/content/([^"?]+)\?[^"]*">.*?</th>(.*?)</tr>',
                                  body, re.S):
        rows[slug] = [re.sub(r"<[^>]+>", "", c).strip()
                      for c in re.findall(r'<td class="num">(.*?)</td>', cells, re.S)]
    return rows


def test_figures_of_the_last_30_days(app, known):
    a, b, c, _titles = known
    client = logged_in(app, role="sales")
    response = client.get("/admin/content")
    assert response.status_code == 200
    rows = table(response.get_data(as_text=True))
    assert rows[a] == ["12", "2", "6", "1", "2", "16.7%"]
    assert rows[b] == ["3", "1", "0", "0", "0", "0.0%"]
    assert rows[c] == ["0", "0", "0", "0", "1", "—"]
    assert "not-an-article" not in rows
    assert list(rows)[:2] == [a, b]  # most views first


def test_figures_of_the_last_90_days_and_csv(app, known):
    a, b, c, titles = known
    client = logged_in(app, role="admin")
    rows = table(client.get("/admin/content?days=90").get_data(as_text=True))
    assert rows[a] == ["112", "3", "15", "1", "2", "1.8%"]
    assert rows[b] == ["3", "1", "1", "1", "1", "33.3%"]
    assert rows[c] == ["0", "0", "0", "0", "1", "—"]
    today = _today(app)
    start = (today - timedelta(days=89)).isoformat()
    response = client.get(f"/admin/content/export.csv?start={start}&end={today.isoformat()}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="content-{start}-{today.isoformat()}.csv"')
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_slug = {line["slug"]: line for line in lines}
    assert by_slug[a]["title"] == titles[a]
    assert [by_slug[a][k] for k in ("views", "saves", "self_checks_started",
                                    "self_checks_completed", "requests", "conversion")] \
        == ["112", "3", "15", "1", "2", "0.0179"]
    assert [by_slug[c][k] for k in ("views", "requests", "conversion")] == ["0", "1", ""]
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent)
                                   .where(AuditEvent.action == "content_export")).one()
        assert event.detail["filters"]["start"] == start
        assert event.actor_id is not None


def test_sort_and_filters_are_in_the_url(app, known):
    a, b, c, titles = known
    client = logged_in(app, role="sales")
    rows = table(client.get("/admin/content?sort=-requests").get_data(as_text=True))
    assert list(rows)[0] == a and list(rows)[1] == c
    rows = table(client.get("/admin/content?days=90&sort=-started").get_data(as_text=True))
    assert list(rows)[:2] == [a, b]  # 15 and 1 started
    html = client.get("/admin/content?sort=-requests").get_data(as_text=True)
    assert 'aria-sort="descending"' in html
    rows = table(client.get("/admin/content?sort=conversion").get_data(as_text=True))
    ranked = [s for s in rows if s in (a, b, c)]
    assert ranked == [c, b, a]  # no rate first when ascending, then 0.0%, 16.7%
    title = titles[b]
    rows = table(client.get("/admin/content", query_string={"q": title}).get_data(as_text=True))
    assert list(rows) == [b]
    with app.app_context():
        category = app.extensions["creditdesk.library"].view(site_today()).article(a).category
    rows = table(client.get("/admin/content", query_string={"category": category})
                 .get_data(as_text=True))
    assert a in rows
    assert all(client.get(f"/admin/content/{s}").status_code == 200 for s in rows)


@pytest.mark.parametrize("query, field, message", [
    ("start=2026-13-40", "start", "YYYY-MM-DD"),
    ("start=2026-02-01&end=2026-01-01", "end", "不能早于"),
    ("start=2020-01-01&end=2026-01-01", "end", "366"),
    ("category=%3Cscript%3E", "category", "没有这个分类"),
])
def test_bad_filters_get_a_message_next_to_the_field(app, query, field, message):
    client = logged_in(app, role="sales")
    response = client.get(f"/admin/content?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="f-{field}-error"' in html and message in html
    assert "<script>" not in html
    if field == "start":
        assert 'value="2026-13-40"' in html  # the input is kept


def test_csv_is_for_admins_only(app, known):
    client = logged_in(app, role="sales")
    html = client.get("/admin/content").get_data(as_text=True)
    assert "/admin/content/export.csv" not in html
    assert client.get("/admin/content/export.csv").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "content_export")) == 0


def test_content_needs_a_login(client):
    for url in ("/admin/content", "/admin/content/x", "/admin/content/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.location


def test_article_page_has_a_daily_chart_of_views_and_requests(app, known):
    a, b, c, titles = known
    client = logged_in(app, role="sales")
    today = _today(app)
    response = client.get(f"/admin/content/{a}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert titles[a] in html
    assert '<p class="card stat stat-started"><span class="stat-value">6</span>' in html
    assert '<p class="card stat stat-completed"><span class="stat-value">1</span>' in html
    views_svg = html[html.index('class="chart chart-columns chart-views"'):]
    views_svg = views_svg[:views_svg.index("</svg>")]
    assert views_svg.count("<rect") == 30
    assert f"<title>{today.isoformat()}: 5</title>" in views_svg
    assert f"<title>{(today - timedelta(days=10)).isoformat()}: 7</title>" in views_svg
    requests_svg = html[html.index('class="chart chart-columns chart-requests"'):]
    requests_svg = requests_svg[:requests_svg.index("</svg>")]
    assert f"<title>{today.isoformat()}: 1</title>" in requests_svg
    # A slug without a published article (taken down) still shows its figures.
    response = client.get("/admin/content/taken-down")
    assert response.status_code == 200 and "taken-down" in response.get_data(as_text=True)
    assert client.get("/admin/content/NOT%20A%20SLUG").status_code == 404


def test_days_are_the_sites_local_days(app):
    """A request at 00:30 in Shanghai is that day's, though it is the day before in UTC."""
    with app.app_context():
        today = site_today()
        slug = app.extensions["creditdesk.library"].view(today).articles[0].slug
    early = datetime.combine(today, time(0, 30), SHANGHAI).astimezone(UTC)
    late = datetime.combine(today, time(0, 0), SHANGHAI).astimezone(UTC) - timedelta(minutes=1)
    make_lead(app, source_page=slug, created_at=early)
    make_lead(app, source_page=slug, created_at=late)
    client = logged_in(app, role="sales")
    day = today.isoformat()
    rows = table(client.get(f"/admin/content?start={day}&end={day}").get_data(as_text=True))
    assert rows[slug][4] == "1"

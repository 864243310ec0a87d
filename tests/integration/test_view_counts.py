"""Article view counts: no database write on a read, daily rows, exact once flushed."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from creditdesk import viewcounts
from creditdesk.extensions import db
from creditdesk.models import ArticleViewDay
from creditdesk.templating import site_today

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"
BROWSER = {"User-Agent": "Mozilla/5.0"}


def _slug(app):
    with app.app_context():
        return app.extensions["creditdesk.library"].view(site_today()).articles[0].slug


def _count(app, slug):
    """Views of the article in the daily rows (what reports see)."""
    with app.app_context():
        value = db.session.scalar(
            sa.select(sa.func.sum(ArticleViewDay.count)).where(ArticleViewDay.slug == slug)
        )
        db.session.remove()
        return value or 0


def _flush(app):
    with app.app_context():
        return viewcounts.flush()


@pytest.fixture
def redis_prefix():
    prefix = f"creditdesk-test:{uuid.uuid4().hex[:8]}:views"
    yield prefix
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_each_view_counts_once_and_shows(app, client):
    slug = _slug(app)
    client.get(f"/articles/{slug}")
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "2 次阅读" in html  # shown at once, before any flush
    assert _flush(app) == 2
    assert _count(app, slug) == 2
    assert "3 次阅读" in client.get(f"/articles/{slug}").get_data(as_text=True)


def test_a_page_view_writes_nothing_to_the_database(app, client):
    slug = _slug(app)
    client.get(f"/articles/{slug}")  # warm up: the first request may read the totals
    writes = []

    def watch(conn, cursor, statement, *args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", watch)
    try:
        for _ in range(5):
            assert client.get(f"/articles/{slug}", headers=BROWSER).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", watch)
    assert writes == []
    assert _count(app, slug) == 0  # nothing flushed yet (the interval is 5 s)
    assert _flush(app) == 6


def test_bots_are_not_counted(app, client):
    slug = _slug(app)
    for agent in ["Googlebot/2.1", "Baiduspider", "SomeCrawler/1.0", "bingbot"]:
        assert client.get(f"/articles/{slug}", headers={"User-Agent": agent}).status_code == 200
    assert _flush(app) == 0
    assert _count(app, slug) == 0


def test_200_views_from_20_threads_are_exact(app):
    slug = _slug(app)

    def view(_):
        with app.test_client() as c:
            return c.get(f"/articles/{slug}", headers=BROWSER).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(view, range(200)))
    assert codes == [200] * 200
    _flush(app)
    assert _count(app, slug) == 200


def test_views_are_daily_rows_and_add_up_per_period(app):
    slug = _slug(app)
    today = date(2026, 3, 31)
    with app.app_context():
        counts = {(today - timedelta(days=d), slug): 10 + d for d in range(40)}
        counts[(today, "other")] = 5
        viewcounts._add_counts(counts)
        viewcounts._add_counts({(today, slug): 1})  # a second flush adds to the same row
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(ArticleViewDay))
        assert rows == 41
        start, end = viewcounts.last_days(30, today)
        assert (start, end) == (date(2026, 3, 2), today)
        period = viewcounts.views_between(start, end)
        assert period == {slug: sum(10 + d for d in range(30)) + 1, "other": 5}
        assert viewcounts.views_between(today, today, slugs=["other"]) == {"other": 5}
        assert viewcounts.top_articles(start, end, limit=1) == [(slug, period[slug])]
        assert viewcounts.views_between(date(2020, 1, 1), date(2020, 1, 31)) == {}
        db.session.remove()


def test_a_failed_flush_keeps_the_views(make_app, monkeypatch):
    app = make_app()
    slug = _slug(app)
    app.test_client().get(f"/articles/{slug}", headers=BROWSER)

    def broken(*_a, **_k):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database down"))

    monkeypatch.setattr(viewcounts, "_add_counts", broken)
    with pytest.raises(sa.exc.OperationalError):
        _flush(app)
    monkeypatch.undo()
    assert _flush(app) == 1
    assert _count(app, slug) == 1


def test_the_timer_flushes_within_the_interval(make_app):
    app = make_app(VIEW_COUNTS_FLUSH_SECONDS=0.2)
    slug = _slug(app)
    client = app.test_client()
    for _ in range(3):
        client.get(f"/articles/{slug}", headers=BROWSER)
    deadline = time.monotonic() + 5
    while _count(app, slug) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _count(app, slug) == 3


def test_redis_counts_are_shared_and_flushed_once(make_app, redis_prefix):
    config = {"VIEW_COUNTS_REDIS_URL": REDIS, "VIEW_COUNTS_REDIS_PREFIX": redis_prefix}
    first, second = make_app(**config), make_app(**config)
    slug = _slug(first)
    for _ in range(3):
        first.test_client().get(f"/articles/{slug}", headers=BROWSER)
    html = second.test_client().get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    assert "4 次阅读" in html  # the other app's views are in the shared hash
    assert _count(first, slug) == 0
    assert _flush(second) == 4
    assert _flush(first) == 0
    assert _count(first, slug) == 4


def test_a_redis_batch_left_by_a_dead_flusher_is_added_once(make_app, redis_prefix):
    app = make_app(VIEW_COUNTS_REDIS_URL=REDIS, VIEW_COUNTS_REDIS_PREFIX=redis_prefix)
    slug = _slug(app)
    client = redis.Redis.from_url(REDIS)
    with app.app_context():
        today = site_today()
    day = today.isoformat()
    # A flusher took this batch, added it to the database, and died before deleting it.
    applied = f"{redis_prefix}:batch:applied"
    client.hset(applied, f"{day}|{slug}", 7)
    client.zadd(f"{redis_prefix}:batches", {applied: time.time() - 3600})
    with app.app_context():
        viewcounts._add_counts({(today, slug): 7}, batch=applied)
    # Another died after taking its batch, before the database.
    lost = f"{redis_prefix}:batch:lost"
    client.hset(lost, f"{day}|{slug}", 5)
    client.zadd(f"{redis_prefix}:batches", {lost: time.time() - 3600})
    assert _flush(app) == 5
    assert _count(app, slug) == 12
    assert not client.exists(applied) and not client.exists(lost)
    assert client.zcard(f"{redis_prefix}:batches") == 0


def test_redis_down_counts_in_memory_without_waiting_each_time(make_app):
    app = make_app(VIEW_COUNTS_REDIS_URL="redis://127.0.0.1:1/0")
    slug = _slug(app)
    client = app.test_client()
    assert client.get(f"/articles/{slug}", headers=BROWSER).status_code == 200
    with app.app_context():
        counter = viewcounts.counter()
    start = time.monotonic()
    for _ in range(5):
        assert client.get(f"/articles/{slug}", headers=BROWSER).status_code == 200
    assert time.monotonic() - start < 2  # no connection attempt per view while Redis is down
    assert "7 次阅读" in client.get(f"/articles/{slug}").get_data(as_text=True)
    counter.redis_url = ""  # the flush reaches the database without Redis
    with app.app_context():
        assert counter.flush() == 7
    assert _count(app, slug) == 7


VIEWER = textwrap.dedent(
    """
    import os, signal, sys, time
    from creditdesk import create_app
    uri, instance, slug, views, extra = sys.argv[1:6]
    config = {"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "t", "RATELIMIT_ENABLED": False,
              "TESTING": True, **eval(extra)}
    app = create_app(config, instance_path=instance)
    client = app.test_client()
    for part in views.split(","):
        if part == "sleep":
            time.sleep(1.0)
        elif part == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        else:
            for _ in range(int(part)):
                assert client.get("/articles/" + slug,
                                  headers={"User-Agent": "Mozilla/5.0"}).status_code == 200
    """
)


def _viewer(app, tmp_path, slug, views: str, **extra):
    return subprocess.Popen(
        [sys.executable, "-c", VIEWER, app.config["SQLALCHEMY_DATABASE_URI"],
         str(tmp_path / "instance"), slug, views, repr(extra)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "site")},
    )


def test_1000_views_over_two_processes_are_exact(app, tmp_path):
    """Each process counts in memory and flushes on exit: exactly +1,000 in the rows."""
    slug = _slug(app)
    procs = [_viewer(app, tmp_path, slug, "200,sleep,200"),
             _viewer(app, tmp_path, slug, "150,sleep,450")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert _count(app, slug) == 1000


def test_1000_views_over_two_processes_with_redis(app, tmp_path, redis_prefix):
    slug = _slug(app)
    extra = {"VIEW_COUNTS_REDIS_URL": REDIS, "VIEW_COUNTS_REDIS_PREFIX": redis_prefix,
             "VIEW_COUNTS_FLUSH_SECONDS": 0.3}
    procs = [_viewer(app, tmp_path, slug, "300,sleep,200", **extra),
             _viewer(app, tmp_path, slug, "100,sleep,400", **extra)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    # The processes flushed the shared hash themselves (timer and exit).
    assert _count(app, slug) == 1000
    assert not redis.Redis.from_url(REDIS).exists(f"{redis_prefix}:pending")


def test_a_killed_worker_loses_at_most_its_last_interval(app, tmp_path):
    """Without Redis, SIGKILL loses only views counted since the worker's last flush."""
    slug = _slug(app)
    proc = _viewer(app, tmp_path, slug, "100,sleep,50,kill", VIEW_COUNTS_FLUSH_SECONDS=0.3)
    assert proc.wait(timeout=120) == -signal.SIGKILL
    stored = _count(app, slug)
    # The first 100 were flushed during the pause; of the 50 counted within the last
    # interval before the kill, any number may be lost.
    assert 100 <= stored <= 150


def test_cli_flushes_and_lists_the_top_articles(app, runner):
    slug = _slug(app)
    client = app.test_client()
    for _ in range(3):
        client.get(f"/articles/{slug}", headers=BROWSER)
    result = runner.invoke(args=["views", "flush"])
    assert result.exit_code == 0 and "views flushed: 3" in result.output
    result = runner.invoke(args=["views", "top", "--days", "30"])
    assert result.exit_code == 0
    assert result.output.split() == ["3", slug]
    assert runner.invoke(args=["views", "top", "--days", "0"]).exit_code == 2

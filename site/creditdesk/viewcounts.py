"""Article view counts without a database write on a read.

A page view adds one to a counter outside the request's transaction:

* with Redis configured (VIEW_COUNTS_REDIS_URL, or RATELIMIT_STORAGE_URI when that is
  redis://), one HINCRBY on a shared hash; every worker on every host adds to it;
* otherwise in this worker's memory.

At most every VIEW_COUNTS_FLUSH_SECONDS (5 s) a background timer of the worker moves the
counts into daily rows, article_view_day (slug, day, count), in one transaction; a worker
that exits normally (gunicorn restart, max_requests, SIGTERM) flushes first.

Exactness: every flushed view is added once. Redis batches are renamed atomically to a
batch key, and the batch's name is stored in the same transaction as its counts, so a
flusher that dies half-way leaves a batch that another applies exactly once. Without
Redis the loss bound for a worker killed with SIGKILL (or the machine losing power) is
the views it counted since its last flush: at most VIEW_COUNTS_FLUSH_SECONDS of that
worker's views. With Redis a killed worker loses nothing.

Reports read the daily rows: ``views_between(start, end)`` and ``top_articles(...)``.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import uuid
import weakref
from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.dialects import postgresql, sqlite

from .database import IMMEDIATE
from .extensions import db
from .models import ArticleViewDay, ViewCountBatch, now_utc
from .templating import site_today

log = logging.getLogger(__name__)

EXTENSION = "creditdesk.viewcounts"
# A batch left behind this long ago by a flusher that died is applied by the next flush.
STALE_BATCH_SECONDS = 60
# After a Redis error, count in memory this long before trying Redis again (a page view
# must not wait for a connection timeout each time).
REDIS_RETRY_SECONDS = 10
# Applied batch names are kept this long (a stale batch is never older than a day).
KEEP_BATCH_NAMES = timedelta(days=7)

# Move the pending hash to a fresh batch key in one step, and note the batch.
_TAKE_BATCH = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('ZADD', KEYS[3], ARGV[1], KEYS[2])
  return 1
end
return 0
"""

_counters: weakref.WeakSet[ViewCounter] = weakref.WeakSet()


class ViewCounter:
    """One app's view counter (kept in app.extensions)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.interval = float(app.config["VIEW_COUNTS_FLUSH_SECONDS"])
        self.redis_url = redis_url(app.config)
        self.prefix = app.config["VIEW_COUNTS_REDIS_PREFIX"]
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending: Counter[tuple[date, str]] = Counter()
        self._pid = os.getpid()
        self._timer: threading.Timer | None = None
        self._redis = None
        self._redis_down_until = 0.0
        self._totals: dict[str, int] = {}
        self._totals_at = float("-inf")
        _counters.add(self)

    # -- counting (request path: no database) ------------------------------------------

    def record(self, slug: str) -> None:
        """Count one view of an article today."""
        self._after_fork()
        day = site_today()
        client = self._client()
        if client is not None:
            try:
                client.hincrby(self._key("pending"), f"{day.isoformat()}|{slug}", 1)
                self._schedule()
                return
            except Exception as err:  # Redis down: keep the view in memory instead
                self._redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
                log.warning("view counts: Redis unavailable, counting in memory: %s", err)
        with self._lock:
            self._pending[(day, slug)] += 1
        self._schedule()

    def counts(self, slugs) -> dict[str, int]:
        """Return each article's total views, including those not flushed yet."""
        self._after_fork()
        slugs = list(slugs)
        totals = self._flushed_totals()
        result = {slug: totals.get(slug, 0) for slug in slugs}
        with self._lock:
            for (_day, slug), n in self._pending.items():
                if slug in result:
                    result[slug] += n
        client = self._client()
        if client is not None and slugs:
            today = site_today().isoformat()
            try:
                values = client.hmget(self._key("pending"), [f"{today}|{s}" for s in slugs])
            except Exception:
                self._redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
                values = [None] * len(slugs)
            for slug, value in zip(slugs, values, strict=True):
                result[slug] += int(value or 0)
        return result

    # -- flushing (timer thread, exit, CLI) --------------------------------------------

    def flush(self) -> int:
        """Move every counted view into the daily rows; return how many were added."""
        self._after_fork()
        with self._flush_lock:
            added = self._flush_memory()
            if self._client(even_if_down=True) is not None:
                added += self._flush_redis()
        if added:
            self._totals_at = float("-inf")
        return added

    def _flush_memory(self) -> int:
        with self._lock:
            taken, self._pending = self._pending, Counter()
        if not taken:
            return 0
        try:
            with self.app.app_context():
                _add_counts(taken)
        except Exception:
            with self._lock:  # keep them for the next flush
                self._pending.update(taken)
            raise
        return sum(taken.values())

    def _flush_redis(self) -> int:
        client = self._client(even_if_down=True)
        batches = self._key("batches")
        batch = self._key(f"batch:{uuid.uuid4().hex}")
        now = time.time()
        client.eval(_TAKE_BATCH, 3, self._key("pending"), batch, batches, now)
        stale = client.zrangebyscore(batches, "-inf", now - STALE_BATCH_SECONDS)
        added = 0
        for name in {batch, *(s.decode() if isinstance(s, bytes) else s for s in stale)}:
            added += self._apply_batch(client, name)
        return added

    def _apply_batch(self, client, name: str) -> int:
        raw = client.hgetall(name)
        counts: Counter[tuple[date, str]] = Counter()
        for field, value in raw.items():
            field = field.decode() if isinstance(field, bytes) else field
            day, _, slug = field.partition("|")
            counts[(date.fromisoformat(day), slug)] += int(value)
        added = 0
        if counts:
            with self.app.app_context():
                added = _add_counts(counts, batch=name)
        client.delete(name)
        client.zrem(self._key("batches"), name)
        return added

    def flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:
            log.exception("view counts: flush failed; will retry")

    def close(self) -> None:
        """Flush and stop: no timer or exit handler touches this app's database after."""
        if self._timer is not None:
            self._timer.cancel()
        self.flush_quietly()
        _counters.discard(self)

    def _schedule(self) -> None:
        """Start this worker's flush timer unless one is already waiting."""
        if self._timer is not None and self._timer.is_alive():
            return
        with self._lock:
            if self._timer is not None and self._timer.is_alive():
                return
            self._timer = threading.Timer(self.interval, self._on_timer)
            self._timer.daemon = True
            self._timer.start()

    def _on_timer(self) -> None:
        self.flush_quietly()
        with self._lock:
            more = bool(self._pending)
        if more:  # views that failed to flush, or arrived while flushing
            self._timer = None
            self._schedule()

    def _after_fork(self) -> None:
        """A forked worker starts with no pending views, timer or connection of its parent."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._lock = threading.Lock()
            self._flush_lock = threading.Lock()
            self._pending = Counter()
            self._timer = None
            self._redis = None
            self._totals_at = float("-inf")

    def _client(self, *, even_if_down: bool = False):
        if not self.redis_url:
            return None
        if not even_if_down and time.monotonic() < self._redis_down_until:
            return None
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(
                self.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return self._redis

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _flushed_totals(self) -> dict[str, int]:
        """All articles' flushed totals, read at most once per flush interval per worker."""
        now = time.monotonic()
        if now - self._totals_at >= self.interval:
            self._totals = views_between(None, None)
            self._totals_at = now
        return self._totals


def _add_counts(counts: Counter[tuple[date, str]], batch: str | None = None) -> int:
    """Add counts to the daily rows in one transaction (with a batch name: at most once)."""
    rows = [{"slug": slug, "day": day, "count": n} for (day, slug), n in sorted(counts.items())]
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ArticleViewDay)
    stmt = stmt.on_conflict_do_update(
        index_elements=[ArticleViewDay.slug, ArticleViewDay.day],
        set_={"count": ArticleViewDay.count + stmt.excluded["count"]},
    )
    with db.engine.connect() as conn:
        conn = conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            if batch is not None:
                claim = insert(ViewCountBatch).values(batch=batch, applied_at=now_utc())
                claim = claim.on_conflict_do_nothing(
                    index_elements=[ViewCountBatch.batch]
                ).returning(ViewCountBatch.batch)
                if conn.execute(claim).scalar() is None:
                    return 0  # another flusher has added this batch already
                conn.execute(
                    sa.delete(ViewCountBatch).where(
                        ViewCountBatch.applied_at < now_utc() - KEEP_BATCH_NAMES
                    )
                )
            conn.execute(stmt, rows)
    return sum(counts.values())


def redis_url(config) -> str:
    """Return the Redis URL for view counts ('' for counting in memory)."""
    url = config.get("VIEW_COUNTS_REDIS_URL")
    if url is None:
        storage = config.get("RATELIMIT_STORAGE_URI") or ""
        url = storage if storage.startswith(("redis://", "rediss://")) else ""
    return url


def counter() -> ViewCounter:
    return current_app.extensions[EXTENSION]


def count_view(slug: str) -> None:
    """Count one view (no database access)."""
    counter().record(slug)


def view_counts(slugs) -> dict[str, int]:
    """Return total views per article, counting views not yet flushed."""
    return counter().counts(slugs)


def flush() -> int:
    return counter().flush()


def flush_all() -> None:
    """Flush every app's counter in this process (worker exit, atexit)."""
    for item in list(_counters):
        if item._pid == os.getpid():
            item.flush_quietly()


# -- reports (read the daily rows; views of the last few seconds are not in them yet) ------


def daily_totals(model, start: date | None, end: date | None, slugs=None) -> sa.Select:
    """Select (slug, total) from a table of daily rows (slug, day, count), from start to
    end, both days included (None: open end); article views and self-check starts."""
    query = sa.select(model.slug, sa.func.sum(model.count)).group_by(model.slug)
    if start is not None:
        query = query.where(model.day >= start)
    if end is not None:
        query = query.where(model.day <= end)
    if slugs is not None:
        query = query.where(model.slug.in_(list(slugs)))
    return query


def views_between(start: date | None, end: date | None, slugs=None) -> dict[str, int]:
    """Return views per article from start to end, both days included (None: open end)."""
    with db.engine.connect() as conn:
        return {slug: int(n) for slug, n in
                conn.execute(daily_totals(ArticleViewDay, start, end, slugs))}


def top_articles(start: date | None, end: date | None, limit: int = 10) -> list[tuple[str, int]]:
    """Return the most-viewed articles of a period, most views first (ties by slug)."""
    counts = views_between(start, end)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def last_days(days: int, today: date | None = None) -> tuple[date, date]:
    """Return (start, end) of the last `days` days up to today, e.g. last_days(30)."""
    end = today or site_today()
    return end - timedelta(days=days - 1), end


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = ViewCounter(app)


atexit.register(flush_all)

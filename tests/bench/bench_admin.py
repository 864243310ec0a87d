"""Benchmark the sales workspace on 100,000 leads (a script, not collected by pytest).

    .venv/bin/python tests/bench/bench_admin.py [--leads 100000] [--postgres]
    .venv/bin/python tests/bench/bench_admin.py --leads 1000000 --postgres
    .venv/bin/python tests/bench/bench_admin.py --leads 1000000 --postgres --database NAME

With --database, the named PostgreSQL database is kept: seeded on the first run, measured
as it is on later runs (its schema brought up to date with `flask db upgrade`'s DDL for the
lead indexes), so a change to the queries can be measured again in seconds.

Seeds a throw-away database with `flask demo seed`'s generator (on PostgreSQL, past
--generate leads, the generated ones are copied in the database in one INSERT ... SELECT
per round with new references, keys and dates, the search index and status counters
rebuilt once at the end: minutes, not hours, for a million), then in one run measures
the inbox's first page, a filtered search and the full CSV export through the test client:
times as ratios against a bare Flask route, the export's peak memory (tracemalloc) as a
ratio against an export that matches nothing.
"""

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))

from creditdesk import create_app  # noqa: E402
from creditdesk.extensions import db  # noqa: E402

PASSWORD = "plum-orchard-lantern-42"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SEARCH = "/admin/leads?q=华信&need=credit_insurance&status=new"
EXPORT = "/admin/leads/export.csv"
EMPTY_EXPORT = "/admin/leads/export.csv?q=no-such-lead-anywhere"


def timed(call, repeat: int) -> float:
    """Return the median seconds of `repeat` calls, after two warm-up calls."""
    call()
    call()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def get(client, url: str, expect_rows: int | None = None):
    def call():
        response = client.get(url, buffered=False)
        assert response.status_code == 200, (url, response.status_code)
        lines = sum(chunk.count(b"\n") for chunk in response.response)
        response.close()
        if expect_rows is not None:
            assert lines >= expect_rows, (url, lines)
    return call


def peak_memory(call) -> int:
    """Return the peak bytes Python allocated during `call`."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def child_peak_rss(app, call) -> int:
    """Run `call` in a forked child; return that child's peak RSS in KiB (Linux)."""
    import os
    import resource

    with app.app_context():
        db.engine.dispose(close=False)  # the child opens its own connections
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        call()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.write(write_end, str(peak).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as fh:
        peak = int(fh.read() or 0)
    os.waitpid(pid, 0)
    return peak


def make_database(args, tmp: Path):
    """Return (URI, drop or None, whether the database is already seeded)."""
    if not args.postgres:
        return f"sqlite:///{tmp / 'bench.db'}", None, False
    name = args.database or f"creditdesk_bench_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine(args.postgres_uri, isolation_level="AUTOCOMMIT")
    uri = sa.engine.make_url(args.postgres_uri).set(database=name)
    with server.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).scalar()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    if args.database:
        server.dispose()
        seeded = exists and seeded_leads(uri) >= args.leads
        return uri.render_as_string(hide_password=False), None, seeded

    def drop():
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    return uri.render_as_string(hide_password=False), drop, False


def seeded_leads(uri) -> int:
    """Return how many leads a kept database holds (0 when it has no lead table)."""
    engine = sa.create_engine(uri)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("lead"):
                return 0
            return conn.execute(sa.text("SELECT count(*) FROM lead")).scalar()
    finally:
        engine.dispose()


def multiply_leads(total: int) -> int:
    """Copy the generated leads inside PostgreSQL until there are `total` (set-based)."""
    from creditdesk.models import lead_index

    conn = db.session.connection()
    have = conn.execute(sa.text("SELECT count(*) FROM lead")).scalar()
    from creditdesk.models import Lead

    columns = [c.name for c in Lead.__table__.columns
               if c.name not in ("id", "reference", "idempotency_key", "created_at")]
    cols = ", ".join(columns)
    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {lead_index.GIN_INDEX}")
    conn.exec_driver_sql("ALTER TABLE lead DISABLE TRIGGER USER")  # counters: recounted below
    round_no = 0
    while have < total:
        round_no += 1
        batch = min(have, total - have)
        conn.execute(sa.text(
            f"INSERT INTO lead (reference, idempotency_key, created_at, {cols}) "
            f"SELECT 'M' || :r || '-' || l.id, md5(l.idempotency_key || :r), "
            f"  l.created_at - make_interval(secs => floor(random() * 3 * 86400)::int), {cols} "
            f"FROM lead l ORDER BY l.id LIMIT :n"
        ), {"r": str(round_no), "n": batch})
        have += batch
    conn.exec_driver_sql("ALTER TABLE lead ENABLE TRIGGER USER")
    lead_index.install(conn)  # the GIN index and the status counters, from the rows
    return have


def refresh_schema() -> None:
    """Bring a kept database's lead indexes and search DDL up to the current models."""
    from creditdesk.models import Lead, lead_index

    conn = db.session.connection()
    for index in Lead.__table__.indexes:
        index.create(conn, checkfirst=True)
    lead_index.install(conn)
    db.session.commit()
    db.session.execute(sa.text("ANALYZE lead"))
    db.session.commit()


def build(uri: str, tmp: Path, leads: int, generate: int | None = None,
          seeded: bool = False):
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": uri,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False},
                     instance_path=str(tmp / "instance"))
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    if seeded:
        with app.app_context():
            refresh_schema()
        print(f"measuring the kept database's {leads}+ leads")
        return app
    from creditdesk.admin.accounts import create_staff
    from creditdesk_demo.seed import seed

    with app.app_context():
        db.create_all()
        create_staff("bench@example.com", PASSWORD, "admin")
        db.session.commit()
        start = time.perf_counter()
        copy = generate is not None and db.engine.dialect.name == "postgresql" \
            and leads > generate
        stats = seed(generate if copy else leads, random_seed=1)
        if copy:
            db.session.execute(sa.text("SET maintenance_work_mem = '256MB'"))
            stats["leads"] = multiply_leads(leads)
            db.session.commit()
        seconds = time.perf_counter() - start
        # Fresh planner statistics, as autovacuum would have gathered on a live database.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
    print(f"seeded {stats['leads']} leads, {stats['results']} self-check results, "
          f"{stats['notes']} notes in {seconds:.1f} s")
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL")
    parser.add_argument("--postgres-uri", default=POSTGRES)
    parser.add_argument("--generate", type=int, default=50_000,
                        help="PostgreSQL: leads made by the generator; the rest are copies")
    parser.add_argument("--pages-only", action="store_true",
                        help="measure the pages, not the export")
    parser.add_argument("--database", help="PostgreSQL: keep this database (seed it once)")
    args = parser.parse_args()
    if args.database and not args.postgres:
        parser.error("--database needs --postgres")
    with tempfile.TemporaryDirectory(prefix="creditdesk-bench-") as tmp:
        uri, drop, seeded = make_database(args, Path(tmp))
        try:
            app = build(uri, Path(tmp), args.leads, args.generate, seeded)
            run(args, app)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        finally:
            if drop:
                drop()
    return 0


def run(args, app) -> None:
    client = app.test_client()
    response = client.post("/admin/login", data={"email": "bench@example.com",
                                                  "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    backend = "PostgreSQL" if args.postgres else "SQLite"
    bare = timed(get(client, "/_bench/bare"), args.repeat * 10)
    inbox = timed(get(client, "/admin/leads"), args.repeat)
    search = timed(get(client, SEARCH), args.repeat)
    queue = timed(get(client, "/admin/my"), args.repeat)
    overdue = timed(get(client, "/admin/leads?due=overdue"), args.repeat)
    print(f"\n{backend}, {args.leads} leads (median times; tracemalloc peaks)")
    print(f"  bare Flask route           {bare * 1000:9.2f} ms   1.0x")
    print(f"  inbox, first page          {inbox * 1000:9.2f} ms   {inbox / bare:6.1f}x bare")
    print(f"  filtered search            {search * 1000:9.2f} ms   {search / bare:6.1f}x bare")
    print(f"  my queue (bench user's)    {queue * 1000:9.2f} ms   {queue / bare:6.1f}x bare")
    print(f"  inbox, overdue filter      {overdue * 1000:9.2f} ms   {overdue / bare:6.1f}x bare")
    if args.pages_only:
        return
    export = timed(get(client, EXPORT, expect_rows=args.leads // 2), 3)
    empty = timed(get(client, EMPTY_EXPORT), args.repeat)
    mem_full = peak_memory(get(client, EXPORT))
    mem_empty = peak_memory(get(client, EMPTY_EXPORT))
    rss_full = child_peak_rss(app, get(client, EXPORT))
    rss_empty = child_peak_rss(app, get(client, EMPTY_EXPORT))
    print(f"  CSV export, all leads      {export * 1000:9.0f} ms   {export / bare:6.0f}x bare "
          f"({args.leads / export:,.0f} leads/s)")
    print(f"  CSV export, empty          {empty * 1000:9.2f} ms")
    print(f"  export peak memory, all    {mem_full / 1024:9.0f} KiB")
    print(f"  export peak memory, empty  {mem_empty / 1024:9.0f} KiB")
    print(f"  memory ratio all/empty     {mem_full / mem_empty:9.2f}x (Python heap only)")
    print(f"  child peak RSS, all        {rss_full:9d} KiB")
    print(f"  child peak RSS, empty      {rss_empty:9d} KiB")
    print(f"  RSS ratio all/empty        {rss_full / rss_empty:9.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())

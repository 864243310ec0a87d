"""Benchmark the public pages (a script, not collected by pytest).

    .venv/bin/python tests/bench/bench_pages.py [--repeat 300] [--postgres]

In one run, through the test client on a throw-away database: a bare Flask route (the
baseline), the home page, the article list, an article (its view counted in memory), the
FAQ, a search and the self-check's first step, each as the median time per request and
its ratio to the baseline (`make bench` measures the same over HTTP with gunicorn and
wrk). Articles are rendered once at start-up, so a page costs the
template, not Markdown; the one-off cost of loading all content is printed too.
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))

from creditdesk import create_app  # noqa: E402
from creditdesk.content import load_library  # noqa: E402
from creditdesk.extensions import db  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PAGES = [
    ("home", "/"),
    ("article list", "/articles/"),
    ("article", "/articles/reducing-dso"),
    ("FAQ", "/faq"),
    ("search 坏账", "/search?q=坏账"),
    ("search two words", "/search?q=信用+保险"),
    ("self-check step 1", "/self-check/step/1"),
    ("calculators", "/tools"),
]


def median_ms(client, path: str, repeat: int) -> float:
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="creditdesk-bench-"))
    name = None
    if args.postgres:
        name = f"creditdesk_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        uri = sa.engine.make_url(POSTGRES).set(database=name).render_as_string(False)
    else:
        uri = f"sqlite:///{tmp / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench"}, instance_path=str(tmp / "instance"))
    with app.app_context():
        db.create_all()

    @app.get("/__bare")
    def bare():
        return "ok"

    client = app.test_client()
    start = time.perf_counter()
    load_library(Path(app.config["CONTENT_DIR"]))
    load_ms = (time.perf_counter() - start) * 1000

    base = median_ms(client, "/__bare", args.repeat)
    print(f"backend: {'PostgreSQL' if args.postgres else 'SQLite'}; "
          f"{args.repeat} requests per page; content load at start-up: {load_ms:.0f} ms")
    print(f"{'page':32} {'median ms':>10} {'× bare route':>13}")
    print(f"{'bare Flask route (baseline)':32} {base:10.3f} {1:13.1f}")
    for label, path in PAGES:
        ms = median_ms(client, path, args.repeat)
        print(f"{label:32} {ms:10.3f} {ms / base:13.1f}")

    # What rendering Markdown per request would add to every article view.
    import markdown

    source = (Path(app.config["CONTENT_DIR"]) / "articles" / "reducing-dso.md").read_text()
    runs = []
    for _ in range(50):
        start = time.perf_counter()
        markdown.markdown(source, extensions=["tables", "toc", "fenced_code", "sane_lists"])
        runs.append(time.perf_counter() - start)
    md = statistics.median(runs) * 1000
    print(f"{'(avoided) Markdown per request':32} {md:10.3f} {md / base:13.1f}")

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if name:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

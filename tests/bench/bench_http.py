"""Benchmark the public pages over HTTP: gunicorn (2 sync workers) driven by wrk.

    .venv/bin/python tests/bench/bench_http.py [--seconds 8] [--postgres] [--check]
    make bench

A copy of the app (its own instance folder and throw-away database) gets a bare route
(``return "ok"``) as the baseline. Every path is driven in turn by wrk (2 threads × 8
connections) against the same gunicorn, each right after a run of the bare route (the
machine may be shared: a ratio compares runs seconds apart, not minutes); with --rounds
N each pair is repeated N times and the medians are shown. The table gives each path's
req/s, p99 latency and ratio to the bare route. With --check the exit status is 1 when a page
misses its target (article and home ≥ 35 %, /consult and /self-check ≥ 40 %).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

PATHS = [
    ("bare route", "/__bare", None),
    ("static css", "{css}", None),
    ("search 坏账", "/search?q=%E5%9D%8F%E8%B4%A6", None),
    ("article list", "/articles/", None),
    ("FAQ", "/faq", None),
    ("consult", "/consult", 0.40),
    ("self-check", "/self-check", 0.40),
    ("home", "/", 0.35),
    ("article", "/articles/reducing-dso", 0.35),
]

APP = textwrap.dedent(
    """
    import os
    from creditdesk import create_app
    from creditdesk.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URI"],
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
        },
        instance_path=os.environ["BENCH_INSTANCE"],
    )

    @app.get("/__bare")
    def bare():
        return "ok"
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, seconds: int) -> tuple[float, float]:
    """Return (requests per second, p99 latency in ms) of one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"bench: {url} answered {errors.group(1)} errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--rounds", type=int, default=1, help="bare/path pairs per path")
    parser.add_argument("--app-root", type=Path, default=ROOT,
                        help="another checkout to measure (e.g. main, for a before/after)")
    parser.add_argument("--only", help="comma-separated names (the bare route always runs)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is needed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="creditdesk-bench-"))
    (tmp / "bench_app.py").write_text(APP)
    env = {**os.environ, "PYTHONPATH": f"{tmp}:{args.app_root / 'site'}",
           "BENCH_INSTANCE": str(tmp / "instance")}
    name = None
    if args.postgres:
        import sqlalchemy as sa

        name = f"creditdesk_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        env["BENCH_DATABASE_URI"] = (
            sa.engine.make_url(POSTGRES).set(database=name).render_as_string(False)
        )
    else:
        env["BENCH_DATABASE_URI"] = f"sqlite:///{tmp / 'bench.db'}"
    env["CREDITDESK_CONTENT_DIR"] = str(args.app_root / "content")
    env["CREDITDESK_ASSESSMENTS_DIR"] = str(args.app_root / "assessments")
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "flask", "--app", "bench_app", "db", "upgrade"], env=env,
                   cwd=tmp, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [bin_dir / "gunicorn", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench_app:app"],
        env=env, cwd=tmp, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/__bare", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        home = urllib.request.urlopen(base + "/articles/", timeout=5).read().decode()
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', home).group(1)
        only = set(args.only.split(",")) if args.only else None
        rows = []
        bare_url = base + "/__bare"
        for label, path, target in PATHS:
            if only and label != "bare route" and label not in only:
                continue
            path = path.format(css=css)
            for _ in range(20):  # warm both workers' caches
                urllib.request.urlopen(base + path, timeout=5).read()
            runs = []
            for _ in range(max(1, args.rounds)):
                bare_rps, _bare_p99 = wrk(bare_url, args.seconds)
                rps, p99 = wrk(base + path, args.seconds) if path != "/__bare" else (
                    bare_rps, _bare_p99)
                runs.append((rps, p99, rps / bare_rps, bare_rps))
            rows.append((label, path, statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs),
                         statistics.median(r[2] for r in runs),
                         statistics.median(r[3] for r in runs), target))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
        if name:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    missed = []
    print(f"gunicorn 2 sync workers · wrk -t2 -c8 -d{args.seconds}s · "
          f"{'PostgreSQL' if args.postgres else 'SQLite'} · {os.cpu_count()} cores · "
          f"{max(1, args.rounds)} round(s) of bare route then path")
    print(f"| {'path':<28} | {'req/s':>8} | {'p99 ms':>7} | {'bare req/s':>10} | "
          f"{'vs bare':>7} | target |")
    print(f"| {'-' * 28} | {'-' * 8}:| {'-' * 7}:| {'-' * 10}:| {'-' * 7}:| ------ |")
    for label, path, rps, p99, ratio, bare_rps, target in rows:
        mark = ""
        if target is not None:
            ok = ratio >= target
            mark = f"{'≥' if ok else '<'}{target:.0%} {'ok' if ok else 'MISS'}"
            if not ok:
                missed.append(label)
        shown = f"{label} {path}" if len(label) + len(path) < 28 else label
        print(f"| {shown:<28} | {rps:>8,.0f} | {p99:>7.1f} | {bare_rps:>10,.0f} | "
              f"{ratio:>7.0%} | {mark} |")
    if missed:
        print(f"missed: {', '.join(missed)}")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())

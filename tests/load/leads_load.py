"""Load test of the consultation form: gunicorn, concurrent submitters, then a reckoning.

Starts gunicorn (4 workers) on a fresh database (SQLite, or PostgreSQL with --postgres),
runs 16 submitters for 30 s (each fetches a form, sends it, follows to the thank-you
page and records the reference; every 5th form is sent twice, as a double click would),
then compares the acknowledged references with the database. Exits non-zero when any
reference is missing or duplicated, or any 5xx or unexpected answer occurred.

    .venv/bin/python tests/load/leads_load.py [--postgres] [--seconds 30] [--clients 16]

Not collected by pytest (no test_ prefix).
"""

import argparse
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent  # the venv running this script has flask, gunicorn
POSTGRES_SERVER = os.environ.get(
    "CREDITDESK_TEST_POSTGRES_URI", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
HIDDEN = re.compile(r'name="(csrf_token|form_token|source_page|assessment_token)"'
                    r' type="hidden" value="([^"]*)"')
REFERENCE = re.compile(r'id="reference">([^<]+)<')
NEEDS = ["credit_insurance", "credit_assessment", "receivables", "credit_terms", "other"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.statuses: Counter = Counter()
        self.server_errors = 0
        self.unexpected: list[str] = []
        self.replay_mismatch = 0
        self.forms = 0

    def note(self, response):
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors += 1


def submitter(base: str, deadline: float, tally: Tally, seed: int, articles: list[str]):
    rng = random.Random(seed)
    session = requests.Session()
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            page = "/consult" if rng.random() < 0.5 or not articles else rng.choice(articles)
            form = session.get(base + page, timeout=30)
            tally.note(form)
            hidden = dict(HIDDEN.findall(form.text))
            data = {
                **hidden,
                "need": rng.choice(NEEDS),
                "name": f"压测 {seed}-{n} 🚀",
                # A small pool of phones: concurrent requests share prospects.
                "phone": f"1380013{rng.randrange(100):04d}",
                "detail": f"负载测试第 {n} 次提交,来自提交者 {seed}。<b>转义</b> ' OR 1=1 --",
                "company": f"测试公司 {seed}",
                "email": f"load{seed}@example.com",
                "consent": "y",
            }
            sent = session.post(base + "/consult", data=data, allow_redirects=False, timeout=30)
            tally.note(sent)
            if sent.status_code != 303:
                with tally.lock:
                    tally.unexpected.append(f"POST {sent.status_code}")
                continue
            location = sent.headers["Location"]
            if n % 5 == 0:  # a double click: the same form again must give the same lead
                again = session.post(base + "/consult", data=data, allow_redirects=False,
                                     timeout=30)
                tally.note(again)
                if again.headers.get("Location") != location:
                    with tally.lock:
                        tally.replay_mismatch += 1
            thanks = session.get(base + location if location.startswith("/") else location,
                                 timeout=30)
            tally.note(thanks)
            found = REFERENCE.search(thanks.text)
            with tally.lock:
                tally.forms += 1
                if thanks.status_code == 200 and found:
                    tally.acknowledged.append(found.group(1))
                else:
                    tally.unexpected.append(f"thanks {thanks.status_code}")
        except requests.RequestException as err:
            with tally.lock:
                tally.unexpected.append(f"{type(err).__name__}: {err}")


def make_database(postgres: bool, tmp: Path):
    if not postgres:
        return f"sqlite:///{tmp / 'load.db'}", None
    name = f"creditdesk_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_SERVER).set(database=name)
    return url.render_as_string(hide_password=False), (admin, name)


def drop_database(handle):
    if handle:
        admin, name = handle
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def server_env(uri: str, smtp_down: bool) -> dict:
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(REPO / "site"),
        "FLASK_APP": "creditdesk",
        "CREDITDESK_SQLALCHEMY_DATABASE_URI": uri,
        "CREDITDESK_SECRET_KEY": "load-test-secret",
        "CREDITDESK_RATELIMIT_ENABLED": "false",
        "CREDITDESK_LEADS_MIN_FILL_SECONDS": "0",
    })
    if smtp_down:
        # Notifications are queued, and delivery meets an SMTP server that is down:
        # every lead must still be saved and acknowledged.
        env.update({
            "CREDITDESK_NOTIFY_SALES_EMAIL": "sales@example.com",
            "CREDITDESK_NOTIFY_SMTP_HOST": "127.0.0.1",
            "CREDITDESK_NOTIFY_SMTP_PORT": str(free_port()),
            "CREDITDESK_NOTIFY_SMTP_TIMEOUT": "2",
        })
    return env


def wait_ready(base: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def run(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="creditdesk-load-"))
    uri, handle = make_database(args.postgres, tmp)
    env = server_env(uri, args.smtp_down)
    log = (tmp / "gunicorn.log").open("w")
    proc = None
    try:
        subprocess.run([str(VENV_BIN / "flask"), "db", "upgrade"], env=env, cwd=REPO,
                       check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "creditdesk:create_app()"],
            env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        )
        wait_ready(base, proc)
        articles = re.findall(r'href="(/articles/[a-z0-9-]+)"', requests.get(base + "/").text)
        tally = Tally()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [threading.Thread(target=submitter, args=(base, deadline, tally, i, articles))
                   for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        log.close()
        print(f"server log:        {tmp / 'gunicorn.log'}")
    engine = sa.create_engine(uri)
    with engine.connect() as conn:
        stored = [row[0] for row in conn.execute(sa.text("SELECT reference FROM lead"))]
        outbox = conn.execute(sa.text("SELECT count(*) FROM notification_outbox")).scalar()
    engine.dispose()
    drop_database(handle)
    return report(args, tally, stored, outbox, elapsed)


def report(args, tally: Tally, stored: list[str], outbox: int, elapsed: float) -> int:
    acked = tally.acknowledged
    missing = sorted(set(acked) - set(stored))
    duplicates = len(acked) - len(set(acked)) + len(stored) - len(set(stored))
    backend = "postgresql" if args.postgres else "sqlite"
    print(f"backend:           {backend} ({args.workers} gunicorn workers,"
          f" {args.clients} submitters, {elapsed:.1f} s)")
    print(f"acknowledged:      {len(acked)}")
    print(f"in database:       {len(stored)} (outbox rows: {outbox})")
    print(f"missing:           {len(missing)} {missing[:5] if missing else ''}")
    print(f"duplicates:        {duplicates}")
    print(f"5xx:               {tally.server_errors}")
    print(f"replay mismatches: {tally.replay_mismatch}")
    print(f"unexpected:        {len(tally.unexpected)} {Counter(tally.unexpected).most_common(3)}")
    print(f"not acknowledged:  {len(set(stored) - set(acked))}")
    print(f"statuses:          {dict(sorted(tally.statuses.items()))}")
    print(f"leads/s:           {len(acked) / elapsed:.1f}")
    bad = (missing or duplicates or tally.server_errors or tally.replay_mismatch
           or tally.unexpected or not acked or (args.smtp_down and outbox != len(stored)))
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--smtp-down", action="store_true",
                        help="queue an e-mail per lead with the SMTP server unreachable")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

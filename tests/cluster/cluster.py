"""Two app hosts behind nginx, sharing PostgreSQL and Redis: `make cluster`.

    .venv/bin/python tests/cluster/cluster.py [--keep]

On loopback only: a throw-away PostgreSQL database and Redis key prefix; two "hosts",
each its own gunicorn (deploy/gunicorn.conf.py, 2 sync workers) with its own instance/
folder and its own notification worker (`flask notify run`); nginx round-robin in front
with the proxy settings of deploy/nginx-creditdesk.conf (plus realip, so that the scenario
can play many visitors from 127.0.0.1); a local webhook receiver counts deliveries.

It checks, and exits 1 otherwise:
  * a form loaded from one host and sent to the other is accepted (session, CSRF);
  * the per-IP rate limit and the login lockout count across hosts;
  * view counts are exact across hosts;
  * with host A's gunicorn killed (SIGKILL) during 16 concurrent submitters, nginx sends
    traffic to B, no acknowledged request is lost, a request re-sent after a 502 is
    stored once;
  * every notification is delivered exactly once with two workers claiming (by its
    delivery id: a send cut off by the kill is repeated once its lease runs out);
and prints a summary table. Everything it started is stopped, and everything it made
is removed, also on failure or timeout (--keep leaves the logs).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get(
    "CREDITDESK_TEST_POSTGRES_URI", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS = os.environ.get("CREDITDESK_TEST_REDIS_URI", "redis://127.0.0.1:6379/0")
TIME_LIMIT = 300  # seconds for the whole scenario
ARTICLE = "reducing-dso"
STAFF_EMAIL, STAFF_PASSWORD = "cluster-admin@example.com", "cluster-password-123"
SUBMITTERS, FORMS_EACH = 16, 4


class Failed(Exception):
    pass


# -- helpers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise Failed(f"{url} did not answer within {seconds:.0f} s")


class _Hidden(HTMLParser):
    def __init__(self, action: str):
        super().__init__()
        self.action, self.values, self.inside = action, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == self.action:
            self.inside = True
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.values[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def hidden_fields(html: str, action: str) -> dict:
    parser = _Hidden(action)
    parser.feed(html)
    if not parser.values:
        raise Failed(f"no form posting to {action} on the page")
    return parser.values


def lead_data(hidden: dict, n: int) -> dict:
    return {**hidden, "need": "credit_insurance", "name": f"集群测试 {n}",
            "phone": f"139{n:08d}", "company": "集群测试有限公司",
            "detail": f"集群测试第 {n} 条咨询:海外客户付款延迟。", "consent": "y"}


def reference_of(response) -> str | None:
    if response.status_code != 303:
        return None
    match = re.search(r"/consult/thanks/([A-Za-z0-9-]+)", response.headers.get("Location", ""))
    return match.group(1) if match else None


class Receiver(ThreadingHTTPServer):
    """The sales team's webhook endpoint: records every delivery it is sent."""

    daemon_threads = True

    def __init__(self):
        self.deliveries: list[dict] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Hook)


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            self.server.deliveries.append(json.loads(body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


# -- the cluster -----------------------------------------------------------------------


class Cluster:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.procs: dict[str, subprocess.Popen] = {}
        self.tag = uuid.uuid4().hex[:8]
        self.db_name = f"creditdesk_cluster_{self.tag}"
        self.prefix = f"creditdesk-cluster-{self.tag}"
        self.admin_engine = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        url = sa.engine.make_url(POSTGRES).set(database=self.db_name)
        self.db_uri = url.render_as_string(hide_password=False)
        self.engine = None
        self.receiver = Receiver()
        self.ports = {"A": free_port(), "B": free_port(), "nginx": free_port()}
        self.base = f"http://127.0.0.1:{self.ports['nginx']}"

    def env(self, host: str) -> dict:
        instance = self.tmp / host / "instance"
        instance.mkdir(parents=True, exist_ok=True)
        hook = {"url": f"http://127.0.0.1:{self.receiver.server_port}/hook", "format": "json",
                "secret": "cluster-webhook-secret"}
        return {
            **os.environ,
            "FLASK_APP": "creditdesk",
            "CREDITDESK_INSTANCE_PATH": str(instance),
            "CREDITDESK_SECRET_KEY": self.secret,
            "CREDITDESK_SQLALCHEMY_DATABASE_URI": self.db_uri,
            "CREDITDESK_RATELIMIT_STORAGE_URI": REDIS,
            "CREDITDESK_RATELIMIT_KEY_PREFIX": self.prefix,
            "CREDITDESK_VIEW_COUNTS_REDIS_PREFIX": f"{self.prefix}:views",
            "CREDITDESK_TRUSTED_PROXIES": "1",
            "CREDITDESK_LEADS_MIN_FILL_SECONDS": "1",
            "CREDITDESK_NOTIFY_WEBHOOKS": json.dumps([hook]),
            "CREDITDESK_NOTIFY_POLL_SECONDS": "1",
            "CREDITDESK_NOTIFY_LEASE_SECONDS": "10",
            "GUNICORN_BIND": f"127.0.0.1:{self.ports[host]}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESSLOG": str(self.tmp / host / "access.log"),
        }

    def start(self) -> None:
        self.secret = secrets.token_hex(32)
        with self.admin_engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.db_name}"'))
        self.engine = sa.create_engine(self.db_uri)
        threading.Thread(target=self.receiver.serve_forever, daemon=True).start()
        self.flask("A", "db", "upgrade")
        self.flask("A", "users", "create", STAFF_EMAIL, "--role", "admin", "--password-stdin",
                   stdin=f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n")
        for host in ("A", "B"):
            self.spawn(f"web-{host}", [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py",
                                       "wsgi:app"], host)
            self.spawn(f"notify-{host}", [BIN / "flask", "notify", "run"], host)
        self.write_nginx()
        self.spawn("nginx", ["nginx", "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf"),
                             "-g", "daemon off;"], "A")
        for host in ("A", "B"):
            wait_http(f"http://127.0.0.1:{self.ports[host]}/healthz")
        wait_http(self.base + "/healthz")

    def flask(self, host: str, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([BIN / "flask", *args], env=self.env(host), cwd=ROOT,
                                input=stdin, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise Failed(f"flask {' '.join(args)}: {result.stderr.strip()[-500:]}")
        return result.stdout

    def spawn(self, name: str, command: list, host: str) -> None:
        log = (self.tmp / f"{name}.log").open("w")
        self.procs[name] = subprocess.Popen(command, env=self.env(host), cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def write_nginx(self) -> None:
        """nginx with the recipe's proxy settings, on loopback, without TLS."""
        recipe = (ROOT / "deploy" / "nginx-creditdesk.conf").read_text()
        proxy = re.search(r"\n    location / \{\n        proxy_pass.*?\n    \}\n", recipe,
                          re.S)
        if proxy is None:
            raise Failed("no proxy location in deploy/nginx-creditdesk.conf")
        body_limit = re.search(r"client_max_body_size \S+;", recipe).group(0)
        (self.tmp / "nginx.conf").write_text(f"""
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/nginx-error.log;
events {{}}
http {{
    access_log {self.tmp}/nginx-access.log;
    client_body_temp_path {self.tmp}/body;
    proxy_temp_path {self.tmp}/proxy;
    upstream creditdesk_app {{
        server 127.0.0.1:{self.ports['A']} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{self.ports['B']} max_fails=1 fail_timeout=30s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.ports['nginx']};
        {body_limit}
        # The scenario's visitors all come from 127.0.0.1: each names its IP here.
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Client-IP;
{proxy.group(0)}
    }}
}}
""")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.receiver.shutdown()
        self.receiver.server_close()
        if self.engine is not None:
            self.engine.dispose()
        with self.admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'))
        self.admin_engine.dispose()
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{self.prefix}*"):
            client.delete(key)

    def host_url(self, host: str) -> str:
        return f"http://127.0.0.1:{self.ports[host]}"

    def scalar(self, query: str, **params):
        with self.engine.connect() as conn:
            return conn.execute(sa.text(query), params).scalar()

    def access_lines(self, host: str) -> int:
        path = self.tmp / host / "access.log"
        return len(path.read_text().splitlines()) if path.exists() else 0


# -- the checks ------------------------------------------------------------------------


def check_round_robin(c: Cluster) -> str:
    before = {h: c.access_lines(h) for h in "AB"}
    for _ in range(20):
        assert_status(requests.get(c.base + "/faq", timeout=10), 200)
    time.sleep(0.5)
    served = {h: c.access_lines(h) - before[h] for h in "AB"}
    if min(served.values()) < 5:
        raise Failed(f"nginx did not share the requests: {served}")
    return f"20 pages: A served {served['A']}, B {served['B']}"


def check_form_across_hosts(c: Cluster) -> str:
    visitor = requests.Session()
    page = visitor.get(c.host_url("A") + "/consult", timeout=10)
    assert_status(page, 200)
    data = lead_data(hidden_fields(page.text, "/consult"), 1)
    if not data.get("csrf_token"):
        raise Failed("the form has no CSRF token")
    time.sleep(1.1)
    sent = visitor.post(c.host_url("B") + "/consult", data=data, allow_redirects=False,
                        headers={"X-Forwarded-For": "10.0.0.1"}, timeout=10)
    ref = reference_of(sent)
    if ref is None:
        raise Failed(f"form from A sent to B: {sent.status_code}")
    thanks = visitor.get(c.host_url("A") + f"/consult/thanks/{ref}", timeout=10)
    assert_status(thanks, 200)
    stored = c.scalar("SELECT count(*) FROM lead WHERE reference = :r", r=ref)
    if stored != 1:
        raise Failed(f"lead {ref} stored {stored} times")
    return f"loaded on A, sent to B: 303, lead {ref} stored; its thank-you page on A"


def check_rate_limit_across_hosts(c: Cluster) -> str:
    codes = []
    for n in range(7):
        host = "AB"[n % 2]
        visitor = requests.Session()
        page = visitor.get(c.host_url(host) + "/consult", timeout=10)
        data = lead_data(hidden_fields(page.text, "/consult"), 100 + n)
        time.sleep(1.05)
        sent = visitor.post(c.host_url(host) + "/consult", data=data, allow_redirects=False,
                            headers={"X-Forwarded-For": "10.0.0.2"}, timeout=10)
        codes.append(sent.status_code)
    if codes[:5] != [303] * 5 or codes[5:] != [429, 429]:
        raise Failed(f"5/minute per IP over A,B,A,B,...: {codes}")
    return "one IP alternating A/B: 5 × 303, then 429 on both hosts"


def check_lockout_across_hosts(c: Cluster) -> str:
    codes = []
    for n in range(6):
        host = "AB"[n % 2]
        staff = requests.Session()
        page = staff.get(c.host_url(host) + "/admin/login", timeout=10)
        hidden = hidden_fields(page.text, "/admin/login") if 'action="/admin/login"' in page.text \
            else _first_form_hidden(page.text)
        password = "wrong-password-000" if n < 5 else STAFF_PASSWORD
        sent = staff.post(c.host_url(host) + "/admin/login", allow_redirects=False,
                          data={**hidden, "email": STAFF_EMAIL, "password": password},
                          headers={"X-Forwarded-For": "10.0.0.3"}, timeout=10)
        codes.append(sent.status_code)
    if codes != [400] * 5 + [429]:
        raise Failed(f"5 wrong passwords over A,B,A,B,A then the right one on B: {codes}")
    return "5 failures alternating A/B lock the account: right password on B → 429"


def _first_form_hidden(html: str) -> dict:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    if not match:
        raise Failed("no CSRF token on the login page")
    return {"csrf_token": match.group(1)}


def check_view_counts(c: Cluster) -> str:
    views = 400

    def view(n):
        r = requests.get(c.base + f"/articles/{ARTICLE}", timeout=10,
                         headers={"X-Client-IP": f"10.1.{n % 200}.1"})
        return r.status_code

    with ThreadPoolExecutor(8) as pool:
        codes = Counter(pool.map(view, range(views)))
    if codes != {200: views}:
        raise Failed(f"article views answered {dict(codes)}")
    # Bots are not counted.
    for _ in range(5):
        requests.get(c.base + f"/articles/{ARTICLE}", headers={"User-Agent": "Googlebot/2.1"},
                     timeout=10)
    deadline = time.monotonic() + 20
    stored = 0
    while time.monotonic() < deadline:
        stored = c.scalar("SELECT coalesce(sum(count), 0) FROM article_view_day "
                          "WHERE slug = :s", s=ARTICLE)
        if stored >= views:
            break
        time.sleep(0.5)
    time.sleep(1)
    stored = c.scalar("SELECT coalesce(sum(count), 0) FROM article_view_day WHERE slug = :s",
                      s=ARTICLE)
    if stored != views:
        raise Failed(f"{views} views over both hosts, {stored} in article_view_day")
    return f"{views} views over both hosts (+5 by a bot) → exactly {stored} in the daily rows"


def check_kill_during_submissions(c: Cluster) -> tuple[str, dict]:
    acknowledged: dict[str, str] = {}  # form key → reference
    stats = Counter()
    lock = threading.Lock()
    killed = threading.Event()

    def submitter(i: int):
        ip = f"10.2.0.{i + 1}"
        for k in range(FORMS_EACH):
            visitor = requests.Session()
            page = None
            for _ in range(10):
                try:
                    page = visitor.get(c.base + "/consult", headers={"X-Client-IP": ip},
                                       timeout=10)
                    if page.status_code == 200:
                        break
                    with lock:
                        stats[f"GET {page.status_code}"] += 1
                except requests.RequestException:
                    with lock:
                        stats["GET error"] += 1
                time.sleep(0.3)
            else:
                raise Failed(f"submitter {i}: no form after 10 tries")
            data = lead_data(hidden_fields(page.text, "/consult"), 1000 + i * 10 + k)
            time.sleep(1.05)
            for attempt in range(10):
                try:
                    sent = visitor.post(c.base + "/consult", data=data, allow_redirects=False,
                                        headers={"X-Client-IP": ip}, timeout=15)
                except requests.RequestException:
                    with lock:
                        stats["POST error, re-sent"] += 1
                    time.sleep(0.3)
                    continue
                ref = reference_of(sent)
                if ref:
                    with lock:
                        stats["POST 303"] += 1
                        if attempt:
                            stats["303 after a re-send"] += 1
                        acknowledged[data["form_token"].split(".")[0]] = ref
                    break
                with lock:
                    stats[f"POST {sent.status_code}, re-sent"] += 1
                if sent.status_code not in (502, 503, 504):
                    raise Failed(f"submitter {i}: POST answered {sent.status_code}")
                time.sleep(0.3)
            else:
                raise Failed(f"submitter {i}: form {k} never acknowledged")

    def killer():
        time.sleep(2.5)
        os.killpg(c.procs["web-A"].pid, signal.SIGKILL)
        killed.set()

    before = c.scalar("SELECT count(*) FROM lead")
    before_b = c.access_lines("B")
    threading.Thread(target=killer, daemon=True).start()
    with ThreadPoolExecutor(SUBMITTERS) as pool:
        for future in [pool.submit(submitter, i) for i in range(SUBMITTERS)]:
            future.result()
    if not killed.is_set():
        raise Failed("the submitters finished before host A was killed")
    if c.procs["web-A"].poll() is None:
        raise Failed("host A's gunicorn is still running")
    expected = SUBMITTERS * FORMS_EACH
    if len(acknowledged) != expected:
        raise Failed(f"{len(acknowledged)} of {expected} forms acknowledged")
    refs = list(acknowledged.values())
    with c.engine.connect() as conn:
        found = conn.execute(sa.text("SELECT reference FROM lead WHERE reference = ANY(:r)"),
                             {"r": refs}).scalars().all()
    missing = set(refs) - set(found)
    if missing:
        raise Failed(f"acknowledged but not stored: {sorted(missing)}")
    added = c.scalar("SELECT count(*) FROM lead") - before
    if added != expected:
        raise Failed(f"{expected} forms acknowledged, {added} leads stored (a re-send stored "
                     "twice?)")
    after = requests.get(c.base + "/faq", timeout=10)
    assert_status(after, 200)
    summary = (f"{SUBMITTERS} submitters × {FORMS_EACH} forms, A killed at 2.5 s: "
               f"{expected}/{expected} acknowledged and stored once; B served "
               f"{c.access_lines('B') - before_b} requests")
    return summary, dict(stats)


def check_notifications(c: Cluster) -> str:
    leads = c.scalar("SELECT count(*) FROM lead")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pending = c.scalar("SELECT count(*) FROM notification_outbox WHERE status <> 'sent'")
        with c.receiver.lock:
            delivered = len(c.receiver.deliveries)
        if pending == 0 and delivered >= leads:
            break
        time.sleep(0.5)
    time.sleep(2)  # a late duplicate would arrive now
    with c.receiver.lock:
        deliveries = [(d["lead"]["reference"], d["delivery_id"]) for d in c.receiver.deliveries]
    with c.engine.connect() as conn:
        stored = set(conn.execute(sa.text("SELECT reference FROM lead")).scalars())
        attempts = dict(conn.execute(sa.text(
            "SELECT id, attempts FROM notification_outbox WHERE channel = 'webhook'")).all())
    # Delivery is at least once: a process killed after the receiver answered and before
    # the row was marked sent (host A's web workers deliver after their response) leaves
    # the row leased; when the lease runs out a worker sends it again, with the same
    # X-CreditDesk-Delivery id, which receivers use to drop the repeat. Two live workers
    # must never send one row twice, nor may a lead get two rows.
    ids_by_lead: dict[str, set[int]] = {}
    for reference, delivery_id in deliveries:
        ids_by_lead.setdefault(reference, set()).add(delivery_id)
    two_rows = {r: sorted(ids) for r, ids in ids_by_lead.items() if len(ids) > 1}
    if two_rows:
        raise Failed(f"one lead, several notifications: {two_rows}")
    sends = Counter(delivery_id for _reference, delivery_id in deliveries)
    repeats = {i: n for i, n in sends.items() if n > 1}
    not_taken_over = {i: n for i, n in repeats.items() if attempts.get(i, 0) < n}
    if not_taken_over:
        raise Failed(f"sent more than once without a lease taken over: {not_taken_over}")
    if set(ids_by_lead) != stored:
        raise Failed(f"{len(stored)} leads, {len(ids_by_lead)} delivered; missing "
                     f"{sorted(stored - set(ids_by_lead))[:5]}")
    again = (f"; {len(repeats)} re-sent with the same delivery id after its sender was killed"
             if repeats else "")
    return (f"{len(stored)} leads → {len(ids_by_lead)} webhook notifications, each once by "
            f"delivery id{again}")


def assert_status(response, status: int) -> None:
    if response.status_code != status:
        raise Failed(f"{response.request.method} {response.url}: {response.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the logs folder")
    args = parser.parse_args()
    if not shutil.which("nginx"):
        print("cluster: nginx is needed (apt-get install nginx)", file=sys.stderr)
        return 1

    def timeout(*_):
        raise Failed(f"the scenario took longer than {TIME_LIMIT} s")

    signal.signal(signal.SIGALRM, timeout)
    signal.alarm(TIME_LIMIT)
    tmp = Path(tempfile.mkdtemp(prefix="creditdesk-cluster-"))
    cluster = Cluster(tmp)
    rows: list[tuple[str, str, str]] = []
    extra = {}
    started = time.monotonic()
    try:
        cluster.start()
        rows.append(("two hosts + nginx up", "ok", f"A :{cluster.ports['A']}, "
                     f"B :{cluster.ports['B']}, nginx :{cluster.ports['nginx']}"))
        checks = [
            ("nginx round-robin", check_round_robin),
            ("form across hosts (session, CSRF)", check_form_across_hosts),
            ("rate limit across hosts", check_rate_limit_across_hosts),
            ("login lockout across hosts", check_lockout_across_hosts),
            ("view counts exact across hosts", check_view_counts),
            ("host A killed during submissions", check_kill_during_submissions),
            ("notifications exactly once", check_notifications),  # by delivery id
        ]
        for name, check in checks:
            try:
                result = check(cluster)
                if isinstance(result, tuple):
                    result, extra = result
                rows.append((name, "ok", result))
            except Failed as err:
                rows.append((name, "FAIL", str(err)))
                if name == "host A killed during submissions":
                    break
    except Failed as err:
        rows.append(("scenario", "FAIL", str(err)))
    finally:
        signal.alarm(0)
        try:
            cluster.stop()
        finally:
            if args.keep:
                print(f"logs kept in {tmp}")
            else:
                shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"\n| {'check':<{width}} | result | detail |")
    print(f"| {'-' * width} | ------ | ------ |")
    for name, result, detail in rows:
        print(f"| {name:<{width}} | {result:<6} | {detail} |")
    if extra:
        print("responses during the kill: " + ", ".join(f"{k}: {v}" for k, v in
                                                        sorted(extra.items())))
    failed = [r for r in rows if r[1] != "ok"]
    print(f"cluster: {'FAILED' if failed else 'passed'} in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

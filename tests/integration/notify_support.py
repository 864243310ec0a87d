"""Real receivers for the notification tests: an SMTP server and an HTTP robot endpoint."""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller

from creditdesk.extensions import db
from creditdesk.leads.choices import need_label
from creditdesk.models import Lead, NotificationOutbox, now_utc
from creditdesk.notify import enqueue_new_lead


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content,
                                                                    policy=policy.default)))
        return "250 OK"


@contextmanager
def smtp_server():
    """Run aiosmtpd on a free local port; yield (port, collector)."""
    collector = _Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, collector
    finally:
        controller.stop()


class Receiver:
    """Records POSTs and answers with a programmable status; checks signatures itself."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.lock = threading.Lock()

    def reply_for(self, path):
        fmt = path.strip("/").split("/")[0]
        if fmt == "feishu":
            return {"code": 0, "msg": "success"}
        if fmt in ("wecom", "dingtalk"):
            return {"errcode": 0, "errmsg": "ok"}
        return {"ok": True}


@contextmanager
def http_receiver():
    """Serve a Receiver on a free local port; yield (base_url, receiver)."""
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                receiver.requests.append((self.path, self.headers, body))  # case-insensitive
                status = receiver.status
            reply = json.dumps(receiver.reply_for(urlsplit(self.path).path)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- signature checks written from the specifications, independent of creditdesk.notify ----

def json_signature_ok(secret, headers, body, now=None):
    ts = headers["X-CreditDesk-Timestamp"]
    expected = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    fresh = abs((now or time.time()) - int(ts)) <= 300
    return fresh and hmac.compare_digest(headers["X-CreditDesk-Signature"], "sha256=" + expected)


def dingtalk_signature_ok(secret, path):
    query = parse_qs(urlsplit(path).query)
    ts, sign = query["timestamp"][0], query["sign"][0]
    mac = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    return abs(time.time() * 1000 - int(ts)) < 3_600_000 and sign == base64.b64encode(mac).decode()


def feishu_signature_ok(secret, body):
    data = json.loads(body)
    mac = hmac.new(f"{data['timestamp']}\n{secret}".encode(), digestmod=hashlib.sha256).digest()
    return data["sign"] == base64.b64encode(mac).decode()


# -- data ------------------------------------------------------------------------------------

def add_lead(app, **fields) -> int:
    """Insert a lead and enqueue its notifications in one transaction; return its id."""
    values = dict(
        reference=f"CD-{uuid.uuid4().hex[:8].upper()}", idempotency_key=uuid.uuid4().hex,
        need="credit_insurance", name="张三", phone_e164="+8613800138000",
        phone_raw="138 0013 8000", company="上海某贸易有限公司", email="zhang@example.com",
        detail="我们有一批出口订单需要信用保险，买方在德国。",
        source_page="article:credit-insurance",
        consent_at=now_utc(), privacy_version="2025-01", utm_source="baidu",
    )
    values.update(fields)
    with app.app_context():
        lead = Lead(**values)
        db.session.add(lead)
        enqueue_new_lead(lead, need_label=need_label(lead.need, sales_team=True))
        db.session.commit()
        lead_id = lead.id
        db.session.remove()
    return lead_id


def outbox_rows(app, **filters):
    """Return the outbox rows as plain dicts (read in a context of their own)."""
    with app.app_context():
        query = db.select(NotificationOutbox).filter_by(**filters).order_by(NotificationOutbox.id)
        rows = [
            {c.name: getattr(r, c.name) for c in NotificationOutbox.__table__.columns}
            for r in db.session.execute(query).scalars()
        ]
        db.session.remove()
    return rows

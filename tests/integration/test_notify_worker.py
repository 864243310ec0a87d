"""Claiming under a lease: crashed workers, concurrent workers, spam, summary and requeue."""

import json
import threading
import time
from datetime import timedelta

import pytest

from creditdesk.extensions import db
from creditdesk.models import LeadStatus, now_utc
from creditdesk.notify import deliver_due, outbox_summary, requeue_failed
from creditdesk.notify.outbox import claim_next, record_failure, record_sent
from tests.integration.notify_support import add_lead, http_receiver, outbox_rows

pytestmark = pytest.mark.both_databases  # outbox leasing by concurrent workers


def _webhook_app(make_app, base, **extra):
    return make_app(NOTIFY_WEBHOOKS=[f"{base}/json"], NOTIFY_WEBHOOK_SECRET="s", **extra)


def test_a_crashed_workers_row_is_retried_after_its_lease(make_app):
    with http_receiver() as (base, server):
        app = _webhook_app(make_app, base, NOTIFY_LEASE_SECONDS=60)
        add_lead(app)
        start = now_utc()
        with app.app_context():
            crashed = claim_next(start)  # claimed, then the process died
            db.session.remove()
        assert crashed.attempts == 1 and outbox_rows(app)[0]["status"] == "sending"
        with app.app_context():
            assert deliver_due(now=start + timedelta(seconds=30)).total == 0  # lease holds
            report = deliver_due(now=start + timedelta(seconds=61))
            assert report.sent == 1
            # The stale worker wakes up: its late outcome must not overwrite the newer one.
            assert record_failure(crashed, "late", start + timedelta(seconds=62)) is None
            assert record_sent(crashed, start) is False
            db.session.remove()
        [row] = outbox_rows(app)
        assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, None)
        assert len(server.requests) == 1


def test_expired_lease_on_the_last_attempt_gives_up(make_app):
    app = make_app(NOTIFY_WEBHOOKS=["http://127.0.0.1:9/x"], NOTIFY_WEBHOOK_SECRET="s",
                   NOTIFY_MAX_ATTEMPTS=1, NOTIFY_LEASE_SECONDS=10)
    add_lead(app)
    start = now_utc()
    with app.app_context():
        claim_next(start)
        assert deliver_due(now=start + timedelta(seconds=11)).total == 0
        db.session.remove()
    [row] = outbox_rows(app)
    assert row["status"] == "failed" and "lease expired" in row["last_error"]


def test_two_concurrent_workers_deliver_each_row_exactly_once(make_app):
    with http_receiver() as (base, server):
        app = _webhook_app(make_app, base)
        original = server.reply_for

        def slow_reply(path):
            time.sleep(0.01)  # keep both workers busy at the same time
            return original(path)

        server.reply_for = slow_reply
        for _ in range(16):
            add_lead(app)
        barrier = threading.Barrier(2)
        reports, errors = [], []

        def work():
            try:
                with app.app_context():
                    barrier.wait()
                    reports.append(deliver_due())
                    db.session.remove()
            except Exception as err:  # surfaced below; a thread cannot fail the test itself
                errors.append(err)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        ids = [json.loads(body)["delivery_id"] for _path, _h, body in server.requests]
        assert sorted(ids) == sorted(set(ids)) and len(ids) == 16
        assert sum(r.sent for r in reports) == 16
        assert {r["status"] for r in outbox_rows(app)} == {"sent"}


def test_spam_leads_wake_nobody(make_app):
    app = make_app(NOTIFY_SALES_EMAIL=["sales@example.com"])
    add_lead(app, status=LeadStatus.SPAM, spam_reason="honeypot")
    assert outbox_rows(app) == []


def test_nothing_configured_writes_no_rows(make_app):
    app = make_app()
    add_lead(app)
    assert outbox_rows(app) == []


def test_summary_counts_and_latest_failures_then_requeue(make_app):
    app = make_app(NOTIFY_SALES_EMAIL="a@example.com", NOTIFY_SMTP_HOST="127.0.0.1",
                   NOTIFY_SMTP_PORT=9, NOTIFY_WEBHOOKS=[
                       {"url": "http://127.0.0.1:9/hook/secret-token?key=k", "format": "wecom"}],
                   NOTIFY_MAX_ATTEMPTS=1)
    add_lead(app)
    add_lead(app)
    with app.app_context():
        assert outbox_summary().counts == {"pending": 4, "sending": 0, "sent": 0, "failed": 0,
                                          "cancelled": 0}
        assert deliver_due(limit=3).failed == 3
        summary = outbox_summary()
        assert summary.counts == {"pending": 1, "sending": 0, "sent": 0, "failed": 3,
                                  "cancelled": 0}
        assert len(summary.failures) == 3 and all(f.last_error for f in summary.failures)
        assert [f.id for f in summary.failures] == sorted((f.id for f in summary.failures),
                                                          reverse=True)
        targets = {f.target for f in summary.failures}
        assert not any("secret-token" in t or "key=k" in t for t in targets)
        assert summary.failures[0].reference.startswith("CD-")
        assert requeue_failed([summary.failures[0].id]) == 1
        assert requeue_failed() == 2
        assert outbox_summary().counts["pending"] == 4
        db.session.remove()
    assert {r["attempts"] for r in outbox_rows(app)} == {0}

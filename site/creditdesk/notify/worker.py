"""Delivering due outbox rows: claim one, send it with no transaction open, record the outcome.

Run by `flask notify run`, and once after the response of the request that queued rows.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from functools import partial

import sqlalchemy as sa
from flask import after_this_request, current_app, g, has_request_context

from ..models import now_utc
from . import email, webhooks
from .outbox import FAILED, NEW_ROWS, Claim, claim_next, record_failure, record_sent
from .payload import with_link

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    taken_over: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retrying + self.failed + self.taken_over


def deliver_due(*, limit: int = 100, ids: list[int] | None = None, now=None) -> RunReport:
    """Deliver up to `limit` due rows (only `ids` when given); safe to run in many processes.

    `now` pins the clock (tests); otherwise each claim reads the time afresh.
    """
    report = RunReport()
    for _ in range(limit):
        started = now or now_utc()
        claim = claim_next(started, ids)
        if claim is None:
            break
        error = _send(claim)
        finished = now or now_utc()
        if error is None:
            outcome = "sent" if record_sent(claim, finished) else None
        else:
            outcome = record_failure(claim, error, finished)
        if outcome is None:
            log.warning("notify: row %s was taken over by another worker", claim.id)
            report.taken_over += 1
        elif outcome == "sent":
            report.sent += 1
        elif outcome == FAILED:
            log.error("notify: gave up on row %s after %s attempts: %s",
                      claim.id, claim.attempts, error)
            report.failed += 1
        else:
            report.retrying += 1
    return report


def _send(claim: Claim) -> str | None:
    """Deliver one claimed row; return None on success or the error to record."""
    config = current_app.config
    if "lead" not in claim.payload:
        return "no message stored in this row"
    facts = with_link(claim.payload["lead"], claim.lead_id, claim.payload.get("admin_base", ""))
    try:
        if claim.channel == "email":
            to = email.recipients(claim.target)
            sender = config["NOTIFY_MAIL_FROM"]
            email.send(config, email.build_message(facts, sender=sender, to=to,
                                                   delivery_id=claim.id))
        elif claim.channel == "webhook":
            hook = webhooks.find_webhook(config, claim.target, claim.payload.get("format"))
            url, headers, body = webhooks.build_request(hook, facts, claim.id, time.time())
            webhooks.post(hook, url, headers, body, float(config["NOTIFY_HTTP_TIMEOUT"]))
        else:
            return f"unknown channel {claim.channel!r}"
    except (webhooks.DeliveryError, smtplib.SMTPException, OSError) as err:
        log.warning("notify: row %s attempt %s failed: %s", claim.id, claim.attempts, err)
        return f"{type(err).__name__}: {err}"
    except Exception as err:  # a bug must not stop the other rows; it is recorded and retried
        log.exception("notify: row %s raised", claim.id)
        return f"{type(err).__name__}: {err}"
    return None


def deliver_after_response() -> None:
    """Deliver this request's pending notifications once the response is sent."""
    try:
        rows = g.pop(NEW_ROWS, []) if has_request_context() else []
        if not rows or not current_app.config["NOTIFY_AFTER_RESPONSE"]:
            return
        # Identities survive the commit's expiry without a query; a rolled-back row has none.
        ids = [key[0] for row in rows if (key := sa.inspect(row).identity)]
        if not ids:
            return
        job = partial(_deliver_quietly, current_app._get_current_object(), ids)

        @after_this_request
        def _on_close(response):
            response.call_on_close(job)
            return response
    except Exception:  # never let a notification problem reach the visitor
        log.exception("notify: could not schedule delivery after the response")


def _deliver_quietly(app, ids: list[int]) -> None:
    """Try the rows once in a fresh app context; failures stay queued for the worker."""
    try:
        with app.app_context():
            deliver_due(ids=ids, limit=len(ids))
    except Exception:
        log.exception("notify: delivery after the response failed")

"""Outbox rows: writing them with the lead, claiming them under a lease, recording outcomes.

A claimed row has status "sending" and its `next_attempt_at` is the lease's expiry: if the
worker dies, the row falls due again. `attempts` goes up at each claim and fences the
outcome: a worker whose lease was taken over cannot overwrite the newer attempt's result.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from ..database import begin_write
from ..extensions import db
from ..models import (
    AgingDiagnosis,
    AssessmentResult,
    Lead,
    LeadStatus,
    NotificationOutbox,
    now_utc,
)
from ..origin import site_url
from ..selfcheck.loading import definitions, selfcheck_definition
from .email import recipients
from .payload import ASSIGNED, lead_facts
from .webhooks import configured_webhooks, display_url

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
CANCELLED = "cancelled"  # the lead was erased before delivery
STATUSES = (PENDING, SENDING, SENT, FAILED, CANCELLED)
ERROR_CHARS = 500
NEW_ROWS = "creditdesk_notify_rows"  # g key: rows this request queued (see worker)


def enqueue_new_lead(lead: Lead, *, need_label: str) -> list[NotificationOutbox]:
    """Add one outbox row per configured channel to the caller's transaction.

    `need_label` names the lead's need in the sales team's language (the leads part knows
    its needs; this part never imports it).
    """
    if lead.status == LeadStatus.SPAM:
        return []  # kept for review in the admin, but nobody is woken up for it
    config = current_app.config
    base = site_url(config)  # never the request's Host: it would be a phishing link
    # No flush here: the caller expects constraint errors at its own commit.
    with db.session.no_autoflush:
        facts = partial(lead_facts, lead, need_label=need_label, band=_band(lead),
                        timezone=config["TIMEZONE"], aging=_aging(lead), site_base=base)
        rows = []
        to = recipients(config.get("NOTIFY_SALES_EMAIL"))
        if to:
            rows.append(NotificationOutbox(
                lead=lead, channel="email", target=", ".join(to),
                payload={"admin_base": base, "lead": facts(full_contact=True)},
            ))
        hooks, problems = configured_webhooks(config)
        for problem in problems:
            log.error("notify: skipped a webhook: %s", problem)
        for hook in hooks:
            rows.append(NotificationOutbox(
                lead=lead, channel="webhook", target=hook.url,
                payload={"format": hook.format, "admin_base": base,
                         "lead": facts(full_contact=False)},
            ))
    db.session.add_all(rows)
    if has_request_context():
        g.setdefault(NEW_ROWS, []).extend(rows)
    return rows


def enqueue_assignment(lead: Lead, *, need_label: str, email: str | None,
                       chat: tuple[str, str] | None) -> list[NotificationOutbox]:
    """Tell one salesperson a request is now theirs: an e-mail to `email` (full contact,
    like the sales mailbox's) and a message to their own chat robot `chat` = (url, format)
    with a masked phone. Added to the caller's transaction."""
    if lead.status == LeadStatus.SPAM:
        return []
    config = current_app.config
    base = site_url(config)  # never the request's Host: it would be a phishing link
    with db.session.no_autoflush:
        facts = partial(lead_facts, lead, need_label=need_label, band=_band(lead),
                        timezone=config["TIMEZONE"])
        rows = []
        if email:
            rows.append(NotificationOutbox(
                lead=lead, channel="email", target=email,
                payload={"admin_base": base, "lead": facts(full_contact=True) | NOTICE},
            ))
        if chat and chat[0]:
            rows.append(NotificationOutbox(
                lead=lead, channel="webhook", target=chat[0],
                payload={"format": chat[1], "admin_base": base,
                         "lead": facts(full_contact=False) | NOTICE},
            ))
    db.session.add_all(rows)
    if has_request_context():
        g.setdefault(NEW_ROWS, []).extend(rows)
    return rows


NOTICE = {"notice": ASSIGNED}


def _band(lead: Lead) -> tuple[str, str] | None:
    """Return the linked self-check's band and its Chinese label (from the loaded
    definition that scored it), whether the link is an object or an id."""
    result = lead.assessment_result
    if result is None and lead.assessment_result_id is not None:
        result = db.session.get(AssessmentResult, lead.assessment_result_id)
    if result is None or not result.band:
        return None
    definition = definitions().get(result.definition_id) or selfcheck_definition()
    try:
        return result.band, definition.band(result.band).label.zh
    except KeyError:
        return result.band, ""


def _aging(lead: Lead) -> AgingDiagnosis | None:
    """Return the linked health check, whether the link is an object or an id."""
    if lead.aging_diagnosis is None and lead.aging_diagnosis_id is not None:
        return db.session.get(AgingDiagnosis, lead.aging_diagnosis_id)
    return lead.aging_diagnosis


def forget_lead(lead_id: int) -> None:
    """Drop the personal data copied into a lead's rows (call when erasing the lead).

    Rows not yet sent are cancelled: nobody should be told about an erased request.
    """
    db.session.execute(
        db.update(NotificationOutbox)
        .where(NotificationOutbox.lead_id == lead_id, NotificationOutbox.status != SENT)
        .values(status=CANCELLED, last_error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        db.update(NotificationOutbox).where(NotificationOutbox.lead_id == lead_id)
        .values(payload={"erased": True}).execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Claim:
    """A leased row, detached from the session so no query runs during network I/O."""

    id: int
    lead_id: int
    channel: str
    target: str
    payload: dict
    attempts: int


def claim_next(now: datetime, ids: list[int] | None = None) -> Claim | None:
    """Lease the next due row to this worker, or return None when nothing is due."""
    config = current_app.config
    lease = timedelta(seconds=config["NOTIFY_LEASE_SECONDS"])
    while True:
        begin_write()  # BEGIN IMMEDIATE on SQLite: one claimer at a time
        query = (
            db.select(NotificationOutbox)
            .where(NotificationOutbox.status.in_((PENDING, SENDING)),
                   NotificationOutbox.next_attempt_at <= now)
            .order_by(NotificationOutbox.next_attempt_at, NotificationOutbox.id)
            .limit(1)
            .with_for_update(skip_locked=True)  # PostgreSQL: others skip this row
        )
        if ids is not None:
            query = query.where(NotificationOutbox.id.in_(ids))
        row = db.session.execute(query).scalar_one_or_none()
        if row is None:
            db.session.commit()
            return None
        if row.status == SENDING and row.attempts >= config["NOTIFY_MAX_ATTEMPTS"]:
            row.status = FAILED
            row.last_error = "worker stopped during the last attempt (lease expired)"
            db.session.commit()
            continue
        row.status, row.attempts = SENDING, row.attempts + 1
        row.next_attempt_at = now + lease
        claim = Claim(row.id, row.lead_id, row.channel, row.target, dict(row.payload), row.attempts)
        db.session.commit()
        return claim


def record_sent(claim: Claim, now: datetime) -> bool:
    """Mark the claimed row sent; False when another worker has taken it over."""
    return _finish(claim, status=SENT, sent_at=now)


def record_failure(claim: Claim, error: str, now: datetime) -> str | None:
    """Schedule a retry or give up; return the new status (None when taken over)."""
    config = current_app.config
    if claim.attempts >= config["NOTIFY_MAX_ATTEMPTS"]:
        status, due = FAILED, now
    else:
        delay = backoff_seconds(claim.attempts, config["NOTIFY_BACKOFF_BASE"],
                                config["NOTIFY_BACKOFF_CAP"])
        status, due = PENDING, now + timedelta(seconds=delay)
    ok = _finish(claim, status=status, next_attempt_at=due, last_error=error[:ERROR_CHARS])
    return status if ok else None


def _finish(claim: Claim, **values) -> bool:
    begin_write()
    result = db.session.execute(
        db.update(NotificationOutbox)
        .where(NotificationOutbox.id == claim.id, NotificationOutbox.status == SENDING,
               NotificationOutbox.attempts == claim.attempts)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def backoff_seconds(attempts: int, base: float, cap: float, rand=random.random) -> float:
    """Return the wait after the n-th failed attempt: base·2^(n-1), capped, minus ≤25 % jitter."""
    delay = min(float(cap), float(base) * 2 ** max(0, attempts - 1))
    # Jitter spreads retries of rows that failed together (one SMTP outage, many leads).
    return delay * (1 - 0.25 * rand())


@dataclass(frozen=True)
class OutboxProblem:
    id: int
    lead_id: int
    reference: str
    channel: str
    target: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class OutboxSummary:
    counts: dict[str, int]
    failures: list[OutboxProblem]


def outbox_summary(limit: int = 10) -> OutboxSummary:
    """Count rows per status and list the latest rows that are failing or have failed."""
    counts = dict.fromkeys(STATUSES, 0)
    counts |= dict(db.session.execute(
        db.select(NotificationOutbox.status, sa.func.count()).group_by(NotificationOutbox.status)
    ).all())
    return OutboxSummary(counts, problem_rows(limit=limit))


def problem_rows(limit: int = 50, statuses=(PENDING, SENDING, FAILED),
                 errors_only: bool = True) -> list[OutboxProblem]:
    """Return unsent rows, newest first (by default only those with an error)."""
    query = (
        db.select(NotificationOutbox, Lead.reference)
        .join(Lead, Lead.id == NotificationOutbox.lead_id)
        .where(NotificationOutbox.status.in_(statuses))
        .order_by(NotificationOutbox.id.desc())
        .limit(limit)
    )
    if errors_only:
        query = query.where(NotificationOutbox.last_error.is_not(None))
    return [
        OutboxProblem(row.id, row.lead_id, reference, row.channel, display_target(row),
                      row.status, row.attempts, row.last_error or "", row.next_attempt_at,
                      row.created_at)
        for row, reference in db.session.execute(query)
    ]


def display_target(row: NotificationOutbox) -> str:
    """Show where a row goes without revealing a robot's access token."""
    if row.channel == "webhook":
        return f"{(row.payload or {}).get('format', 'json')} {display_url(row.target)}"
    return row.target


def requeue_failed(ids: list[int] | None = None) -> int:
    """Give failed rows (all, or those listed) a fresh set of attempts, due now."""
    begin_write()
    query = db.update(NotificationOutbox).where(NotificationOutbox.status == FAILED)
    if ids is not None:
        query = query.where(NotificationOutbox.id.in_(ids))
    result = db.session.execute(
        query.values(status=PENDING, attempts=0, next_attempt_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount

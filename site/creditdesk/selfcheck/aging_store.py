"""Saving a health check: only on request, aggregates only, names only when allowed.

The diagnosis page carries its figures back in a signed hidden field, so nothing is kept
on the server until the visitor presses Save or sends the consultation form.

Retention: a diagnosis linked to a consultation request goes when that request is erased
(by staff or by `flask leads purge`); one saved without a request goes AGING_RETENTION_DAYS
after it was saved (`flask leads purge`, `flask tools aging-purge`).
"""

import re
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from ..aging.diagnosis import anonymised
from ..extensions import db
from ..i18n import is_zh
from ..models import AgingDiagnosis, Lead, now_utc

SALT = "aging-diagnosis"
MAX_AGE = 24 * 3600  # a diagnosis page left open overnight can still be saved
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def sign(figures: dict) -> str:
    return _serializer().dumps(figures)


def unsign(data: str | None) -> dict | None:
    """Return the figures a page carried, or None when missing, forged or stale."""
    if not data or len(data) > 200_000:
        return None
    try:
        figures = _serializer().loads(data, max_age=MAX_AGE)
    except BadData:  # a bad signature, an expired one, or an unreadable payload
        return None
    return figures if isinstance(figures, dict) else None


def save(figures: dict, keep_names: bool) -> AgingDiagnosis:
    """Add a diagnosis to the open transaction (the caller commits)."""
    record = AgingDiagnosis(
        figures=anonymised(figures, keep_names), names_kept=keep_names,
        total=Decimal(str(figures["total"])), overdue_90=Decimal(str(figures["over_90"])),
        locale="zh_CN" if is_zh() else "en",
    )
    db.session.add(record)
    db.session.flush()
    return record


def by_token(token: str | None, *, hold: bool = False) -> AgingDiagnosis | None:
    """Return the saved diagnosis with this token; `hold` keeps it from being deleted
    until the open transaction ends (PostgreSQL: FOR KEY SHARE, the lock a foreign key
    takes; SQLite: the caller's BEGIN IMMEDIATE already shuts out every other writer)."""
    if not token or not TOKEN.fullmatch(token):
        return None
    query = db.select(AgingDiagnosis).filter_by(token=token)
    if hold:
        query = query.with_for_update(key_share=True)
    return db.session.execute(query).scalar_one_or_none()


def diagnosis_for_lead(token: str | None, data: str | None, keep_names: bool) -> int | None:
    """Return the id of the health check a consultation request links to (saving it now).

    Called inside the lead's transaction: a saved diagnosis found here is held until the
    lead is stored, so a purge cannot delete it in between (it skips it); one already
    purged is simply not linked, and the lead is stored without it.
    """
    saved = by_token(token, hold=True)
    if saved is not None:
        return saved.id
    figures = unsign(data)
    return save(figures, keep_names).id if figures else None


def _of_erased_leads(lead_ids) -> sa.ColumnElement[bool]:
    where = Lead.erased_at.is_not(None) & Lead.aging_diagnosis_id.is_not(None)
    return where if lead_ids is None else where & Lead.id.in_(list(lead_ids))


def count_of_erased_leads() -> int:
    """How many diagnoses `forget_erased_leads()` would delete."""
    linked_live = sa.select(Lead.aging_diagnosis_id).where(
        Lead.erased_at.is_(None), Lead.aging_diagnosis_id.is_not(None))
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Lead.aging_diagnosis_id)))
        .where(_of_erased_leads(None), Lead.aging_diagnosis_id.not_in(linked_live))
    )


def forget_erased_leads(lead_ids=None) -> int:
    """Unlink erased leads (all, or those of `lead_ids`) from their health checks and delete
    each check no other request still links to; return how many were deleted."""
    db.session.flush()
    ids = list(db.session.scalars(
        sa.select(Lead.aging_diagnosis_id).where(_of_erased_leads(lead_ids)).distinct()
    ))
    if not ids:
        return 0
    db.session.execute(
        sa.update(Lead).where(_of_erased_leads(lead_ids))
        .values(aging_diagnosis_id=None, overdue_90=None)
        .execution_options(synchronize_session="fetch")
    )
    still_linked = sa.select(Lead.aging_diagnosis_id).where(Lead.aging_diagnosis_id.in_(ids))
    return db.session.execute(
        sa.delete(AgingDiagnosis)
        .where(AgingDiagnosis.id.in_(ids), AgingDiagnosis.id.not_in(still_linked))
        .execution_options(synchronize_session="fetch")
    ).rowcount


def _unlinked_older_than(days: int) -> sa.ColumnElement[bool]:
    linked = sa.select(Lead.aging_diagnosis_id).where(Lead.aging_diagnosis_id.is_not(None))
    return (AgingDiagnosis.created_at < now_utc() - timedelta(days=days)) & (
        AgingDiagnosis.id.not_in(linked))


def count_unlinked(days: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AgingDiagnosis).where(_unlinked_older_than(days))
    )


def purge_unlinked(days: int) -> int:
    """Delete diagnoses saved more than `days` days ago that no request links to.

    One that a consultation request is linking right now (held by its transaction, see
    diagnosis_for_lead) is skipped rather than waited for: once linked it is kept.
    """
    db.session.flush()
    due = (sa.select(AgingDiagnosis.id).where(_unlinked_older_than(days))
           .with_for_update(skip_locked=True))
    return db.session.execute(
        sa.delete(AgingDiagnosis).where(AgingDiagnosis.id.in_(due))
        .execution_options(synchronize_session="fetch")
    ).rowcount

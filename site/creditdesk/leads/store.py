"""Saving a request: one transaction for the lead, its prospect and its notifications."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from .. import notify
from ..database import begin_write
from ..extensions import db
from ..followup.assign import auto_assign
from ..library import library
from ..models import AssessmentResult, Lead, LeadStatus, Prospect
from ..models.base import now_utc
from ..selfcheck.aging_store import diagnosis_for_lead
from ..shared import keyed_hash
from ..templating import site_today
from .attribution import lead_attribution
from .choices import FIXED_SOURCES, need_label
from .forms import ConsultForm, clean_token
from .limits import over_limit
from .spam import check_token

# Crockford-like: no 0/O, 1/I/L or U, so a reference read out on the phone is unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
ATTEMPTS = 5
COMPARED = ("need", "name", "phone_e164", "company", "email", "detail")


@dataclass(frozen=True)
class Outcome:
    kind: str  # created | replay | changed | limited
    lead: Lead | None = None
    retry_after: int | None = None


def new_reference() -> str:
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(5))
    return f"CD-{site_today():%Y%m%d}-{suffix}"


def submit(form: ConsultForm) -> Outcome:
    """Save a validated form once, however often it is sent."""
    token = check_token(form.form_token.data, form.website.data)
    fields = form.lead_fields()
    existing = _by_key(token.key)
    if existing is not None:
        return _replay(existing, fields)
    attribution = lead_attribution()
    retry = over_limit(attribution["ip_hash"], keyed_hash("phone", fields["phone_e164"]))
    if retry:
        return Outcome("limited", retry_after=retry)
    for _attempt in range(ATTEMPTS):
        begin_write()
        existing = _by_key(token.key)
        if existing is not None:
            db.session.rollback()
            return _replay(existing, fields)
        try:
            lead = _add_lead(form, token, fields, attribution)
            db.session.commit()
        except sa.exc.IntegrityError:
            # Either a concurrent copy of this form won (replay) or the reference collided.
            db.session.rollback()
            existing = _by_key(token.key)
            if existing is not None:
                return _replay(existing, fields)
            continue
        notify.deliver_after_response()
        return Outcome("created", lead)
    raise RuntimeError("no unique lead reference after several attempts")


def _add_lead(form: ConsultForm, token, fields: dict, attribution: dict) -> Lead:
    """Add the lead, its prospect and its notification rows to the open transaction."""
    lead = Lead(
        reference=new_reference(), idempotency_key=token.key, **fields, **attribution,
        **_links(form), consent_at=now_utc(), privacy_version=_privacy_version(),
        status=LeadStatus.SPAM if token.spam_reason else LeadStatus.NEW,
        spam_reason=token.spam_reason,
    )
    if not token.spam_reason:
        # Spam is kept for review but stays off real prospects' timelines.
        lead.prospect = _prospect_for(fields["phone_e164"])
    db.session.add(lead)
    db.session.flush()  # constraint violations surface here, inside the caller's retry
    label = need_label(lead.need, sales_team=True)
    auto_assign(lead, label)
    notify.enqueue_new_lead(lead, need_label=label)
    return lead


def _by_key(key: str) -> Lead | None:
    return db.session.execute(
        db.select(Lead).where(Lead.idempotency_key == key)
    ).scalar_one_or_none()


def _replay(lead: Lead, fields: dict) -> Outcome:
    """Same form again: the same thank-you page, unless the visitor changed what they wrote."""
    if any(getattr(lead, name) != fields[name] for name in COMPARED):
        return Outcome("changed", lead)
    return Outcome("replay", lead)


def _prospect_for(phone_e164: str) -> Prospect:
    """Return the prospect who used this phone within the window, or a new one."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Two requests with one phone at once must not create two prospects.
        lock = int.from_bytes(hashlib.sha256(phone_e164.encode()).digest()[:8], "big", signed=True)
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(lock)))
    since = now_utc() - timedelta(days=current_app.config["LEADS_PROSPECT_WINDOW_DAYS"])
    prospect = db.session.execute(
        db.select(Prospect)
        .where(Prospect.phone_e164 == phone_e164, Prospect.last_request_at >= since)
        .order_by(Prospect.last_request_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    if prospect is None:
        prospect = Prospect(phone_e164=phone_e164)
        db.session.add(prospect)
    prospect.last_request_at = now_utc()
    return prospect


def _links(form: ConsultForm) -> dict:
    """Return the page the form was sent from and the linked self-check and health check.

    An unsaved health check is saved here, inside the lead's transaction.
    """
    source = form.source_page.data or ""
    if source not in FIXED_SOURCES and source not in library().slugs:
        source = "consult"
    result_id = None
    token = clean_token(form.assessment_token.data)
    if token:
        result_id = db.session.execute(
            db.select(AssessmentResult.id).where(AssessmentResult.token == token)
        ).scalar_one_or_none()
    aging_id = diagnosis_for_lead(clean_token(form.aging_token.data), form.aging_data.data,
                                  bool(form.aging_names.data))
    return {"source_page": source, "assessment_result_id": result_id,
            "aging_diagnosis_id": aging_id}


def _privacy_version() -> str | None:
    page = library().page("privacy")
    return page.version if page else None

"""Saving a health check: only on request, aggregates only, names only when allowed.

The diagnosis page carries its figures back in a signed hidden field, so nothing is kept
on the server until the visitor presses Save or sends the consultation form.
"""

import re
from decimal import Decimal

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from ..aging.diagnosis import anonymised
from ..extensions import db
from ..i18n import is_zh
from ..models import AgingDiagnosis

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


def by_token(token: str | None) -> AgingDiagnosis | None:
    if not token or not TOKEN.fullmatch(token):
        return None
    return db.session.execute(
        db.select(AgingDiagnosis).filter_by(token=token)
    ).scalar_one_or_none()


def diagnosis_for_lead(token: str | None, data: str | None, keep_names: bool) -> int | None:
    """Return the id of the health check a consultation request links to (saving it now)."""
    saved = by_token(token)
    if saved is not None:
        return saved.id
    figures = unsign(data)
    return save(figures, keep_names).id if figures else None

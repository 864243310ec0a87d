"""A lead's priority, derived with no set-up from its self-check, health check and request."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ..models import LeadStatus
from .labels import cached_gettext as _
from .labels import cached_label

HIGH, MEDIUM, LOW = "high", "medium", "low"
PRIORITY_LABELS = {HIGH: _l("High"), MEDIUM: _l("Medium"), LOW: _l("Low")}
# Needs that are a product sale, then advice that often leads to one.
NEED_POINTS = {"credit_insurance": 2, "receivables": 2, "credit_assessment": 1, "credit_terms": 1}
BIG_NEED, MID_NEED = Decimal(5_000_000), Decimal(1_000_000)
# Receivables more than 90 days overdue in the health check sent with the request: money the
# prospect is likely to lose, so on its own enough for medium (¥1m) or high (¥5m) priority.
BIG_OVERDUE, MID_OVERDUE = Decimal(5_000_000), Decimal(1_000_000)


@dataclass(frozen=True)
class Priority:
    level: str  # high | medium | low | "" (spam, erased)
    points: int
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return cached_label(PRIORITY_LABELS, self.level)

    @property
    def reason(self) -> str:
        return " · ".join(self.reasons)


NONE = Priority("", 0, ())


def lead_priority(row) -> Priority:
    """Score a lead row (status, need, band, credit_need, overdue_90, name, company, email,
    detail)."""
    if row.status == LeadStatus.SPAM or getattr(row, "erased_at", None):
        return NONE
    points, reasons = 0, []
    if row.band in ("D", "E"):
        points += 2
        reasons.append(_("risky buyer (band %(b)s)", b=row.band))
    elif row.band:
        points += 1
        reasons.append(_("self-check done (band %(b)s)", b=row.band))
    need = _decimal(row.credit_need)
    if need is not None and need >= MID_NEED:
        millions = f"{need / Decimal(1_000_000):.1f}"
        points += 3 if need >= BIG_NEED else 2
        reasons.append(_("credit need ¥%(m)sm", m=millions))
    overdue = _decimal(getattr(row, "overdue_90", None))
    if overdue is not None and overdue >= MID_OVERDUE:
        points += 5 if overdue >= BIG_OVERDUE else 3
        millions = f"{overdue / Decimal(1_000_000):.1f}"
        reasons.append(_("¥%(m)sm overdue over 90 days", m=millions))
    if NEED_POINTS.get(row.need):
        points += NEED_POINTS[row.need]
        reasons.append(_("asks for a product") if NEED_POINTS[row.need] == 2
                       else _("asks for advice"))
    complete = bool(row.name) + bool(row.company) + bool(row.email) + (len(row.detail or "") >= 60)
    if complete >= 3:
        points += 1
        reasons.append(_("complete request"))
    elif complete <= 1:
        points -= 1
        reasons.append(_("sparse request"))
    level = HIGH if points >= 5 else MEDIUM if points >= 3 else LOW
    return Priority(level, points, tuple(reasons))


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None

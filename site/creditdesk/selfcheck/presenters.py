"""Turn a stored result (to_dict() JSON) into what the result page shows, in one locale.

The page reads the stored JSON, not the current definition: a later change of weights
or texts never rewrites a result a visitor was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from ..assessment import Text
from ..i18n import pick_language
from ..templating import money  # shared with the admin's lead page


def localise(text: Any) -> str:
    """Return the visitor's language of a Text or a stored {"zh", "en"} text."""
    return pick_language(text.to_dict() if isinstance(text, Text) else text)


def number(value: Any, places: int = 2) -> str:
    """Return a plain number with thousands separators, rounded half-up to `places`."""
    amount = _decimal(value)
    if amount is None:
        return ""
    step = Decimal(1).scaleb(-places)
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="#,##0." + "0" * places if places else "#,##0")


def plain(value: Any) -> str:
    """Return a factor such as 0.8 or 0.15 with no trailing zeros."""
    amount = _decimal(value)
    return "" if amount is None else format_decimal(amount, format="#,##0.##")


def percent(value: Any) -> str:
    """Return a share (0.10) as a percentage (10%)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return format_decimal(amount * 100, format="#,##0.##") + "%"


def zone_name(zone: str | None) -> str:
    names = {
        "safe": _("safe zone (above 2.60)"),
        "grey": _("grey zone (1.10–2.60)"),
        "distress": _("distress zone (below 1.10)"),
    }
    return names.get(zone or "", "")


@dataclass(frozen=True)
class LimitLines:
    """The credit-limit formula with the visitor's numbers put in."""

    suggested: str
    need: str
    capped_need: str  # f × need
    cap: str | None
    data: dict


def limit_lines(limit: dict) -> LimitLines:
    """Return the amounts the limit section prints."""
    factor = _decimal(limit.get("factor")) or Decimal(0)
    need = _decimal(limit.get("need")) or Decimal(0)
    return LimitLines(
        suggested=money(limit.get("suggested")),
        need=money(need),
        capped_need=money((factor * need).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
        cap=money(limit["cap"]) if limit.get("cap") is not None else None,
        data=limit,
    )


@dataclass(frozen=True)
class FactorBar:
    """One factor's bar: the track is as long as its weight, the fill as its points."""

    id: str
    label: str
    answer: str
    points: int
    max: int
    gap: int
    why: str
    source: str
    tip: str


def factor_bars(factors: list[dict]) -> list[FactorBar]:
    return [
        FactorBar(
            id=f["id"],
            label=localise(f["label"]),
            answer=localise(f["answer_text"]),
            points=int(f["points"]),
            max=int(f["max"]),
            gap=int(f["gap"]),
            why=localise(f["why"]),
            source=localise(f.get("source")),  # bilingual since 2026.12, plain text before
            tip=localise(f["tip"]),
        )
        for f in factors
    ]


@dataclass(frozen=True)
class RescoreNote:
    """"Scored with model X — the current model gives …", in the visitor's language."""

    stored_version: str
    current_version: str
    band: str
    band_label: str
    score: int
    limit: str
    secured_only: bool
    band_changed: bool


def rescore_note(outcome) -> RescoreNote | None:
    """Return the note for a `rescore.Rescore` when the current model gives another result."""
    if outcome is None or not outcome.differs:
        return None
    current = outcome.current
    return RescoreNote(
        stored_version=outcome.stored_version,
        current_version=current.version,
        band=current.band,
        band_label=localise(current.band_label),
        score=current.score,
        limit=money(current.suggested),
        secured_only=current.secured_only,
        band_changed=outcome.band_changed,
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None

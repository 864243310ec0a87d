"""Re-scoring: the current model's result computed beside a stored one, never over it.

A stored result keeps the definition version it was scored with and the whole result
the visitor was shown. When the model changes, `rescore()` scores the stored answers
again with the definition loaded now, for comparison only: nothing is written back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..assessment import Definition, Result, Text, answers_from_json, score
from ..models.assessment import AssessmentResult


@dataclass(frozen=True)
class Current:
    """What the current model gives, kept small: `--all` holds one per stored result."""

    version: str
    band: str
    band_label: Text
    score: int
    suggested: Decimal
    secured_only: bool
    overrides: tuple[str, ...]

    @classmethod
    def of(cls, result: Result) -> Current:
        return cls(
            version=result.definition_version,
            band=result.band.code,
            band_label=result.band.label,
            score=result.score,
            suggested=result.limit.suggested,
            secured_only=result.limit.secured_only,
            overrides=tuple(o.id for o in result.overrides),
        )


@dataclass(frozen=True)
class Rescore:
    """A stored result and what the current model gives for the same answers."""

    token: str
    definition_id: str
    stored_version: str
    stored_band: str
    stored_score: int
    stored_limit: Decimal | None
    current: Current | None  # None when the answers could not be scored again
    error: str | None = None  # why not
    direction: int = 0  # -1: the current band is better, 1: worse, 0: same or not comparable

    @property
    def current_version(self) -> str | None:
        return None if self.current is None else self.current.version

    @property
    def band_changed(self) -> bool:
        return self.current is not None and self.current.band != self.stored_band

    @property
    def differs(self) -> bool:
        """Whether the current model gives another band, score or suggested limit."""
        if self.current is None:
            return False
        return (
            self.band_changed
            or self.current.score != self.stored_score
            or self.current.suggested != self.stored_limit
        )

    def to_dict(self) -> dict[str, Any]:
        current = self.current
        return {
            "token": self.token,
            "definition_id": self.definition_id,
            "stored": {
                "version": self.stored_version,
                "band": self.stored_band,
                "score": self.stored_score,
                "suggested_limit": None if self.stored_limit is None else str(self.stored_limit),
            },
            "current": None
            if current is None
            else {
                "version": current.version,
                "band": current.band,
                "score": current.score,
                "suggested_limit": str(current.suggested),
                "secured_only": current.secured_only,
                "overrides": list(current.overrides),
            },
            "band_changed": self.band_changed,
            "direction": {-1: "better", 1: "worse"}.get(self.direction),
            "differs": self.differs,
            "error": self.error,
        }


def rescore(record: AssessmentResult, definitions: Mapping[str, Definition]) -> Rescore:
    """Score a stored result's answers with the definition of the same id loaded now."""
    stored = record.result if isinstance(record.result, dict) else {}
    base = {
        "token": record.token,
        "definition_id": record.definition_id,
        "stored_version": record.definition_version,
        "stored_band": record.band,
        "stored_score": record.score,
        "stored_limit": _decimal((stored.get("limit") or {}).get("suggested")),
    }
    definition = definitions.get(record.definition_id)
    if definition is None:
        return Rescore(**base, current=None, error="its definition is no longer loaded")
    if not isinstance(record.answers, Mapping):
        return Rescore(**base, current=None, error="it has no stored answers to score")
    try:
        answers = answers_from_json(definition, record.answers)
        current = Current.of(score(definition, answers))
    except ValueError as err:
        # e.g. a question that is now required was not asked when the result was made
        problem = f"its answers do not fit the current model: {err}"
        return Rescore(**base, current=None, error=problem)
    codes = {b.code for b in definition.bands}
    direction = 0
    if current.band != record.band and record.band in codes:
        worse = definition.band_rank(current.band) > definition.band_rank(record.band)
        direction = 1 if worse else -1
    return Rescore(**base, current=current, direction=direction)


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None

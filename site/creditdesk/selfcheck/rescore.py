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

from ..assessment import Definition, Result, answers_from_json, score
from ..models.assessment import AssessmentResult


@dataclass(frozen=True)
class Rescore:
    """A stored result and what the current model gives for the same answers."""

    token: str
    definition_id: str
    stored_version: str
    stored_band: str
    stored_score: int
    stored_limit: Decimal | None
    current: Result | None  # None when the answers could not be scored again
    error: str | None = None  # why not

    @property
    def current_version(self) -> str | None:
        return None if self.current is None else self.current.definition_version

    @property
    def band_changed(self) -> bool:
        return self.current is not None and self.current.band.code != self.stored_band

    @property
    def differs(self) -> bool:
        """Whether the current model gives another band, score or suggested limit."""
        if self.current is None:
            return False
        return (
            self.band_changed
            or self.current.score != self.stored_score
            or self.current.limit.suggested != self.stored_limit
        )

    @property
    def direction(self) -> int:
        """-1 if the current band is better, 1 if worse, 0 if the same (or not computed)."""
        if not self.band_changed:
            return 0
        order = "ABCDE"
        known = self.stored_band in order and self.current.band.code in order
        if not known:
            return 0
        return 1 if order.index(self.current.band.code) > order.index(self.stored_band) else -1

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
                "version": current.definition_version,
                "band": current.band.code,
                "score": current.score,
                "suggested_limit": str(current.limit.suggested),
                "overrides": [o.id for o in current.overrides],
            },
            "band_changed": self.band_changed,
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
    try:
        answers = answers_from_json(definition, record.answers or {})
        return Rescore(**base, current=score(definition, answers))
    except ValueError as err:
        # e.g. a question that is now required was not asked when the result was made
        problem = f"its answers do not fit the current model: {err}"
        return Rescore(**base, current=None, error=problem)


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None

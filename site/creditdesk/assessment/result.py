"""What score() returns: immutable, and serialisable with to_dict()."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .answers import answers_from_json, answers_to_json
from .definition import Band, Terms
from .limit import LimitResult
from .text import Text


@dataclass(frozen=True)
class FactorResult:
    id: str
    label: Text
    answer_text: Text
    points: int
    max: int
    gap: int  # max - points: what this factor cost
    why: Text
    source: str
    tip: Text


@dataclass(frozen=True)
class OverrideFired:
    id: str
    reason: Text
    cap_band: str  # the band is no better than this


@dataclass(frozen=True)
class Result:
    score: int
    band: Band  # after overrides
    raw_band: Band  # from the score alone
    factors: tuple[FactorResult, ...]
    top_gaps: tuple[FactorResult, ...]  # up to three factors that cost most, gap > 0
    overrides: tuple[OverrideFired, ...]
    terms: Terms
    limit: LimitResult
    next_band: tuple[int, str] | None  # (points needed, band code) from the score alone
    z2: Decimal | None  # Altman Z'' cut to two decimals
    z2_zone: str | None
    definition_id: str
    definition_version: str
    disclaimer: Text

    answers_to_json = staticmethod(answers_to_json)
    answers_from_json = staticmethod(answers_from_json)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict: Decimals as strings, Text as {"zh", "en"}."""
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        data["top_gaps"] = [f.id for f in self.top_gaps]
        data["next_band"] = (
            None
            if self.next_band is None
            else {"points_needed": self.next_band[0], "band": self.next_band[1]}
        )
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, Text) or isinstance(value, (Band, Terms)):
        return value.to_dict()
    if isinstance(value, Decimal):
        return format(value, "f")
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value

"""Points and the answer shown for each factor, by the factor's scoring method."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from .altman import z2_display, z2_zone
from .definition import COUNT, EXPOSURE_RATIO, FINANCIAL_STRENGTH, Definition, Factor, Option
from .text import Text

ZONE_NAMES = {
    "safe": Text("安全区", "safe zone"),
    "grey": Text("灰色区", "grey zone"),
    "distress": Text("困境区", "distress zone"),
}
_RATIO_SHOWN_UP_TO = Decimal(10)


def factor_points(
    definition: Definition,
    factor: Factor,
    answers: Mapping,
    z2: Decimal | None,
    need: Decimal,
    net_worth: Decimal | None,
) -> tuple[int, Text]:
    """Return (points, answer text) for one factor."""
    if factor.scoring == FINANCIAL_STRENGTH and factor.statements.matches(answers):
        return _z2_points(factor, z2)
    if factor.scoring == EXPOSURE_RATIO:
        return _exposure_points(factor, need, net_worth)
    chosen = _chosen_options(definition, factor, answers)
    text = Text.join([o.label for o in chosen], "；", "; ")
    if factor.scoring == COUNT:
        count = sum(1 for o in chosen if not o.exclusive)
        return factor.count_points[min(count, len(factor.count_points) - 1)], text
    return sum(o.points for o in chosen), text


def _chosen_options(definition: Definition, factor: Factor, answers: Mapping) -> list[Option]:
    chosen = []
    for question in definition.questions_feeding(factor.id):
        value = answers.get(question.id)
        values = value if isinstance(value, tuple) else () if value is None else (value,)
        chosen.extend(o for o in question.options if o.value in values)
    return chosen


def _z2_points(factor: Factor, z2: Decimal | None) -> tuple[int, Text]:
    assert z2 is not None
    points = next(s.points for s in factor.z2_points if s.holds(z2))
    zone = ZONE_NAMES[z2_zone(z2)]
    shown = z2_display(z2)
    return points, Text(f"Z″ = {shown}（{zone.zh}）", f"Z″ = {shown} ({zone.en})")


def _exposure_points(factor: Factor, need: Decimal, net_worth: Decimal | None) -> tuple[int, Text]:
    if net_worth is None:
        return factor.otherwise_points, Text("净资产未知", "net worth unknown")
    if net_worth <= 0:
        return factor.otherwise_points, Text("净资产为零或负数", "net worth zero or negative")
    ratio = need / net_worth
    points = next((p for high, p in factor.ratio_points if ratio <= high), factor.otherwise_points)
    if ratio > _RATIO_SHOWN_UP_TO:
        return points, Text("所需额度超过净资产的 1000%", "credit need > 1000% of net worth")
    percent = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return points, Text(
        f"所需额度约为净资产的 {percent}%", f"credit need ≈ {percent}% of net worth"
    )

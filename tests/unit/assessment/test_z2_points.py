"""Altman Z'' points: the engine on a fixture definition (fixtures/mini_z2.yaml: above 2.60 → 20,
1.10–2.60 → 10, below → 0; without statements the liquidity answer), the shipped file by
invariants only (points follow the zones, never more points for a lower Z'')."""

from decimal import Decimal
from pathlib import Path

import pytest

from creditdesk.assessment import altman_z2, load_definition, parse_answers, score, z2_zone
from tests.unit.assessment.answersets import DEFINITION, best_answers, statements

MINI = load_definition(Path(__file__).parent / "fixtures" / "mini_z2.yaml")
BEST = {"record": "good", "region": "home", "signs": ["none"], "share": "low",
        "monthly_sales": "100000", "terms_days": "15", "net_worth": "1000000"}


def figures_for(equity: str, liabilities: str = "105") -> dict:
    """Z'' = 1.05 × equity / liabilities (nothing else on the balance sheet)."""
    return statements(("0", "0", "0", equity, liabilities))


def mini(**changes):
    answers, errors = parse_answers(MINI, {**BEST, **changes})
    assert errors == {}, errors
    return score(MINI, answers)


def financial(result, factor_id="financial"):
    return next(f.points for f in result.factors if f.id == factor_id)


@pytest.mark.parametrize(("equity", "z2", "zone", "expected"), [
    ("300", None, "safe", 20),
    ("260.000001", None, "safe", 20),  # just above 2.60
    ("260", Decimal("2.60"), "grey", 10),  # exactly 2.60 is grey: safe means above
    ("200", Decimal("2.00"), "grey", 10),
    ("110", Decimal("1.10"), "grey", 10),  # 1.10 exactly: grey, not distress
    ("109.99999", None, "distress", 0),
    ("10", Decimal("0.10"), "distress", 0),
    ("-50", Decimal("-0.50"), "distress", 0),
])
def test_fixture_points_per_zone(equity, z2, zone, expected):
    result = mini(**figures_for(equity))
    assert result.z2_zone == zone
    if z2 is not None:
        assert result.z2 == z2
    assert financial(result) == expected
    assert result.score == 80 + expected  # the other factors all at their best


def test_fixture_z2_of_the_five_figures():
    # TA = 600 + 400 = 1000: X1 .2, X2 .3, X3 .1, X4 1.5 → 4.537 (shown rounded down), safe
    result = mini(**statements(("200", "300", "100", "600", "400")))
    assert result.z2 == Decimal("4.53") and result.z2_zone == "safe" and financial(result) == 20


def test_fixture_exactly_2_60_is_shown_grey():
    result = mini(**figures_for("260"))
    factor = next(f for f in result.factors if f.id == "financial")
    assert factor.answer_text.en == "Z″ = 2.60 (grey zone)"


@pytest.mark.parametrize(("liquidity", "expected"), [("good", 10), ("poor", 0)])
def test_fixture_without_statements_the_answers_score(liquidity, expected):
    result = mini(has_statements="no", liquidity=liquidity)
    assert financial(result) == expected and result.z2 is None and result.z2_zone is None


def test_fixture_hidden_figures_are_ignored_without_statements():
    result = mini(has_statements="no", liquidity="poor", **{
        k: v for k, v in figures_for("300").items() if k != "has_statements"})
    assert financial(result) == 0 and result.z2 is None


def test_fixture_a_lower_z2_never_gets_more_points():
    equities = ["400", "300", "260.01", "260", "259.99", "200", "115.5", "110", "109.99", "50",
                "0", "-100"]
    shown = [financial(mini(**figures_for(e))) for e in equities]
    assert shown == sorted(shown, reverse=True)
    assert shown == [20, 20, 20, 10, 10, 10, 10, 10, 0, 0, 0, 0]


# -- the shipped file, by invariants ------------------------------------------------------

FINANCIAL = DEFINITION.factor("financial_strength")


def shipped(**changes):
    answers, errors = parse_answers(DEFINITION, {**best_answers(), **changes})
    assert errors == {}, errors
    return score(DEFINITION, answers)


# Z'' from -1 to 4.5 in steps of 0.05, plus both sides of each zone edge and each step bound
_BOUNDS = {s.bound for s in FINANCIAL.z2_points if s.bound is not None}
SWEEP = sorted({Decimal(n) / 20 for n in range(-20, 91)} | {Decimal("2.60"), Decimal("1.10")}
               | {b + d for b in _BOUNDS | {Decimal("2.60"), Decimal("1.10")}
                  for d in (Decimal("-0.001"), 0, Decimal("0.001"))})


def _swept():
    out = []
    for z2 in SWEEP:
        equity = format(z2 * 100 / Decimal("1.05"), "f")
        result = shipped(**statements(("0", "0", "0", equity, "100")))
        out.append((z2, result.z2_zone, financial(result, "financial_strength")))
    return out


SWEPT = _swept()


def test_shipped_a_lower_z2_never_gets_more_points():
    points = [p for _, _, p in SWEPT]  # SWEPT is in increasing Z''
    assert points == sorted(points)
    assert points[-1] == FINANCIAL.max  # a high Z'' earns the factor's maximum


def test_shipped_points_follow_the_zones():
    """Each zone is one range of points, and a better zone always earns strictly more."""
    by_zone = {}
    for z2, zone, points in SWEPT:
        assert zone == z2_zone(altman_z2(Decimal(0), Decimal(0), Decimal(0),
                                         z2 * 100 / Decimal("1.05"), Decimal(100)))
        by_zone.setdefault(zone, set()).add(points)
    assert set(by_zone) == {"safe", "grey", "distress"}
    assert min(by_zone["safe"]) > max(by_zone["grey"])
    assert min(by_zone["grey"]) > max(by_zone["distress"])


def test_shipped_exactly_2_60_scores_as_grey_and_just_above_as_safe():
    at = shipped(**figures_for("260"))
    above = shipped(**figures_for("260.000001"))
    assert (at.z2_zone, above.z2_zone) == ("grey", "safe")
    assert financial(at, "financial_strength") < financial(above, "financial_strength")
    lowest_grey = shipped(**figures_for("110"))
    below = shipped(**figures_for("109.99999"))
    assert (lowest_grey.z2_zone, below.z2_zone) == ("grey", "distress")
    assert financial(lowest_grey, "financial_strength") > financial(below, "financial_strength")


def test_shipped_self_reported_answers_never_beat_a_grey_zone_z2():
    lowest_grey = financial(shipped(**figures_for("110")), "financial_strength")
    best_fallback = max(
        financial(shipped(has_statements="no", current_ratio_band=r.value, profitability=p.value),
                  "financial_strength")
        for r in DEFINITION.question("current_ratio_band").options
        for p in DEFINITION.question("profitability").options
    )
    assert best_fallback <= lowest_grey

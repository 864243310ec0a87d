import json
from decimal import Decimal

import pytest

from creditdesk.assessment import parse_answers, score
from creditdesk.assessment.answers import answers_to_json
from creditdesk.assessment.definition import SINGLE
from tests.unit.assessment.answersets import (
    DEAL,
    DEFINITION,
    Z2_DISTRESS,
    Z2_LOWER_GREY,
    Z2_UPPER_GREY,
    answers_scoring,
    best_answers,
    statements,
)


def result_for(**changes):
    raw = {**best_answers(), **changes}
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}
    return score(DEFINITION, answers)


def points(result, factor_id):
    return next(f.points for f in result.factors if f.id == factor_id)


def test_best_answers_score_100():
    result = result_for()
    assert (result.score, result.band.code, result.next_band, result.top_gaps) == (
        100,
        "A",
        None,
        (),
    )
    assert all(f.gap == 0 for f in result.factors)


# -- factors: the shipped weights are the analysts', so these read them from the file ----


def _option_cases():
    for question in DEFINITION.questions:
        if question.type == SINGLE and question.factor and question.show_if is None:
            for option in question.options:
                yield pytest.param(question.id, question.factor, option.value, option.points,
                                   id=f"{question.id}={option.value}")


@pytest.mark.parametrize(("question", "factor", "value", "expected"), list(_option_cases()))
def test_a_single_choice_answer_earns_the_points_the_file_gives_it(
        question, factor, value, expected):
    result = result_for(**{question: value})
    assert points(result, factor) == expected
    assert result.score == 100 - (DEFINITION.question(question).option(
        best_answers()[question]).points - expected)


FINANCIAL = DEFINITION.factor("financial_strength")
EXPOSURE = DEFINITION.factor("exposure")


def z2_points(z2: Decimal) -> int:
    """The file's points for a Z'' (steps highest first: `min` or `above` a bound)."""
    return next(step.points for step in FINANCIAL.z2_points if step.holds(z2))


def equity_for(z2: Decimal) -> str:
    """Book equity giving this Z'' with 100 of liabilities and nothing else (1.05 × X4)."""
    return str(z2 * 100 / Decimal("1.05"))


def exposure_points(net_worth: str) -> int:
    """The file's points for the exposure of the DEAL answers against `net_worth`."""
    days = int(DEAL["terms_days"]) + DEFINITION.limit.buffer_days
    need = Decimal(DEAL["monthly_sales"]) * days / 30
    if not net_worth or Decimal(net_worth) <= 0:
        return EXPOSURE.otherwise_points
    ratio = need / Decimal(net_worth)
    return next((p for high, p in EXPOSURE.ratio_points if ratio <= high),
                EXPOSURE.otherwise_points)


@pytest.mark.parametrize(
    ("figures", "zone"),
    [(Z2_UPPER_GREY, "grey"), (Z2_LOWER_GREY, "grey"), (Z2_DISTRESS, "distress")],
)
def test_financial_strength_with_statements(figures, zone):
    result = result_for(**statements(figures))
    assert points(result, "financial_strength") == z2_points(result.z2)
    assert result.z2_zone == zone


@pytest.mark.parametrize("step", range(len(FINANCIAL.z2_points) - 1))
def test_financial_strength_steps_at_their_bounds(step):
    """At a `min` bound the step's points, a hundredth below the next step's; at an `above`
    bound the next step's points, a hundredth above the step's."""
    this, following = FINANCIAL.z2_points[step], FINANCIAL.z2_points[step + 1]
    bound = this.bound
    at = result_for(**statements(("0", "0", "0", equity_for(bound), "100")))
    assert at.z2 == bound
    assert points(at, "financial_strength") == (this.points if this.inclusive
                                                else following.points)
    near = bound - Decimal("0.01") if this.inclusive else bound + Decimal("0.01")
    beyond = result_for(**statements(("0", "0", "0", equity_for(near), "100")))
    assert beyond.z2 == near
    assert points(beyond, "financial_strength") == (following.points if this.inclusive
                                                    else this.points)
    assert following.points < this.points


def test_financial_strength_at_exactly_2_60_is_grey():
    # equity 260, liabilities 105: X4 = 260/105, Z'' = 1.05 × 260/105 = 2.60 exactly
    result = result_for(**statements(("0", "0", "0", "260", "105")))
    assert result.z2 == Decimal("2.60") and result.z2_zone == "grey"
    assert points(result, "financial_strength") == z2_points(Decimal("2.60"))
    assert result.factors[3].answer_text.en == "Z″ = 2.60 (grey zone)"


@pytest.mark.parametrize(
    ("figures", "zone"),
    [
        (("0", "0", "0", "260.000001", "105"), "safe"),  # just above 2.60
        (("0", "0", "0", "110", "105"), "grey"),  # 1.10 exactly: grey, not distress
        (("0", "0", "0", "109.99999", "105"), "distress"),
    ],
)
def test_financial_strength_around_the_zone_edges(figures, zone):
    result = result_for(**statements(figures))
    assert result.z2_zone == zone
    exact = Decimal("1.05") * Decimal(figures[3]) / Decimal(figures[4])  # shown rounded
    assert points(result, "financial_strength") == z2_points(exact)


def test_the_points_never_rank_a_worse_zone_above_a_better_one():
    by_zone = {}
    for equity in ("300", "260.000001", "260", "200", "110", "109.99999", "10"):
        result = result_for(**statements(("0", "0", "0", equity, "105")))
        by_zone.setdefault(result.z2_zone, set()).add(points(result, "financial_strength"))
    assert min(by_zone["safe"]) > max(by_zone["grey"]) >= min(by_zone["grey"]) > max(
        by_zone["distress"])


@pytest.mark.parametrize(
    ("ratio", "profit"),
    [("ge_1_5", "profitable"), ("r1_0_1_5", "profitable"), ("r1_0_1_5", "break_even"),
     ("lt_1", "break_even"), ("lt_1", "loss"), ("ge_1_5", "loss")],
)
def test_financial_strength_without_statements(ratio, profit):
    """Without statements the two fallback answers' points add up."""
    result = result_for(has_statements="no", current_ratio_band=ratio, profitability=profit)
    expected = (DEFINITION.question("current_ratio_band").option(ratio).points
                + DEFINITION.question("profitability").option(profit).points)
    assert points(result, "financial_strength") == min(expected, FINANCIAL.max)
    assert result.z2 is None and result.z2_zone is None


@pytest.mark.parametrize("net_worth", ["1500000", "1499999", "750000", "749999", "", "0"])
def test_exposure(net_worth):
    assert points(result_for(net_worth=net_worth), "exposure") == exposure_points(net_worth)


def test_exposure_points_fall_as_net_worth_falls():
    worths = ["100000000", "1500000", "1000000", "750000", "500000", "1", ""]
    earned = [points(result_for(net_worth=w), "exposure") for w in worths]
    assert earned == sorted(earned, reverse=True) and earned[0] == EXPOSURE.max


def test_exposure_uses_book_equity_when_net_worth_unknown():
    result = result_for(net_worth="", **statements(("0", "0", "0", "3000000", "100")))
    assert points(result, "exposure") == exposure_points("3000000")
    assert (
        result.limit.net_worth == Decimal(3000000) and result.limit.net_worth_source == "statements"
    )
    assert not result.limit.unverified


@pytest.mark.parametrize(
    "signs",
    [["none"], ["bad_news"], ["bad_news", "longer_terms"],
     ["management_change", "longer_terms", "pays_others_late", "registration_changes",
      "bad_news"]],
)
def test_warning_signs_earn_the_files_points_for_their_count(signs):
    steps = DEFINITION.factor("warning_signs").count_points
    chosen = 0 if signs == ["none"] else len(signs)
    expected = steps[min(chosen, len(steps) - 1)]
    assert points(result_for(warning_signs=signs), "warning_signs") == expected
    assert list(steps) == sorted(steps, reverse=True)  # more signs never earn more


# -- bands, overrides, explanation ----------------------------------------------------


def _reachable_from(low: int) -> int:
    """Return the lowest score from `low` up that an answer set can reach (not every one can:
    some factors give points for every answer)."""
    for target in range(low, 101):
        try:
            answers_scoring(target)
        except ValueError:
            continue
        return target
    raise AssertionError(f"no score from {low} up can be reached")


BAND_EDGES = [(edge, band.code) for band in DEFINITION.bands
              for edge in (_reachable_from(band.min), band.max)]


@pytest.mark.parametrize(("target", "band"), BAND_EDGES)
def test_band_boundaries(target, band):
    answers, _ = parse_answers(DEFINITION, answers_scoring(target))
    result = score(DEFINITION, answers)
    assert (result.score, result.band.code, result.raw_band.code, result.overrides) == (
        target,
        band,
        band,
        (),
    )


@pytest.mark.parametrize(("target", "band"), BAND_EDGES)
def test_next_band(target, band):
    """The points missing to the next better band, and its code; none from the best."""
    answers, _ = parse_answers(DEFINITION, answers_scoring(target))
    rank = DEFINITION.band_rank(band)
    expected = None
    if rank:
        better = DEFINITION.bands[rank - 1]
        expected = (better.min - target, better.code)
    assert score(DEFINITION, answers).next_band == expected


def test_knockout_gives_e_and_says_why():
    result = result_for(public_records="severe")
    records = DEFINITION.question("public_records")
    lost = max(o.points for o in records.options) - records.option("severe").points
    assert result.score == 100 - lost and result.score >= 80  # points alone: still band A
    assert (result.raw_band.code, result.band.code) == ("A", "E")
    assert [o.id for o in result.overrides] == ["public_record_knockout"]
    assert result.overrides[0].cap_band == "E"
    assert result.terms.band == "E" and result.limit.suggested == 0
    assert result.next_band == (-10, "A") or result.next_band is None


def test_z2_distress_caps_at_d():
    result = result_for(**statements(Z2_DISTRESS))
    assert result.score == 100 - (FINANCIAL.max - z2_points(result.z2))
    assert (result.raw_band.code, result.band.code) == ("A", "D")
    assert [o.id for o in result.overrides] == ["z2_distress"]


def test_country_d_caps_at_d():
    result = result_for(country_risk="d")
    assert (result.raw_band.code, result.band.code) == ("A", "D")
    assert [o.id for o in result.overrides] == ["country_d"]
    assert result.overrides[0].reason.en.startswith("Country risk")


def test_override_does_not_improve_a_worse_band():
    answers, _ = parse_answers(DEFINITION, {**answers_scoring(34), "country_risk": "d"})
    result = score(DEFINITION, answers)
    assert result.band.code == "E"
    assert [o.id for o in result.overrides] == ["country_d"]


def test_top_gaps_largest_first_ties_in_factor_order():
    result = result_for(
        payment_record="late_31_60",
        annual_revenue="lt_10m",
        ownership="independent_private",
        sector_risk="sensitive",
        has_statements="no",
        current_ratio_band="ge_1_5",
        profitability="profitable",
    )
    gaps = [(f.id, f.gap) for f in result.factors if f.gap]
    assert all(f.gap == f.max - f.points for f in result.factors)
    assert len(gaps) == 5  # payment, financial, revenue, ownership, sector
    # largest first; equal gaps keep the factors' order (sorted() is stable)
    expected = sorted(gaps, key=lambda item: -item[1])[:3]
    assert [(f.id, f.gap) for f in result.top_gaps] == expected


def test_factor_result_explains():
    factor = next(
        f for f in result_for(payment_record="new_buyer").factors if f.id == "payment_record"
    )
    option = DEFINITION.question("payment_record").option("new_buyer")
    assert factor.answer_text == option.label
    maximum = DEFINITION.factor("payment_record").max
    assert (factor.points, factor.max, factor.gap) == (option.points, maximum,
                                                       maximum - option.points)
    assert factor.why.en and factor.tip.zh and "PAYDEX" in factor.source.en
    assert "邓白氏" in factor.source.zh


def test_incomplete_answers_raise():
    answers, _ = parse_answers(DEFINITION, best_answers())
    del answers["sector_risk"]
    with pytest.raises(ValueError, match="sector_risk: required"):
        score(DEFINITION, answers)


def test_score_ignores_hidden_answers():
    answers, _ = parse_answers(
        DEFINITION,
        {
            **best_answers(),
            "has_statements": "no",
            "current_ratio_band": "ge_1_5",
            "profitability": "profitable",
        },
    )
    answers["book_equity"] = Decimal(-(10**9))
    assert score(DEFINITION, answers).z2 is None


def test_result_records_definition_and_serialises():
    result = result_for()
    data = json.loads(json.dumps(result.to_dict()))
    assert (data["definition_id"], data["definition_version"]) == (
        DEFINITION.id, DEFINITION.version)
    assert data["band"]["label"] == DEFINITION.band("A").label.to_dict()
    assert data["limit"]["suggested"] == str(result.limit.suggested) != "0"
    assert data["z2"] == "3.15" and data["z2_zone"] == "safe"  # Altman: 1.05 × 300/100
    assert data["terms"]["articles"][0]["slug"] == DEFINITION.terms["A"].articles[0][0]
    assert data["disclaimer"] == DEFINITION.disclaimer.to_dict()


def test_score_depends_only_on_the_answers_not_their_order_or_storage():
    """The stored answers (JSON, any key order) give back the very same result."""
    answers, _ = parse_answers(DEFINITION, answers_scoring(57))
    reordered = dict(reversed(list(answers.items())))
    stored = json.loads(json.dumps(answers_to_json(answers)))
    reread, errors = parse_answers(DEFINITION, stored)
    assert errors == {}
    result = score(DEFINITION, answers)
    assert result.score == 57
    assert score(DEFINITION, reordered) == result
    assert score(DEFINITION, reread) == result

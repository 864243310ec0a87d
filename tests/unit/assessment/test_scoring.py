import json
from decimal import Decimal

import pytest

from creditdesk.assessment import parse_answers, score
from creditdesk.assessment.answers import answers_to_json
from creditdesk.assessment.definition import SINGLE
from tests.unit.assessment.answersets import (
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


@pytest.mark.parametrize(
    ("figures", "expected", "zone"),
    [(Z2_UPPER_GREY, 14, "grey"), (Z2_LOWER_GREY, 8, "grey"), (Z2_DISTRESS, 0, "distress")],
)
def test_financial_strength_with_statements(figures, expected, zone):
    result = result_for(**statements(figures))
    assert points(result, "financial_strength") == expected
    assert result.z2_zone == zone


@pytest.mark.parametrize(
    ("z_equity", "expected"),
    # equity / 100 liabilities × 1.05 = Z'': cut-offs are inclusive lower bounds
    [
        ("247.6190476190476190476190477", 20),
        ("176.1904761904761904761904762", 14),
        ("104.7619047619047619047619048", 8),
    ],
)
def test_financial_strength_cut_offs_inclusive(z_equity, expected):
    result = result_for(**statements(("0", "0", "0", z_equity, "100")))
    assert points(result, "financial_strength") == expected


def test_financial_strength_at_exactly_2_60_is_20_points_but_grey():
    # equity 260, liabilities 105: X4 = 260/105, Z'' = 1.05 × 260/105 = 2.60 exactly
    result = result_for(**statements(("0", "0", "0", "260", "105")))
    assert result.z2 == Decimal("2.60") and result.z2_zone == "grey"
    assert points(result, "financial_strength") == 20


@pytest.mark.parametrize(
    ("ratio", "profit", "expected"),
    [
        ("ge_1_5", "profitable", 12),
        ("r1_0_1_5", "break_even", 6),
        ("lt_1", "loss", 0),
        ("ge_1_5", "loss", 6),
    ],
)
def test_financial_strength_without_statements(ratio, profit, expected):
    result = result_for(has_statements="no", current_ratio_band=ratio, profitability=profit)
    assert points(result, "financial_strength") == expected
    assert result.z2 is None and result.z2_zone is None


@pytest.mark.parametrize(
    ("net_worth", "expected"),
    # need = 100,000 × 45 / 30 = 150,000
    [("1500000", 6), ("1499999", 3), ("750000", 3), ("749999", 0), ("", 0), ("0", 0)],
)
def test_exposure(net_worth, expected):
    assert points(result_for(net_worth=net_worth), "exposure") == expected


def test_exposure_uses_book_equity_when_net_worth_unknown():
    result = result_for(net_worth="", **statements(("0", "0", "0", "3000000", "100")))
    assert points(result, "exposure") == 6
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


@pytest.mark.parametrize(
    ("target", "band"),
    [(34, "E"), (35, "D"), (49, "D"), (50, "C"), (64, "C"), (65, "B"), (79, "B"), (80, "A")],
)
def test_band_boundaries(target, band):
    answers, _ = parse_answers(DEFINITION, answers_scoring(target))
    result = score(DEFINITION, answers)
    assert (result.score, result.band.code, result.raw_band.code, result.overrides) == (
        target,
        band,
        band,
        (),
    )


@pytest.mark.parametrize(
    ("target", "expected"), [(34, (1, "D")), (64, (1, "B")), (65, (15, "A")), (4, (31, "D"))]
)
def test_next_band(target, expected):
    answers, _ = parse_answers(DEFINITION, answers_scoring(target))
    assert score(DEFINITION, answers).next_band == expected


def test_knockout_gives_e_and_says_why():
    result = result_for(public_records="severe")
    assert (result.score, result.raw_band.code, result.band.code) == (90, "A", "E")
    assert [o.id for o in result.overrides] == ["public_record_knockout"]
    assert result.overrides[0].cap_band == "E"
    assert result.terms.band == "E" and result.limit.suggested == 0
    assert result.next_band == (-10, "A") or result.next_band is None


def test_z2_distress_caps_at_d():
    result = result_for(**statements(Z2_DISTRESS))
    assert (result.score, result.raw_band.code, result.band.code) == (80, "A", "D")
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
    # gaps: payment 13, financial 8, revenue 4, ownership 3, sector 5
    assert [f.id for f in result.top_gaps] == ["payment_record", "financial_strength", "sector"]
    assert [f.gap for f in result.top_gaps] == [13, 8, 5]


def test_factor_result_explains():
    factor = next(
        f for f in result_for(payment_record="new_buyer").factors if f.id == "payment_record"
    )
    assert factor.answer_text.zh == "新买方，尚无付款记录"
    assert (factor.points, factor.max, factor.gap) == (6, 15, 9)
    assert factor.why.en and factor.tip.zh and "PAYDEX" in factor.source


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
        "credit-risk-selfcheck",
        "2026.11",
    )
    assert data["band"]["label"] == {"zh": "低风险", "en": "Low risk"}
    assert data["limit"]["suggested"] == "150000"
    assert data["z2"] == "3.15" and data["z2_zone"] == "safe"
    assert data["terms"]["articles"][0]["slug"] == "setting-credit-terms"
    assert data["disclaimer"]["en"].startswith("This result is an indicative")


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

import json
from decimal import Decimal

import pytest

from creditdesk.assessment import parse_answers, score
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


# -- one test per factor ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("lt_1", 0), ("y1_3", 3), ("y3_5", 5), ("y5_10", 7), ("ge_10", 8)]
)
def test_business_age(value, expected):
    assert points(result_for(years_in_business=value), "business_age") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("on_time", 15),
        ("late_le_15", 10),
        ("late_16_30", 6),
        ("late_31_60", 2),
        ("late_gt_60", 0),
        ("new_buyer", 6),
    ],
)
def test_payment_record(value, expected):
    assert points(result_for(payment_record=value), "payment_record") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("none", 10), ("minor", 6), ("pending", 2), ("severe", 0)]
)
def test_public_records(value, expected):
    assert points(result_for(public_records=value), "public_records") == expected


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


def test_financial_strength_at_exactly_2_60_is_grey_and_scores_as_grey():
    # equity 260, liabilities 105: X4 = 260/105, Z'' = 1.05 × 260/105 = 2.60 exactly.
    # 2026.11 gave it 20 points while calling it grey; the points now follow the zones.
    result = result_for(**statements(("0", "0", "0", "260", "105")))
    assert result.z2 == Decimal("2.60") and result.z2_zone == "grey"
    assert points(result, "financial_strength") == 14
    assert result.factors[3].answer_text.en == "Z″ = 2.60 (grey zone)"


@pytest.mark.parametrize(
    ("figures", "expected", "zone"),
    [
        (("0", "0", "0", "260.000001", "105"), 20, "safe"),  # just above 2.60
        (("0", "0", "0", "110", "105"), 8, "grey"),  # 1.10 exactly: grey, not distress
        (("0", "0", "0", "109.99999", "105"), 0, "distress"),
    ],
)
def test_financial_strength_around_the_zone_edges(figures, expected, zone):
    result = result_for(**statements(figures))
    assert (points(result, "financial_strength"), result.z2_zone) == (expected, zone)


@pytest.mark.parametrize(
    ("ratio", "profit", "expected"),
    [
        ("ge_1_5", "profitable", 8),
        ("r1_0_1_5", "profitable", 6),
        ("r1_0_1_5", "break_even", 4),
        ("lt_1", "break_even", 2),
        ("lt_1", "loss", 0),
        ("ge_1_5", "loss", 4),
    ],
)
def test_financial_strength_without_statements(ratio, profit, expected):
    result = result_for(has_statements="no", current_ratio_band=ratio, profitability=profit)
    assert points(result, "financial_strength") == expected
    assert result.z2 is None and result.z2_zone is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("lt_10m", 1), ("m10_50", 2), ("m50_200", 3), ("m200_1000", 4), ("gt_1bn", 5)],
)
def test_revenue(value, expected):
    assert points(result_for(annual_revenue=value), "revenue") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("sole_proprietor", 0), ("independent_private", 2), ("group_member", 3), ("listed_or_soe", 5)],
)
def test_ownership(value, expected):
    assert points(result_for(ownership=value), "ownership") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("low", 8), ("medium", 6), ("sensitive", 3), ("high", 0)]
)
def test_sector(value, expected):
    assert points(result_for(sector_risk=value), "sector") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("domestic", 7), ("aa_a", 7), ("bb", 5), ("b", 3), ("c", 1), ("d", 0)],
)
def test_country(value, expected):
    assert points(result_for(country_risk=value), "country") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("lt_5", 5), ("p5_10", 3), ("p10_20", 1), ("gt_20", 0)]
)
def test_concentration(value, expected):
    assert points(result_for(sales_share=value), "concentration") == expected


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


@pytest.mark.parametrize(("value", "expected"), [("new", 0), ("lt_1", 1), ("y1_3", 3), ("gt_3", 4)])
def test_relationship(value, expected):
    assert points(result_for(years_trading=value), "relationship") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("audited", 3), ("management_accounts", 1), ("refuses", 0)]
)
def test_disclosure(value, expected):
    assert points(result_for(disclosure=value), "disclosure") == expected


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        (["none"], 4),
        (["bad_news"], 2),
        (["bad_news", "longer_terms"], 0),
        (
            [
                "management_change",
                "longer_terms",
                "pays_others_late",
                "registration_changes",
                "bad_news",
            ],
            0,
        ),
    ],
)
def test_warning_signs(signs, expected):
    assert points(result_for(warning_signs=signs), "warning_signs") == expected


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
    ("target", "expected"), [(34, (1, "D")), (64, (1, "B")), (65, (15, "A")), (6, (29, "D"))]
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
    # gaps: payment 13, financial 12 (at most 8 without statements), revenue 4, ownership 3,
    # sector 5
    assert [f.id for f in result.top_gaps] == ["payment_record", "financial_strength", "sector"]
    assert [f.gap for f in result.top_gaps] == [13, 12, 5]


def test_factor_result_explains():
    factor = next(
        f for f in result_for(payment_record="new_buyer").factors if f.id == "payment_record"
    )
    assert factor.answer_text.zh == "新买方，尚无付款记录"
    assert (factor.points, factor.max, factor.gap) == (6, 15, 9)
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
        "credit-risk-selfcheck",
        "2026.12",
    )
    assert data["band"]["label"] == {"zh": "低风险", "en": "Low risk"}
    assert data["limit"]["suggested"] == "150000"
    assert data["z2"] == "3.15" and data["z2_zone"] == "safe"
    assert data["terms"]["articles"][0]["slug"] == "setting-credit-terms"
    assert data["disclaimer"]["en"].startswith("This result is an indicative")


def test_score_is_deterministic():
    answers, _ = parse_answers(DEFINITION, answers_scoring(57))
    assert score(DEFINITION, answers) == score(DEFINITION, answers)

"""The scoring engine on a small fixture definition (fixtures/mini.yaml) whose numbers never
change: option points, counts, exposure ratios, bands, overrides, gaps and the limit.

The shipped questionnaire is tested by invariants only (test_scoring.py, test_properties.py),
so an analyst's edit of its weights breaks no engine test.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from creditdesk.assessment import load_definition, parse_answers, score

MINI = load_definition(Path(__file__).parent / "fixtures" / "mini.yaml")
BEST = {"record": "good", "region": "home", "signs": ["none"], "share": "low",
        "monthly_sales": "100000", "terms_days": "30", "net_worth": "1000000"}


def result_for(**changes):
    answers, errors = parse_answers(MINI, {**BEST, **changes})
    assert errors == {}
    return score(MINI, answers)


def points(result, factor_id):
    return next(f.points for f in result.factors if f.id == factor_id)


def test_best_answers_score_the_maximum():
    result = result_for()
    assert (result.score, result.band.code, result.next_band, result.top_gaps) == (
        100, "A", None, ())


@pytest.mark.parametrize(("value", "expected"), [("good", 50), ("fair", 25), ("poor", 0)])
def test_an_option_earns_its_points(value, expected):
    assert points(result_for(record=value), "record") == expected


@pytest.mark.parametrize(("signs", "expected"), [
    (["none"], 10), (["late"], 5), (["late", "news"], 0), (["late", "news", "lawsuit"], 0)])
def test_count_points_by_options_chosen_the_last_holds_for_more(signs, expected):
    assert points(result_for(signs=signs), "signs") == expected


@pytest.mark.parametrize(("net_worth", "expected"), [
    # need = 100,000 × 30 / 30 = 100,000; ratio bounds are inclusive upper bounds
    ("1000000", 30), ("999999", 15), ("200000", 15), ("199999", 0), ("", 0), ("0", 0)])
def test_exposure_ratio_points(net_worth, expected):
    assert points(result_for(net_worth=net_worth), "exposure") == expected


@pytest.mark.parametrize(("changes", "total", "band"), [
    ({"signs": ["late", "news"], "share": "high"}, 80, "A"),  # lowest A: inclusive
    ({"record": "fair"}, 75, "B"),
    ({"record": "fair", "net_worth": "999999", "signs": ["late", "news"]}, 50, "B"),
    ({"record": "fair", "net_worth": "999999", "signs": ["late"], "share": "high"}, 45, "C"),
    ({"record": "poor", "net_worth": "", "signs": ["late", "news"], "share": "high"}, 0, "C"),
])
def test_the_score_is_the_sum_and_falls_in_its_band(changes, total, band):
    result = result_for(**changes)
    assert result.score == sum(f.points for f in result.factors) == total
    assert result.band.code == result.raw_band.code == band and result.overrides == ()


def test_next_band_says_how_many_points_to_the_better_one():
    assert result_for(record="fair").next_band == (5, "A")
    assert result_for(record="poor", net_worth="").next_band == (30, "B")  # 20 → 50
    assert result_for().next_band is None


def test_a_knockout_answer_caps_the_band_whatever_the_points():
    result = result_for(record="fraud")
    assert (result.score, result.raw_band.code, result.band.code) == (100, "A", "C")
    assert [o.id for o in result.overrides] == ["knockout"]
    assert result.overrides[0].cap_band == "C" and result.terms.band == "C"


def test_a_question_override_caps_but_never_improves():
    capped = result_for(region="risky")
    assert (capped.raw_band.code, capped.band.code) == ("A", "B")
    assert capped.overrides[0].reason.en == "Risky region."
    worse = result_for(region="risky", record="poor", net_worth="")
    assert worse.band.code == "C"


def test_top_gaps_largest_first_ties_in_factor_order():
    result = result_for(record="fair", net_worth="999999", signs=["late"], share="high")
    # gaps: record 25, exposure 15, share 10, signs 5
    assert [f.id for f in result.top_gaps][:3] == ["record", "exposure", "share"]
    tie = result_for(share="high", signs=["late", "news"])  # share 10, signs 10
    assert [f.id for f in tie.top_gaps] == ["share", "signs"]


def test_the_limit_is_the_smaller_of_need_and_cap_rounded_down():
    result = result_for(monthly_sales="123456", net_worth="5000000")
    # need 123,456 × f 1.0; cap 10 % × 5,000,000 = 500,000; rounded down to 1,000
    assert result.limit.suggested == Decimal(123000)
    capped = result_for(monthly_sales="123456", net_worth="1000000")
    assert capped.limit.suggested == Decimal(100000)  # 10 % of net worth


def test_unknown_net_worth_halves_the_factor_and_marks_the_limit_unverified():
    result = result_for(net_worth="")  # exposure 0: 70 points, band B (f 0.5)
    assert result.band.code == "B" and result.limit.base_factor == Decimal("0.5")
    assert result.limit.unverified and result.limit.factor == Decimal("0.25")
    assert result.limit.suggested == Decimal(25000)  # 0.25 × need 100,000, no cap


def test_a_large_share_of_sales_warns_about_concentration():
    assert result_for(share="high").limit.concentration_warning
    assert not result_for().limit.concentration_warning


def test_incomplete_answers_raise():
    answers, _ = parse_answers(MINI, BEST)
    del answers["share"]
    with pytest.raises(ValueError, match="share: required"):
        score(MINI, answers)

from decimal import Decimal

import pytest

from creditdesk.assessment import parse_answers, score
from tests.unit.assessment.answersets import DEFINITION, answers_scoring


def limit_for(target, **changes):
    # without statements, so that book equity does not stand in for an unknown net worth
    answers, errors = parse_answers(
        DEFINITION, {**answers_scoring(target, with_statements=False), **changes}
    )
    assert errors == {}
    result = score(DEFINITION, answers)
    return result, result.limit


WORKED = {"monthly_sales": "1,000,000", "terms_days": "60", "net_worth": "20,000,000"}


def test_worked_example_band_b():
    result, limit = limit_for(70, **WORKED)
    assert result.band.code == "B"
    assert limit.need == Decimal(2500000)
    assert limit.factor * limit.need == Decimal(2000000)
    assert limit.cap == Decimal(2000000)
    assert limit.suggested == Decimal(2000000)
    assert (limit.unverified, limit.secured_only, limit.buffer_days) == (False, False, 15)
    assert limit.insurer_note.en.startswith("If insured, the insurer's approved limit prevails")


def test_band_a_limited_by_cap():
    _, limit = limit_for(85, **WORKED)
    assert (limit.need, limit.cap, limit.suggested) == (2500000, 3000000, 2500000)


def test_band_c():
    _, limit = limit_for(55, **WORKED)
    assert (limit.cap, limit.suggested) == (1000000, 1000000)  # 0.6 × need = 1.5m, cap 5 % = 1m


def test_band_d_is_secured_part_only_and_uncapped():
    result, limit = limit_for(40, **WORKED)
    assert result.band.code == "D"
    assert limit.secured_only and limit.cap is None
    assert limit.suggested == Decimal(750000)  # 0.3 × 2.5m; the unsecured cap (0) does not apply
    assert limit.unsecured == 0  # a secured limit: nothing without a guarantee or standby L/C
    assert limit.secured_note is not None
    assert "unsecured limit is 0" in limit.secured_note.en
    assert "无担保额度为 0" in result.terms.security.zh


def test_unsecured_equals_suggested_outside_band_d():
    for target in (85, 70, 55, 20):
        _, limit = limit_for(target, **WORKED)
        assert not limit.secured_only and limit.unsecured == limit.suggested


def test_band_e_gives_nothing():
    _, limit = limit_for(20, **WORKED)
    assert (limit.suggested, limit.cap) == (0, 0)


def test_override_band_sets_the_limit():
    result, limit = limit_for(85, country_risk="d", **WORKED)
    assert result.band.code == "D" and limit.band == "D" and limit.suggested == 750000


def test_net_worth_unknown_halves_f_no_cap_unverified():
    result, limit = limit_for(78, **{**WORKED, "net_worth": "unknown"})  # loses ≤ 6 exposure points
    assert result.band.code == "B"
    assert (limit.net_worth, limit.cap, limit.unverified) == (None, None, True)
    assert limit.factor == Decimal("0.4") and limit.base_factor == Decimal("0.8")
    # 2026.12: f/2 × need = 1,000,000, but the discretionary ceiling for band B is 200,000
    assert limit.ceiling == Decimal(200000)
    assert limit.suggested == 200000 and limit.unsecured == 200000


@pytest.mark.parametrize(
    ("target", "band", "ceiling"), [(88, "A", 300000), (78, "B", 200000), (62, "C", 100000)]
)
def test_net_worth_unknown_capped_by_the_band_ceiling(target, band, ceiling):
    # unknown net worth costs up to 6 exposure points: the targets stay in their band
    result, limit = limit_for(target, **{**WORKED, "net_worth": "unknown"})
    assert result.band.code == band
    assert (limit.ceiling, limit.suggested, limit.unverified) == (ceiling, ceiling, True)


def test_net_worth_unknown_below_the_ceiling_keeps_half_f():
    # need = 100,000 × 45 / 30 = 150,000; A: f/2 = 0.5 → 75,000 < 300,000
    result, limit = limit_for(88, monthly_sales="100000", terms_days="30", net_worth="unknown")
    assert result.band.code == "A"
    assert (limit.factor, limit.suggested, limit.ceiling) == (Decimal("0.5"), 75000, 300000)


def test_blank_net_worth_never_beats_a_low_one_by_more_than_the_ceiling():
    # The 2026.11 flaw: a blank gave 0.4 × need uncapped, a low net worth 10 % of it.
    low_result, low = limit_for(78, **{**WORKED, "net_worth": "1,000,000"})
    blank_result, blank = limit_for(78, **{**WORKED, "net_worth": ""})
    assert low_result.band.code == blank_result.band.code == "B"
    assert low.suggested == 100000 and blank.suggested == 200000


def test_net_worth_unknown_in_band_d():
    result, limit = limit_for(40, **{**WORKED, "net_worth": ""})
    assert result.band.code == "D"
    assert limit.suggested == 0 and limit.unverified and limit.ceiling == 0
    assert limit.unsecured == 0


@pytest.mark.parametrize(
    ("share", "warn"), [("lt_5", False), ("p5_10", False), ("p10_20", True), ("gt_20", True)]
)
def test_concentration_is_a_warning_not_a_cap(share, warn):
    result, limit = limit_for(70, **WORKED)
    raw = {**answers_scoring(70, with_statements=False), **WORKED, "sales_share": share}
    answers, _ = parse_answers(DEFINITION, raw)
    other = score(DEFINITION, answers)
    assert other.limit.concentration_warning is warn
    if other.band == result.band:
        assert other.limit.suggested == limit.suggested


def test_rounded_down_to_whole_yuan():
    result, limit = limit_for(78, monthly_sales="1000", terms_days="31", net_worth="unknown")
    assert result.band.code == "B"
    # need = 1000 × 46 / 30 = 1533.33…; × 0.4 = 613.33… → 613
    assert limit.need == Decimal("1533.33") and limit.suggested == Decimal(613)


def test_negative_book_equity_gives_no_unsecured_limit():
    # TA 50: X1 2, X3 1, X4 -0.5 → Z'' 19.3, safe despite the negative equity
    result, limit = limit_for(
        60,
        net_worth="",
        has_statements="yes",
        working_capital="100",
        retained_earnings="0",
        ebit="50",
        book_equity="-50",
        total_liabilities="100",
    )
    assert result.band.code in ("B", "C") and result.z2_zone == "safe"
    assert (limit.net_worth, limit.net_worth_source, limit.unverified) == (-50, "statements", False)
    assert limit.cap == 0 and limit.suggested == 0

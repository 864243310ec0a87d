"""Receivables and liquidity calculators: formulas, edges, and refusals instead of 0-division."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditdesk.assessment.receivables import (
    CalculationError,
    cei,
    dso,
    liquidity_ratios,
    z2,
)


def test_dso_only():
    result = dso(D(1000000), D(3000000), D(90))
    assert result.dso == 30 and result.best_possible is None and result.add is None


def test_dso_best_possible_and_add():
    result = dso(D(1000000), D(3000000), D(90), D(600000))
    assert (result.dso, result.best_possible, result.add) == (30, 18, 12)


def test_all_current_gives_add_zero():
    assert dso(D(500), D(1000), D(30), D(500)).add == 0


@pytest.mark.parametrize(
    "args, code, field",
    [
        ((D(1), D(0), D(30)), "zero_credit_sales", "credit_sales"),
        ((D(1), D(-1), D(30)), "zero_credit_sales", "credit_sales"),
        ((D(1), D(10), D(0)), "zero_days", "days"),
        ((D(1), D(10), D(30), D(2)), "current_above_total", "current_receivables"),
    ],
)
def test_dso_refusals(args, code, field):
    with pytest.raises(CalculationError) as exc:
        dso(*args)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_cei():
    # collected 900,000 of 1,100,000 collectible
    value = cei(D(500000), D(1000000), D(600000), D(400000))
    assert value.quantize(D("0.1"), rounding=ROUND_HALF_UP) == D("81.8")


def test_cei_everything_collected_is_100():
    assert cei(D(100), D(200), D(50), D(50)) == 100


def test_cei_nothing_collectible():
    with pytest.raises(CalculationError) as exc:
        cei(D(0), D(0), D(0), D(0))
    assert exc.value.code == "nothing_collectible" and exc.value.field is None


def test_cei_current_above_total():
    with pytest.raises(CalculationError) as exc:
        cei(D(100), D(100), D(50), D(60))
    assert exc.value.field == "closing_current_receivables"


def test_liquidity_ratios():
    # CA 300 with inventories 120 and prepayments 30: quick assets 150
    ratios = liquidity_ratios(D(300), D(200), D(50), D(120), D(30))
    assert (ratios.current, ratios.quick, ratios.cash) == (D("1.5"), D("0.75"), D("0.25"))
    assert ratios.quick_assets == D(150)


def test_quick_assets_keep_notes_receivable_and_receivables_financing():
    # CA 1,000 = cash 100 + 应收票据 200 + 应收款项融资 100 + 应收账款 250 + 预付款项 50
    # + 存货 300: quick assets = 1,000 − 300 − 50 = 650, bills and financing included.
    ratios = liquidity_ratios(D(1000), D(500), D(100), D(300), D(50))
    assert (ratios.quick_assets, ratios.quick) == (D(650), D("1.3"))


def test_quick_ratio_with_nothing_to_deduct_equals_the_current_ratio():
    ratios = liquidity_ratios(D(300), D(100), D(10), D(0), D(0))
    assert ratios.quick == ratios.current == D(3)


@pytest.mark.parametrize(
    "args, code",
    [
        ((D(300), D(0), D(50), D(0), D(100)), "zero_current_liabilities"),
        ((D(100), D(50), D(60), D(0), D(50)), "parts_above_current_assets"),
        ((D(100), D(50), D(0), D(90), D(11)), "parts_above_current_assets"),
        ((D(100), D(50), D(101), D(0), D(0)), "parts_above_current_assets"),
    ],
)
def test_liquidity_refusals(args, code):
    with pytest.raises(CalculationError) as exc:
        liquidity_ratios(*args)
    assert exc.value.code == code


def test_z2_zones_and_display():
    safe = z2(D(0), D(0), D(0), D(300), D(100))
    assert (safe.z2, safe.zone) == (D("3.15"), "safe")
    assert z2(D(0), D(0), D(0), D(200), D(100)).zone == "grey"
    result = z2(D(0), D(0), D(0), D(50), D(100))
    assert (result.z2, result.zone) == (D("0.52"), "distress")  # 0.525 cut, not rounded


@pytest.mark.parametrize(
    "args, code, field",
    [
        ((D(0), D(0), D(0), D(300), D(0)), "zero_total_liabilities", "total_liabilities"),
        ((D(0), D(0), D(0), D(-100), D(100)), "total_assets_not_positive", "book_equity"),
    ],
)
def test_z2_refusals(args, code, field):
    with pytest.raises(CalculationError) as exc:
        z2(*args)
    assert (exc.value.code, exc.value.field) == (code, field)


amounts = st.integers(min_value=0, max_value=10**15).map(D)


@given(amounts, amounts, st.integers(min_value=1, max_value=366).map(D), amounts)
def test_dso_never_divides_by_zero_and_add_is_dso_minus_best(total, sales, days, current):
    try:
        result = dso(total, sales, days, current)
    except CalculationError as err:
        assert err.code in {"zero_credit_sales", "current_above_total"}
        return
    assert result.add == result.dso - result.best_possible
    assert result.best_possible <= result.dso


@given(amounts, amounts, amounts, amounts)
def test_cei_never_divides_by_zero(opening, sales, closing, current):
    try:
        value = cei(opening, sales, closing, current)
    except CalculationError as err:
        assert err.code in {"nothing_collectible", "current_above_total"}
        return
    assert value <= 100

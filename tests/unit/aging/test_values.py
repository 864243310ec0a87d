from datetime import date, datetime
from decimal import Decimal

import pytest

from creditdesk.aging.values import ValueProblem, parse_amount, parse_date


@pytest.mark.parametrize("value", [
    "2025-07-09", "2025/7/9", "2025年7月9日", "2025 年 7 月 9 日", "2025.07.09", "20250709",
    "２０２５-０７-０９", "2025-07-09 00:00:00", 45847, 45847.0, "45847",
    datetime(2025, 7, 9, 13, 5), date(2025, 7, 9),
])
def test_dates(value):
    assert parse_date(value) == date(2025, 7, 9)


@pytest.mark.parametrize(("value", "code"), [
    ("2025-02-30", "bad_date"), ("next week", "bad_date"), ("7/9/2025", "ambiguous_date"),
    (12, "bad_date"), (True, "bad_date"), ("99999", "bad_date"),
])
def test_unreadable_dates(value, code):
    with pytest.raises(ValueProblem) as caught:
        parse_date(value)
    assert caught.value.code == code


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_date_is_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(("value", "scale", "expected"), [
    ("¥1,234.50", 1, "1234.50"), ("１，２３４．５", 1, "1234.50"), ("￥ 1 234", 1, "1234.00"),
    ("1234元", 1, "1234.00"), ("RMB 99", 1, "99.00"), ("-500", 1, "-500.00"),
    ("−500", 1, "-500.00"), ("(1,000)", 1, "-1000.00"), ("12.5", 10_000, "125000.00"),
    (1234, 1, "1234.00"), (0.1, 1, "0.10"), ("-", 1, "0.00"), ("—", 1, "0.00"),
])
def test_amounts(value, scale, expected):
    assert parse_amount(value, scale) == Decimal(expected)


@pytest.mark.parametrize("value", ["一千", "12abc", "1.2.3", True, float("nan"), "1,2,3元x"])
def test_unreadable_amounts(value):
    with pytest.raises(ValueProblem) as caught:
        parse_amount(value)
    assert caught.value.code == "bad_amount"


@pytest.mark.parametrize(("value", "scale"), [
    ("9" * 40, 1), (10**40, 1), (1e300, 1), ("1" + "0" * 13, 1), ("20000000000", 10_000),
    ("１２３４５６７８９０１２３４５６７８９０", 1),
])
def test_absurd_amounts_are_refused_not_crashed(value, scale):
    with pytest.raises(ValueProblem) as caught:
        parse_amount(value, scale)
    assert caught.value.code == "amount_too_large"


def test_largest_accepted_amount():
    assert parse_amount("9999999999999.99") == Decimal("9999999999999.99")

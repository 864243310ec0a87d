from decimal import Decimal

import pytest

from creditdesk.assessment import NumberError, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２３", Decimal(123)),  # full-width digits
        ("1,000", Decimal(1000)),
        ("1，000，000", Decimal(1000000)),  # full-width commas
        (" 12 ", Decimal(12)),
        ("\u300012\u3000", Decimal(12)),  # ideographic spaces
        ("999999999999999", Decimal("999999999999999")),
        ("1000000000000000", Decimal("1e15")),  # the maximum itself
        ("¥1,234.50", Decimal("1234.50")),
        ("￥5", Decimal(5)),
        ("0", Decimal(0)),
        ("-0", Decimal(0)),
        (".5", Decimal("0.5")),
        ("+7", Decimal(7)),
    ],
)
def test_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc", "not_a_number"),
        ("", "not_a_number"),
        ("   ", "not_a_number"),
        ("1e309", "not_a_number"),
        ("1E5", "not_a_number"),
        ("NaN", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        ("-5", "negative_not_allowed"),
        ("10000000000000000", "too_large"),  # 10^16
        ("1000000000000000.01", "too_large"),
        ("٣", "not_a_number"),  # Arabic-Indic three survives NFKC; Decimal() would take it
        ("1,00", "not_a_number"),  # a misplaced separator is a typo, not 100
        ("1 000", "not_a_number"),
        ("--5", "not_a_number"),
        ("5-", "not_a_number"),
        ("1" * 100, "not_a_number"),
    ],
)
def test_refuses(text, code):
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert info.value.code == code


def test_zero_refused_when_not_allowed():
    with pytest.raises(NumberError) as info:
        parse_number("0", allow_zero=False)
    assert info.value.code == "must_be_positive"


def test_negative_allowed():
    assert parse_number("－1,500", allow_negative=True) == Decimal(-1500)  # full-width minus


def test_integer():
    assert parse_number("60.0", integer=True) == 60
    with pytest.raises(NumberError) as info:
        parse_number("60.5", integer=True)
    assert info.value.code == "not_integer"


def test_custom_max():
    with pytest.raises(NumberError) as info:
        parse_number("366", max_value=Decimal(365))
    assert info.value.code == "too_large"


def test_returns_decimal_not_float():
    assert isinstance(parse_number("0.1"), Decimal)
    assert parse_number("0.1") + parse_number("0.2") == Decimal("0.3")

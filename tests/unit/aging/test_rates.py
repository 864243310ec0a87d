"""The shipped rates file loads; a broken one is refused with the file and the problem."""

from decimal import Decimal

import pytest

from creditdesk.aging import RatesError, load_rates

from .conftest import RATES

GOOD = """version: "1"
source: {zh: 示意, en: illustrative}
rates: {current: 1, 1-30: 2, 31-60: 5, 61-90: 10, 91-180: 30, 180+: 60}
"""


def test_shipped_rates_rise_with_age():
    rates = load_rates(RATES)
    assert rates.rates == tuple(sorted(rates.rates)) and rates.rates[0] > 0
    assert rates.rates[-1] <= 1


@pytest.mark.parametrize(("text", "problem"), [
    (GOOD.replace("180+: 60", "180+: 20"), "lower than the bucket before"),
    (GOOD.replace(", 180+: 60", ""), "exactly the buckets"),
    (GOOD.replace("current: 1", "current: 120"), "between 0 and 100"),
    (GOOD.replace("current: 1", "current: lots"), "percentage"),
    (GOOD.replace('version: "1"', "version: 1"), "version"),
    (GOOD.replace("en: illustrative", "fr: x"), "zh and an en"),
    (GOOD + "extra: 1\n", "unknown key"),
    ("- a list", "mapping"),
])
def test_broken_rates_are_refused(tmp_path, text, problem):
    path = tmp_path / "rates.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RatesError, match=problem):
        load_rates(path)


def test_percent_sign_is_accepted(tmp_path):
    path = tmp_path / "rates.yaml"
    path.write_text(GOOD.replace("current: 1", 'current: "1.5%"'), encoding="utf-8")
    assert load_rates(path).rates[0] == Decimal("0.015")

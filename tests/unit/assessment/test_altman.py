from decimal import Decimal as D

import pytest

from creditdesk.assessment import altman_z2, z2_zone
from creditdesk.assessment.altman import z2_display


def test_known_value():
    # TA = 600 + 400 = 1000: X1 .2, X2 .3, X3 .1, X4 1.5
    z = altman_z2(D(200), D(300), D(100), D(600), D(400))
    assert z == D("6.56") * D("0.2") + D("3.26") * D("0.3") + D("6.72") * D("0.1") + D("1.05") * D(
        "1.5"
    )
    assert z == D("4.537")  # 1.312 + 0.978 + 0.672 + 1.575


def test_leverage_only():
    assert altman_z2(D(0), D(0), D(0), D(200), D(100)) == D("2.10")


def test_negative_figures():
    # loss-making, negative working capital and retained earnings, negative equity
    z = altman_z2(D(-100), D(-300), D(-50), D(-200), D(1200))
    assert z < D("1.10")
    assert z2_zone(z) == "distress"


@pytest.mark.parametrize(
    ("z", "zone"),
    [
        ("2.61", "safe"),
        ("2.6000001", "safe"),
        ("2.60", "grey"),  # safe means above 2.60
        ("1.85", "grey"),
        ("1.10", "grey"),
        ("1.0999999", "distress"),
        ("-3", "distress"),
    ],
)
def test_zone_boundaries(z, zone):
    assert z2_zone(D(z)) == zone


def test_total_assets_must_be_positive():
    with pytest.raises(ValueError, match="total assets"):
        altman_z2(D(0), D(0), D(0), D(-100), D(100))


def test_total_liabilities_must_be_positive():
    with pytest.raises(ValueError, match="liabilities"):
        altman_z2(D(0), D(0), D(0), D(100), D(0))


def test_display_rounds_down_so_it_stays_on_the_side_of_its_cut_off():
    assert z2_display(D("2.5999")) == D("2.59")
    assert z2_display(D("1.0999")) == D("1.09")
    assert z2_display(D("-0.001")) == D("-0.01")
    assert z2_display(D("1E+40")) == D("1E+40")

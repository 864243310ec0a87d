"""A large balance more than 90 days overdue in a linked health check raises a lead's priority."""

from types import SimpleNamespace

import pytest

from creditdesk import create_app
from creditdesk.admin.priority import HIGH, LOW, MEDIUM, lead_priority


def row(**values):
    base = dict(status="new", band=None, credit_need=None, overdue_90=None, need="other",
                name="张伟", company="公司", email=None, detail="")
    return SimpleNamespace(**{**base, **values})


@pytest.fixture(autouse=True)
def _english():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context("/?lang=en"):
        yield


@pytest.mark.parametrize(("overdue", "level", "reason"), [
    (None, LOW, False),
    ("999999.99", LOW, False),  # below the threshold: no effect
    ("1000000.00", MEDIUM, True),
    ("4999999.99", MEDIUM, True),
    ("5000000.00", HIGH, True),
])
def test_overdue_90_raises_priority_with_its_reason(overdue, level, reason):
    priority = lead_priority(row(overdue_90=overdue))
    assert priority.level == level
    assert ("overdue over 90 days" in priority.reason) is reason


def test_overdue_lifts_an_advice_request():
    without = lead_priority(row(need="credit_assessment"))
    with_it = lead_priority(row(need="credit_assessment", overdue_90="1200000"))
    assert without.level == LOW and with_it.level == MEDIUM
    big = lead_priority(row(need="credit_assessment", overdue_90="6000000"))
    assert big.level == HIGH and big.points == without.points + 5
    assert "¥6.0m overdue over 90 days" in big.reason


def test_garbage_overdue_is_ignored():
    assert lead_priority(row(overdue_90="n/a")).level == LOW

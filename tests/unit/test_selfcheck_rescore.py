"""rescore(): the current model beside a stored result, computed without a database."""

from decimal import ROUND_FLOOR, Decimal
from types import SimpleNamespace

import pytest

from creditdesk.assessment import answers_to_json, parse_answers
from creditdesk.selfcheck.rescore import rescore
from tests.unit.assessment.answersets import DEFINITION, best_answers

LOADED = {DEFINITION.id: DEFINITION}


def best_limit() -> Decimal:
    """The best answers' limit by the formula, with the parameters read from the file:
    min(f × need, cap × net worth) for band A (2026.12: 150,000)."""
    raw = best_answers()
    rule, params = DEFINITION.limit.bands["A"], DEFINITION.limit
    need = Decimal(raw["monthly_sales"]) * (int(raw["terms_days"]) + params.buffer_days) / 30
    amount = min(rule.f * need, rule.cap_rate * Decimal(raw["net_worth"]))
    return (amount / params.round_down_to).to_integral_value(rounding=ROUND_FLOOR) * (
        params.round_down_to)


BEST_LIMIT = str(best_limit())


def record(band="A", score=100, limit=BEST_LIMIT, answers=None, definition_id=DEFINITION.id):
    if answers is None:
        answers = answers_to_json(parse_answers(DEFINITION, best_answers())[0])
    return SimpleNamespace(token="tok", definition_id=definition_id, definition_version="2026.11",
                           band=band, score=score, answers=answers,
                           result={"limit": {"suggested": limit}})


def test_same_result_does_not_differ():
    outcome = rescore(record(), LOADED)
    assert (outcome.current.band, outcome.current.score) == ("A", 100)
    assert outcome.current.suggested == best_limit() > 0
    assert not outcome.differs and not outcome.band_changed and outcome.direction == 0
    assert outcome.to_dict()["direction"] is None


@pytest.mark.parametrize(("stored", "direction", "word"), [("D", -1, "better"), ("A", 0, None)])
def test_direction_follows_the_band_order(stored, direction, word):
    outcome = rescore(record(band=stored, score=40), LOADED)
    assert outcome.direction == direction and outcome.to_dict()["direction"] == word
    assert outcome.differs  # the score differs in both cases


def test_worse_band():
    raw = {**best_answers(), "country_risk": "d"}
    answers = answers_to_json(parse_answers(DEFINITION, raw)[0])
    outcome = rescore(record(band="B", score=100, answers=answers), LOADED)
    assert (outcome.current.band, outcome.direction) == ("D", 1)
    assert outcome.current.overrides == ("country_d",) and outcome.current.secured_only


def test_only_the_limit_differs():
    outcome = rescore(record(limit="999"), LOADED)
    assert outcome.differs and not outcome.band_changed


def test_unknown_stored_band_is_a_change_without_direction():
    outcome = rescore(record(band="X"), LOADED)
    assert outcome.band_changed and outcome.direction == 0


def test_answers_that_no_longer_fit():
    outcome = rescore(record(answers={"country_risk": "mars"}), LOADED)
    assert outcome.current is None and not outcome.differs
    assert "do not fit the current model" in outcome.error and "country_risk" in outcome.error


def test_definition_no_longer_loaded():
    outcome = rescore(record(definition_id="old-model"), LOADED)
    assert outcome.current is None and outcome.error == "its definition is no longer loaded"
    assert outcome.to_dict()["current"] is None


def test_stored_result_object_is_not_touched():
    stored = record(band="C", score=55)
    before = dict(vars(stored))
    rescore(stored, LOADED)
    assert vars(stored) == before


@pytest.mark.parametrize("answers", [["country_risk"], "x", 3])
def test_answers_that_are_not_a_mapping(answers):
    stored = record()
    stored.answers = answers
    outcome = rescore(stored, LOADED)
    assert outcome.current is None and outcome.error == "it has no stored answers to score"

import dataclasses
from decimal import Decimal

import pytest

from creditdesk.assessment import (
    AnswerErrors,
    answers_from_json,
    answers_to_json,
    parse_answers,
    score,
)
from tests.unit.assessment.answersets import DEFINITION, answers_scoring, best_answers

FINANCIAL_STEP = DEFINITION.sections[2].question_ids


class MultiDict(dict):
    """Stands in for werkzeug's MultiDict: getlist() for repeated form fields."""

    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def test_valid_answers_are_typed():
    # an explicit choice: the best one is the analysts' (their points), not this test's
    answers, errors = parse_answers(DEFINITION, {**best_answers(), "years_in_business": "ge_10"})
    assert errors == {}
    assert answers["monthly_sales"] == Decimal(100000)
    assert answers["terms_days"] == Decimal(30)
    assert answers["warning_signs"] == ("none",)
    assert answers["years_in_business"] == "ge_10"


def test_missing_answer():
    raw = best_answers()
    del raw["ownership"]
    answers, errors = parse_answers(DEFINITION, raw)
    assert isinstance(errors, AnswerErrors)
    assert errors["ownership"].code == "required"
    assert "ownership" not in answers
    assert errors["ownership"].message("zh") == "请回答“买方的所有权结构是？”。"
    assert errors["ownership"].message("en") == "Please answer “Who owns the buyer?”."


def test_tampered_option():
    answers, errors = parse_answers(DEFINITION, {**best_answers(), "country_risk": "aaa"})
    assert errors["country_risk"].code == "invalid_choice"


def test_two_values_for_a_single_choice():
    _, errors = parse_answers(DEFINITION, {**best_answers(), "country_risk": ["aa_a", "d"]})
    assert errors["country_risk"].code == "invalid_choice"


def test_hidden_questions_are_dropped():
    raw = {
        **best_answers(),
        "has_statements": "no",
        "current_ratio_band": "lt_1",
        "profitability": "loss",
    }
    answers, errors = parse_answers(DEFINITION, raw)  # the five figures are still in raw
    assert errors == {}
    assert not {"working_capital", "book_equity", "total_liabilities"} & set(answers)
    assert answers["profitability"] == "loss"


def test_hidden_questions_are_not_validated():
    raw = {
        **best_answers(),
        "has_statements": "no",
        "current_ratio_band": "lt_1",
        "profitability": "loss",
        "book_equity": "garbage",
    }
    assert parse_answers(DEFINITION, raw)[1] == {}


def test_no_statements_questions_hidden_when_statements_given():
    raw = {**best_answers(), "current_ratio_band": "tampered"}
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {} and "current_ratio_band" not in answers


def test_only_one_step():
    raw = {"has_statements": "yes", "working_capital": "-5", "disclosure": "audited"}
    answers, errors = parse_answers(DEFINITION, raw, only=FINANCIAL_STEP)
    assert set(errors) == {"retained_earnings", "ebit", "book_equity", "total_liabilities"}
    assert answers == {
        "has_statements": "yes",
        "working_capital": Decimal(-5),
        "disclosure": "audited",
    }


def test_only_ignores_other_steps():
    answers, errors = parse_answers(DEFINITION, {"sales_share": "lt_5"}, only=["sales_share"])
    assert (answers, errors) == ({"sales_share": "lt_5"}, {})


def test_only_unknown_id():
    with pytest.raises(KeyError):
        parse_answers(DEFINITION, {}, only=["nope"])


def test_none_with_a_sign():
    _, errors = parse_answers(DEFINITION, {**best_answers(), "warning_signs": ["none", "bad_news"]})
    assert errors["warning_signs"].code == "none_with_others"
    assert "都没有" in errors["warning_signs"].message("zh")
    assert "None of these" in errors["warning_signs"].message("en")


def test_multiple_from_a_multidict_in_option_order():
    raw = MultiDict({**best_answers(), "warning_signs": ["bad_news", "longer_terms", "bad_news"]})
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}
    assert answers["warning_signs"] == ("longer_terms", "bad_news")


def test_multiple_empty_is_required():
    _, errors = parse_answers(DEFINITION, {**best_answers(), "warning_signs": []})
    assert errors["warning_signs"].code == "required"


@pytest.mark.parametrize(
    ("question", "text", "code"),
    [
        ("monthly_sales", "abc", "not_a_number"),
        ("monthly_sales", "0", "must_be_positive"),
        ("monthly_sales", "-5", "negative_not_allowed"),
        ("monthly_sales", "NaN", "not_finite"),
        ("monthly_sales", "10000000000000000", "too_large"),
        ("monthly_sales", "", "required"),
        ("terms_days", "366", "too_large"),
        ("terms_days", "30.5", "not_integer"),
        ("total_liabilities", "0", "must_be_positive"),
        ("book_equity", "-100", "total_assets_not_positive"),
    ],
)
def test_number_errors(question, text, code):
    _, errors = parse_answers(DEFINITION, {**best_answers(), question: text})
    assert errors[question].code == code
    assert errors[question].message("zh") and errors[question].message("en")


def test_too_large_names_the_maximum():
    _, errors = parse_answers(DEFINITION, {**best_answers(), "terms_days": "400"})
    assert (
        errors["terms_days"].message("en")
        == "“Payment terms you give (days)” cannot be more than 365."
    )


def test_too_small():
    days = dataclasses.replace(DEFINITION.question("terms_days"), min=Decimal(7))
    questions = tuple(days if q.id == "terms_days" else q for q in DEFINITION.questions)
    definition = dataclasses.replace(DEFINITION, questions=questions)
    _, errors = parse_answers(definition, {**best_answers(), "terms_days": "3"})
    assert errors["terms_days"].code == "too_small"
    assert errors["terms_days"].message("zh") == "“给买方的账期（天）”不能小于 7。"


def test_negative_terms():
    _, errors = parse_answers(DEFINITION, {**best_answers(), "terms_days": "-1"})
    assert errors["terms_days"].code == "negative_not_allowed"


@pytest.mark.parametrize("text", ["", "unknown", " Unknown "])
def test_net_worth_unknown(text):
    answers, errors = parse_answers(DEFINITION, {**best_answers(), "net_worth": text})
    assert errors == {} and answers["net_worth"] is None


def test_negative_figures_allowed():
    raw = {**best_answers(), "working_capital": "-1,000", "ebit": "－５００", "book_equity": "-50"}
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}
    assert (answers["working_capital"], answers["ebit"], answers["book_equity"]) == (
        -1000,
        -500,
        -50,
    )


def test_errors_messages():
    _, errors = parse_answers(DEFINITION, {})
    messages = errors.messages("en")
    assert list(messages)[0] == "years_in_business"
    assert messages["monthly_sales"].startswith("Please answer")


@pytest.mark.parametrize("target", [35, 80])
def test_json_round_trip(target):
    answers, _ = parse_answers(DEFINITION, {**answers_scoring(target), "monthly_sales": "1,234.56"})
    stored = answers_to_json(answers)
    assert all(isinstance(v, (str, list)) or v is None for v in stored.values())
    assert answers_from_json(DEFINITION, stored) == answers
    assert score(DEFINITION, answers_from_json(DEFINITION, stored)) == score(DEFINITION, answers)


def test_from_json_refuses_bad_data():
    with pytest.raises(ValueError, match="country_risk: invalid_choice"):
        answers_from_json(DEFINITION, {**best_answers(), "country_risk": "zz"})

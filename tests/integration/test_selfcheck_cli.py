"""`flask selfcheck questions` and `flask selfcheck score`."""

import json

import pytest

from tests.integration.selfcheck_walk import band_b_answers
from tests.unit.assessment.answersets import DEFINITION


def test_questions_json_lists_ids_types_options_points_and_conditions(runner):
    result = runner.invoke(args=["selfcheck", "questions", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["id"], data["version"]) == (DEFINITION.id, DEFINITION.version)
    assert [q["id"] for q in data["questions"]] == [q.id for q in DEFINITION.questions]
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["years_in_business"]["type"] == "single"
    assert by_id["years_in_business"]["options"][-1] == {
        "value": "ge_10", "label": {"zh": "10 年及以上", "en": "10 years or more"},
        "points": 8, "knockout": False, "exclusive": False,
    }
    assert by_id["public_records"]["options"][-1]["knockout"] is True
    assert by_id["warning_signs"]["type"] == "multiple"
    assert by_id["working_capital"]["show_if"] == {
        "question": "has_statements", "in": ["yes"], "and": None}
    assert by_id["terms_days"]["number"]["integer"] is True
    assert by_id["net_worth"]["required"] is False
    assert sum(f["max"] for f in data["factors"]) == 100
    assert [s["id"] for s in data["sections"]] == [s.id for s in DEFINITION.sections]


def test_questions_as_text(runner):
    result = runner.invoke(args=["selfcheck", "questions"])
    assert result.exit_code == 0
    assert "Step 3: Financial strength (financials)" in result.output
    assert "working_capital (number) [if has_statements in yes]" in result.output
    assert "severe" in result.output and "knock-out" in result.output


def test_score_a_file_gives_the_worked_example(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": band_b_answers()}), encoding="utf-8")
    result = runner.invoke(args=["selfcheck", "score", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["band"]["code"] == "B"
    assert data["limit"]["suggested"] == "2000000"
    assert data["definition_version"] == DEFINITION.version


def test_score_from_stdin_with_json_numbers(runner):
    answers = {**band_b_answers(), "monthly_sales": 1000000, "terms_days": 60,
               "net_worth": 2.0e7}
    result = runner.invoke(args=["selfcheck", "score", "-"],
                           input=json.dumps({"answers": answers}))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["limit"]["suggested"] == "2000000"


@pytest.mark.parametrize(
    "change, named",
    [
        ({"years_in_business": "forever"}, "years_in_business: invalid_choice"),
        ({"monthly_sales": "abc"}, "monthly_sales: not_a_number"),
        ({"monthly_sales": "NaN"}, "monthly_sales: not_finite"),
        ({"monthly_sales": "-5"}, "monthly_sales: negative_not_allowed"),
        ({"monthly_sales": "1e16"}, "monthly_sales: not_a_number"),
        ({"monthly_sales": "10000000000000000"}, "monthly_sales: too_large"),
        ({"has_statements": True}, "has_statements: invalid_choice"),
        ({"payment_record": None}, "payment_record: required"),
        ({"nonsense": "1"}, "nonsense: unknown question"),
    ],
)
def test_bad_answers_exit_non_zero_naming_the_question(runner, change, named):
    answers = {**band_b_answers(), **change}
    result = runner.invoke(args=["selfcheck", "score", "-"],
                           input=json.dumps({"answers": answers}))
    assert result.exit_code == 1
    assert named in result.output


def test_an_answer_left_out_exits_non_zero_naming_the_question(runner):
    answers = band_b_answers()
    del answers["payment_record"]
    result = runner.invoke(args=["selfcheck", "score", "-"],
                           input=json.dumps({"answers": answers}))
    assert result.exit_code == 1
    label = DEFINITION.question("payment_record").label.en
    assert f"payment_record: required: Please answer “{label}”." in result.output


def test_full_width_digits_are_accepted(runner):
    answers = {**band_b_answers(), "monthly_sales": "１，０００，０００", "terms_days": "６０"}
    result = runner.invoke(args=["selfcheck", "score", "-"],
                           input=json.dumps({"answers": answers}))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["limit"]["suggested"] == "2000000"


def test_json_infinity_is_refused(runner):
    raw = json.dumps({"answers": band_b_answers()}).replace('"1,000,000"', "1e309")
    result = runner.invoke(args=["selfcheck", "score", "-"], input=raw)
    assert result.exit_code == 1 and "monthly_sales" in result.output


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "standard input is not valid JSON"),
        ("", "standard input is not valid JSON"),
        ("[1, 2]", 'must hold an object {"answers": {...}}'),
        ('{"answers": [1]}', 'must hold an object {"answers": {...}}'),
    ],
)
def test_bad_json_is_a_clear_message(runner, body, message):
    result = runner.invoke(args=["selfcheck", "score", "-"], input=body)
    assert result.exit_code == 1
    assert message in result.output


def test_missing_file_and_unknown_definition(runner, tmp_path):
    result = runner.invoke(args=["selfcheck", "score", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "No such file or directory" in result.output
    result = runner.invoke(args=["selfcheck", "questions", "--definition", "nope"])
    assert result.exit_code == 2 and "no definition 'nope'" in result.output

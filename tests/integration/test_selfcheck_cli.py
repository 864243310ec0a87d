"""`flask selfcheck questions` and `flask selfcheck score`."""

import json

import pytest

from tests.integration.selfcheck_walk import band_b_answers
from tests.unit.assessment.answersets import DEFINITION, best_answers, statements


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


# -- model 2026.12: the cases of the issue, through the command line ---------------------

SELF_REPORT = {"has_statements": "no", "current_ratio_band": "ge_1_5",
               "profitability": "profitable"}


def score_cli(runner, tmp_path, answers) -> dict:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    result = runner.invoke(args=["selfcheck", "score", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["definition_version"] == "2026.12"
    return data


def factor(data, factor_id) -> dict:
    return next(f for f in data["factors"] if f["id"] == factor_id)


def test_cli_domestic_trade_gets_full_country_points(runner, tmp_path):
    data = score_cli(runner, tmp_path, {**best_answers(), "country_risk": "domestic"})
    assert factor(data, "country")["points"] == 7 and data["score"] == 100
    assert factor(data, "country")["source"]["zh"].startswith("安联贸易国家评级")


def test_cli_without_statements_at_most_8_points(runner, tmp_path):
    data = score_cli(runner, tmp_path, {**best_answers(), **SELF_REPORT})
    assert factor(data, "financial_strength")["points"] == 8
    assert data["score"] == 88 and data["z2"] is None


def test_cli_illiquid_and_loss_making_is_d_at_best(runner, tmp_path):
    data = score_cli(runner, tmp_path, {**best_answers(), **SELF_REPORT,
                                        "current_ratio_band": "lt_1", "profitability": "loss"})
    assert (data["raw_band"]["code"], data["band"]["code"]) == ("A", "D")
    assert [o["id"] for o in data["overrides"]] == ["no_statements_loss_illiquid"]


def test_cli_z2_of_exactly_2_60_is_grey_and_scores_14(runner, tmp_path):
    data = score_cli(runner, tmp_path,
                     {**best_answers(), **statements(("0", "0", "0", "260", "105"))})
    assert (data["z2"], data["z2_zone"]) == ("2.60", "grey")
    assert factor(data, "financial_strength")["points"] == 14


def test_cli_unknown_net_worth_hits_the_band_ceiling(runner, tmp_path):
    answers = {**best_answers(), **SELF_REPORT, "net_worth": "unknown",
               "monthly_sales": "1000000", "terms_days": "60"}
    data = score_cli(runner, tmp_path, answers)
    limit = data["limit"]
    assert data["band"]["code"] == "A"  # 88 − 6 exposure points = 82
    assert (limit["unverified"], limit["ceiling"], limit["suggested"]) == (True, "300000",
                                                                         "300000")


def test_cli_band_d_is_a_secured_limit_with_unsecured_0(runner, tmp_path):
    answers = {**best_answers(), "country_risk": "d", "monthly_sales": "1000000",
               "terms_days": "60"}
    data = score_cli(runner, tmp_path, answers)
    limit = data["limit"]
    assert data["band"]["code"] == "D"
    assert (limit["secured_only"], limit["suggested"], limit["unsecured"]) == (True, "750000",
                                                                              "0")
    assert "无担保额度为 0" in data["terms"]["security"]["zh"]
    payment = data["terms"]["payment"]["zh"]
    assert "预付款" in payment and "定金" not in payment

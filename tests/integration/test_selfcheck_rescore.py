"""Re-scoring: `flask selfcheck rescore`, and the note on the result and admin lead pages.

Stored results made with model 2026.11 are built here the way that model scored them:
the same factor points except where 2026.12 changed them (without statements 6/3/0 + 6/3/0
instead of 4/2/0 + 4/2/0; Z'' of exactly 2.60 worth 20 instead of 14).
"""

import json

import pytest

from creditdesk.assessment import answers_to_json, parse_answers, score
from creditdesk.extensions import db
from creditdesk.models.assessment import AssessmentResult
from tests.integration.admin_helpers import logged_in, make_lead, make_result
from tests.integration.selfcheck_walk import band_b_answers, complete
from tests.unit.assessment.answersets import DEFINITION, answers_scoring, best_answers, statements

OLD_SELF_REPORT = {"ge_1_5": 6, "r1_0_1_5": 3, "lt_1": 0, "profitable": 6, "break_even": 3,
                   "loss": 0}


def old_model_result(raw: dict) -> tuple[dict, dict]:
    """Return (answers JSON, result JSON) as model 2026.11 stored them for `raw`."""
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}
    result = score(DEFINITION, answers)
    factor = next(f for f in result.factors if f.id == "financial_strength")
    if answers["has_statements"] == "no":
        old_points = (OLD_SELF_REPORT[answers["current_ratio_band"]]
                      + OLD_SELF_REPORT[answers["profitability"]])
    else:
        assert result.z2_zone != "safe"  # only exactly 2.60 moved
        old_points = 20
    old_score = result.score - factor.points + old_points
    old_band = DEFINITION.band_for_score(old_score)
    data = result.to_dict()
    data.update(definition_version="2026.11", score=old_score, band=old_band.to_dict(),
                raw_band=old_band.to_dict())
    return answers_to_json(answers), data


def store(app, answers: dict, data: dict) -> str:
    with app.app_context():
        row = AssessmentResult(definition_id=DEFINITION.id,
                               definition_version=data["definition_version"], answers=answers,
                               score=data["score"], band=data["band"]["code"], result=data)
        db.session.add(row)
        db.session.commit()
        token, row_id = row.token, row.id
        db.session.remove()
    assert row_id
    return token


def rows(app) -> list[tuple]:
    with app.app_context():
        found = [(r.token, r.definition_version, r.score, r.band, r.answers, r.result)
                 for r in db.session.execute(
                     db.select(AssessmentResult).order_by(AssessmentResult.id)).scalars()]
        db.session.remove()
    return found


def self_reported(target: int) -> dict:
    """Raw answers scoring `target` now, with the best self-reported ratios (8 points)."""
    best = {"current_ratio_band": "ge_1_5", "profitability": "profitable"}
    for base in range(target - 8, target + 1):  # the solver's own ratio answers give 0–8
        raw = {**answers_scoring(base, with_statements=False), **best}
        if score(DEFINITION, parse_answers(DEFINITION, raw)[0]).score == target:
            return raw
    raise AssertionError(f"no self-reported answer set scores {target}")


@pytest.fixture
def b_to_c(app):
    """A 2026.11 result in band B (66) that 2026.12 puts in band C (62)."""
    answers, data = old_model_result(self_reported(62))
    assert (data["band"]["code"], data["score"]) == ("B", 66)
    return store(app, answers, data)


def test_self_reported_helper_lands_on_target():
    answers, _ = parse_answers(DEFINITION, self_reported(62))
    result = score(DEFINITION, answers)
    assert result.score == 62
    assert next(f.points for f in result.factors if f.id == "financial_strength") == 8


# -- command line ----------------------------------------------------------------------


def test_rescore_one_token_lists_the_band_change(app, runner, b_to_c):
    before = rows(app)
    result = runner.invoke(args=["selfcheck", "rescore", b_to_c])
    assert result.exit_code == 0, result.output
    assert f"result  {b_to_c} (credit-risk-selfcheck)" in result.output
    assert "stored  model 2026.11: band B, 66 points" in result.output
    assert "current model 2026.12: band C, 62 points" in result.output
    assert "band change: B -> C (worse)" in result.output
    assert rows(app) == before  # nothing written back


def test_rescore_one_token_as_json(runner, b_to_c):
    result = runner.invoke(args=["selfcheck", "rescore", b_to_c, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["token"] == b_to_c
    assert data["stored"]["version"] == "2026.11" and data["stored"]["band"] == "B"
    assert data["current"]["version"] == "2026.12" and data["current"]["band"] == "C"
    assert (data["band_changed"], data["differs"], data["error"]) == (True, True, None)


def test_rescore_all_lists_only_band_changes_and_counts_the_rest(app, runner, client, b_to_c):
    # Z'' of exactly 2.60: 20 points in 2026.11, 14 now; 100 → 94 stays in band A.
    answers, data = old_model_result(
        {**best_answers(), **statements(("0", "0", "0", "260", "105"))})
    same_band = store(app, answers, data)
    current = complete(client, band_b_answers()).rsplit("/", 1)[1]  # made with 2026.12
    broken_id = make_result(app)  # answers {} do not fit any model
    with app.app_context():
        broken = db.session.get(AssessmentResult, broken_id).token
        db.session.remove()
    before = rows(app)

    result = runner.invoke(args=["selfcheck", "rescore", "--all"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "4 stored results (scored with 2026.11 ×2, 2026.12 ×1, t ×1);" in out
    assert "current model 2026.12." in out
    assert "Band changes: 1 (0 better, 1 worse); same band, other score or limit: 1;" in out
    assert "not re-scored: 1." in out
    assert "  B -> C: 1" in out
    changes = out.split("Band changes:\n", 1)[1].split("\n\n", 1)[0]
    assert b_to_c in changes and same_band not in changes and current not in changes
    assert f"{b_to_c}  2026.11 B 66 -> 2026.12 C 62" in changes
    assert f"  {broken}: its answers do not fit the current model" in out
    assert rows(app) == before

    as_json = runner.invoke(args=["selfcheck", "rescore", "--all", "--json"])
    data = json.loads(as_json.output)
    assert data["summary"]["results"] == 4
    assert data["summary"]["band_changes"] == 1 and data["summary"]["worse"] == 1
    assert data["summary"]["transitions"] == {"B->C": 1}
    by_token = {r["token"]: r for r in data["results"]}
    assert by_token[same_band]["differs"] and not by_token[same_band]["band_changed"]
    assert by_token[same_band]["stored"]["score"] == 100
    assert by_token[same_band]["current"]["score"] == 94
    assert not by_token[current]["differs"]
    assert by_token[broken]["current"] is None and by_token[broken]["error"]


def test_rescore_with_no_results(runner):
    result = runner.invoke(args=["selfcheck", "rescore", "--all"])
    assert result.exit_code == 0 and "No stored results." in result.output


@pytest.mark.parametrize("args", [[], ["sometoken", "--all"]])
def test_rescore_needs_a_token_or_all(runner, args):
    result = runner.invoke(args=["selfcheck", "rescore", *args])
    assert result.exit_code == 2
    assert "give either a result TOKEN or --all" in result.output


def test_rescore_unknown_token(runner):
    result = runner.invoke(args=["selfcheck", "rescore", "no-such-token"])
    assert result.exit_code == 1
    assert "no stored result with token 'no-such-token'" in result.output


# -- pages -----------------------------------------------------------------------------


def test_result_page_shows_the_current_model_beside_the_stored_result(app, client, b_to_c):
    html = client.get(f"/self-check/r/{b_to_c}").get_data(as_text=True)
    # The stored result is what the page is about ...
    assert '<p class="band-badge band-b">' in html and '<span class="score-value">66</span>' in html
    # ... and the note says what the current model gives.
    assert ("本结果按模型 2026.11 评分；按当前模型 2026.12 为 C 级（中等风险），62 分，建议额度"
            in html)
    assert "本结果保持评估时的原样，不会被改写。" in html
    english = client.get(f"/self-check/r/{b_to_c}?lang=en").get_data(as_text=True)
    assert ("Scored with model 2026.11 — the current model 2026.12 gives band C (Medium risk),"
            " 62 points, and a suggested limit of ¥") in english
    assert rows(app)[0][1] == "2026.11"


def test_no_note_when_the_current_model_gives_the_same(client):
    html = client.get(complete(client, band_b_answers())).get_data(as_text=True)
    assert "按当前模型" not in html and 'class="notice rescored"' not in html


def test_note_for_a_new_band_d_speaks_of_a_secured_limit(app, client):
    # illiquid and loss-making without statements: 2026.11 kept the score's band, now D at best
    raw = {**self_reported(78), "current_ratio_band": "lt_1", "profitability": "loss"}
    answers, data = old_model_result(raw)
    assert data["band"]["code"] == "B"
    token = store(app, answers, data)
    html = client.get(f"/self-check/r/{token}").get_data(as_text=True)
    assert "按当前模型 2026.12 为 D 级（较高风险）" in html
    assert "有担保额度 ¥" in html and "（无担保额度为 0）" in html


def test_admin_lead_page_shows_the_note(app, b_to_c):
    with app.app_context():
        result_id = db.session.execute(
            db.select(AssessmentResult.id).filter_by(token=b_to_c)).scalar_one()
        db.session.remove()
    lead_id = make_lead(app, assessment_result_id=result_id)
    body = logged_in(app).get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "本结果按模型 2026.11 评分；按当前模型 2026.12 为 C 级（中等风险），62 分" in body


def test_admin_lead_page_without_re_scorable_answers_has_no_note(app):
    lead_id = make_lead(app, assessment_result_id=make_result(app))
    body = logged_in(app).get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "¥750,000" in body and "按当前模型" not in body

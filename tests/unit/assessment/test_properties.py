"""Properties over every valid answer set the definition admits (respecting show_if)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditdesk.assessment import answers_from_json, answers_to_json, parse_answers, score
from creditdesk.assessment.definition import COUNT, SINGLE
from tests.unit.assessment.answersets import (
    DEFINITION,
    Z2_DISTRESS,
    answers_scoring,
    raw_answer_sets,
    statements,
)

settings.register_profile(
    "assessment",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROPERTY = settings.get_profile("assessment")


def scored(raw):
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}, errors
    return answers, score(DEFINITION, answers)


def rank(result):
    return DEFINITION.band_rank(result.band.code)


@PROPERTY
@given(raw_answer_sets())
def test_every_valid_answer_set_gets_a_score_and_band(raw):
    answers, result = scored(raw)
    assert 0 <= result.score <= 100
    assert result.band.code in "ABCDE"
    assert result.raw_band.min <= result.score <= result.raw_band.max
    assert rank(result) >= DEFINITION.band_rank(result.raw_band.code)
    assert sum(f.points for f in result.factors) == result.score
    assert all(0 <= f.points <= f.max for f in result.factors)
    assert result.limit.suggested >= 0
    assert answers_from_json(DEFINITION, answers_to_json(answers)) == answers


def _better_options(answers):
    """Yield (question id, value) changes to an option worth more, or to fewer warning signs."""
    for question in DEFINITION.questions:
        value = answers.get(question.id)
        if value is None or question.factor is None:
            continue
        scoring = DEFINITION.factor(question.factor).scoring
        if question.type == SINGLE and scoring != COUNT:
            current = question.option(value).points
            yield from ((question.id, o.value) for o in question.options if o.points > current)
        elif scoring == COUNT and len(value) > 1:
            yield question.id, value[1:]  # one warning sign fewer
        elif scoring == COUNT and value[0] != "none":
            yield question.id, ("none",)


@PROPERTY
@given(raw_answer_sets(), st.data())
def test_a_better_answer_never_worsens_the_band(raw, data):
    answers, result = scored(raw)
    changes = list(_better_options(answers))
    if not changes:
        return
    question_id, better = data.draw(st.sampled_from(changes))
    better_raw = {**raw, question_id: list(better) if isinstance(better, tuple) else better}
    _, improved = scored(better_raw)
    assert improved.score >= result.score  # three signs to two stays at 0 points
    assert rank(improved) <= rank(result)


@PROPERTY
@given(raw_answer_sets())
def test_knockout_gives_e_whatever_else(raw):
    _, result = scored({**raw, "public_records": "severe"})
    assert result.band.code == "E"
    assert "public_record_knockout" in [o.id for o in result.overrides]
    assert result.limit.suggested == 0


@PROPERTY
@given(raw_answer_sets())
def test_z2_distress_caps_at_d(raw):
    _, result = scored({**raw, **statements(Z2_DISTRESS)})
    assert result.z2_zone == "distress"
    assert result.band.code in ("D", "E")


@PROPERTY
@given(raw_answer_sets())
def test_country_d_caps_at_d(raw):
    _, result = scored({**raw, "country_risk": "d"})
    assert result.band.code in ("D", "E")


def test_every_band_is_reachable():
    reached = {}
    for target in (90, 70, 55, 40, 20):
        _, result = scored(answers_scoring(target))
        reached[result.band.code] = result.score
    assert sorted(reached) == ["A", "B", "C", "D", "E"]


def test_every_score_from_the_lowest_to_100_is_reachable():
    for target in range(6, 101):  # 6: the least without an override firing
        assert scored(answers_scoring(target))[1].score == target

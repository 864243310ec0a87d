"""Properties over every valid answer set the definition admits (respecting show_if)."""

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from creditdesk.assessment import (
    altman_z2,
    answers_from_json,
    answers_to_json,
    parse_answers,
    score,
    z2_zone,
)
from creditdesk.assessment.definition import COUNT, SINGLE
from tests.unit.assessment.answersets import (
    DEFINITION,
    FIGURES,
    Z2_DISTRESS,
    answers_scoring,
    lowest_score,
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
    for target in range(lowest_score(), 101):  # the least without an override firing
        assert scored(answers_scoring(target))[1].score == target


# -- model 2026.12 ---------------------------------------------------------------------


def _worse_options(answers):
    """Yield (question id, value) changes to a worse answer: fewer points or more signs."""
    for question in DEFINITION.questions:
        value = answers.get(question.id)
        if value is None or question.factor is None:
            continue
        scoring = DEFINITION.factor(question.factor).scoring
        if question.type == SINGLE and scoring != COUNT:
            current = question.option(value).points
            yield from ((question.id, o.value) for o in question.options if o.points < current)
        elif scoring == COUNT:
            signs = [o.value for o in question.options if not o.exclusive]
            chosen = [v for v in value if v in signs]
            yield from ((question.id, (*chosen, s)) for s in signs if s not in chosen)
    if answers.get("net_worth") is not None and answers.get("has_statements") == "no":
        yield "net_worth", "unknown"


@PROPERTY
@given(raw_answer_sets(), st.data())
def test_a_worse_answer_never_improves_the_band(raw, data):
    answers, result = scored(raw)
    changes = list(_worse_options(answers))
    if not changes:
        return
    question_id, worse = data.draw(st.sampled_from(changes))
    worse_raw = {**raw, question_id: list(worse) if isinstance(worse, tuple) else worse}
    _, worsened = scored(worse_raw)
    assert worsened.score <= result.score
    assert rank(worsened) >= rank(result)


@st.composite
def grey_zone_statements(draw) -> dict:
    """Draw balance-sheet figures whose Altman Z'' lies in the grey zone (1.10–2.60)."""
    z = Decimal(draw(st.integers(11000, 26000))) / 10000
    x1, x2, x3 = (Decimal(draw(st.integers(-3000, 3000))) / 10000 for _ in range(3))
    total_assets = Decimal(draw(st.integers(10**4, 10**11)))
    x4 = (z - Decimal("6.56") * x1 - Decimal("3.26") * x2 - Decimal("6.72") * x3) / Decimal(
        "1.05"
    )
    assume(x4 > Decimal("-0.9"))
    liabilities = (total_assets / (1 + x4)).quantize(Decimal(1))
    equity = total_assets - liabilities
    figures = tuple(
        str(v.quantize(Decimal(1)))
        for v in (x1 * total_assets, x2 * total_assets, x3 * total_assets, equity, liabilities)
    )
    assume(Decimal(figures[4]) > 0 and z2_zone(altman_z2(*map(Decimal, figures))) == "grey")
    return statements(figures)


@PROPERTY
@given(raw_answer_sets(), grey_zone_statements())
def test_grey_zone_statements_never_score_below_the_best_self_report(raw, grey):
    self_reported = {
        **{k: v for k, v in raw.items() if k not in FIGURES},
        "has_statements": "no",
        "current_ratio_band": "ge_1_5",
        "profitability": "profitable",
    }
    _, told = scored(self_reported)
    _, shown = scored({**raw, **grey})
    assert shown.z2_zone == "grey"
    assert shown.score >= told.score
    assert rank(shown) <= rank(told)


@PROPERTY
@given(raw_answer_sets(), st.sampled_from(["unknown", ""]))
def test_unknown_net_worth_never_exceeds_the_band_ceiling(raw, blank):
    raw = {k: v for k, v in raw.items() if k not in FIGURES}
    if raw.get("has_statements") == "yes":  # statements give book equity: not unknown
        raw.update(has_statements="no", current_ratio_band="ge_1_5", profitability="profitable")
    _, result = scored({**raw, "net_worth": blank})
    limit = result.limit
    assert limit.unverified and limit.net_worth is None
    ceiling = DEFINITION.limit.bands[result.band.code].unknown_ceiling
    assert limit.suggested <= ceiling
    assert limit.suggested <= limit.factor * limit.need


@PROPERTY
@given(raw_answer_sets())
def test_any_unverified_limit_is_within_the_ceiling_and_band_d_lends_nothing_unsecured(raw):
    _, result = scored(raw)
    limit = result.limit
    if limit.unverified:
        assert limit.suggested <= DEFINITION.limit.bands[result.band.code].unknown_ceiling
    if result.band.code == "D":
        assert limit.secured_only and limit.unsecured == 0
    else:
        assert limit.unsecured == limit.suggested

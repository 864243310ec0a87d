"""The credit limit.

The engine's worked examples run on a small fixture definition (fixtures/mini_z2.yaml) whose
numbers never change; the shipped questionnaire's limit is tested by invariants and against
the formula with the parameters read from the file, so an analyst's edit of a cap, an f, a
ceiling or the buffer breaks no test here.
"""

from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest

from creditdesk.assessment import load_definition, parse_answers, score
from creditdesk.assessment.limit import credit_limit
from tests.unit.assessment.answersets import DEFINITION, answers_scoring

# -- the engine on the fixture -----------------------------------------------------------
# mini_z2: buffer 15 days, whole yuan; A cap 20 % f 1.0 | B 10 % 0.8 | C 5 % 0.6 |
# D secured only, f 0.4 | E nothing; unknown net worth: f × 0.5, ceilings 50k/40k/30k/0/0.

MINI = load_definition(Path(__file__).parent / "fixtures" / "mini_z2.yaml")
SAFE = {"has_statements": "yes", "working_capital": "0", "retained_earnings": "0", "ebit": "0",
        "book_equity": "300", "total_liabilities": "100"}  # Z'' 3.15: 20 points
# need = 1,000,000 × (45 + 15) / 30 = 2,000,000; exposure 2m / 20m = 10 %: 30 points
FIXTURE_DEAL = {"monthly_sales": "1,000,000", "terms_days": "45", "net_worth": "20,000,000"}
BEST = {"record": "good", "region": "home", "signs": ["none"], "share": "low",
        **SAFE, **FIXTURE_DEAL}
NO_STATEMENTS = {"has_statements": "no", "liquidity": "good"}  # 10 points


def fixture_limit(**changes):
    answers, errors = parse_answers(MINI, {**BEST, **changes})
    assert errors == {}, errors
    result = score(MINI, answers)
    return result, result.limit


def test_fixture_band_a_limited_by_need():
    result, limit = fixture_limit()
    assert (result.score, result.band.code) == (100, "A")
    assert (limit.need, limit.factor, limit.cap) == (2000000, 1, 4000000)  # cap 20 % × 20m
    assert limit.suggested == limit.unsecured == 2000000
    assert (limit.unverified, limit.secured_only, limit.buffer_days) == (False, False, 15)
    assert limit.net_worth_source == "answer" and limit.secured_note is None
    assert limit.insurer_note.en == "The insurer's limit prevails."


def test_fixture_band_a_limited_by_cap():
    # net worth 8m: exposure 25 % → 15 points, score 85, still A; cap 20 % × 8m = 1.6m
    result, limit = fixture_limit(net_worth="8,000,000")
    assert (result.score, result.band.code) == (85, "A")
    assert (limit.need, limit.cap, limit.suggested) == (2000000, 1600000, 1600000)


def test_fixture_band_b():
    result, limit = fixture_limit(record="poor")  # 70
    assert result.band.code == "B"
    assert limit.factor == Decimal("0.8") and limit.cap == 2000000  # 10 % × 20m
    assert limit.suggested == limit.unsecured == 1600000  # 0.8 × 2m < cap


def test_fixture_band_c_limited_by_cap():
    result, limit = fixture_limit(record="poor", share="high", signs=["late"])  # 55
    assert result.band.code == "C"
    assert (limit.cap, limit.suggested) == (1000000, 1000000)  # 0.6 × 2m = 1.2m, cap 5 % = 1m


def test_fixture_band_d_is_secured_part_only_and_uncapped():
    result, limit = fixture_limit(region="risky")  # 100 points, capped at D
    assert (result.raw_band.code, result.band.code, limit.band) == ("A", "D", "D")
    assert limit.secured_only and limit.cap is None
    assert limit.suggested == Decimal(800000)  # 0.4 × 2m; the unsecured cap (0) does not apply
    assert limit.unsecured == 0
    assert limit.secured_note.en == "Secured part only; the unsecured limit is 0."


def test_fixture_band_e_gives_nothing():
    result, limit = fixture_limit(record="fraud")
    assert result.band.code == "E"
    assert (limit.suggested, limit.cap, limit.unsecured) == (0, 0, 0)


def test_fixture_unknown_net_worth_halves_f_no_cap_unverified_and_the_ceiling_bounds_it():
    # no statements (so book equity cannot stand in), no net worth: exposure 0 → 60, band B
    result, limit = fixture_limit(net_worth="", **NO_STATEMENTS)
    assert (result.score, result.band.code) == (60, "B")
    assert (limit.net_worth, limit.net_worth_source, limit.cap, limit.unverified) == (
        None, None, None, True)
    assert limit.base_factor == Decimal("0.8") and limit.factor == Decimal("0.4")
    # 0.4 × 2m = 800,000, but the band's ceiling is 40,000
    assert limit.ceiling == 40000 and limit.suggested == limit.unsecured == 40000


@pytest.mark.parametrize(("changes", "band", "ceiling"), [
    ({"signs": ["late", "news"]}, "C", 30000),  # 50
    ({"region": "risky"}, "D", 0),
    ({"record": "fraud"}, "E", 0),
])
def test_fixture_unknown_net_worth_capped_by_each_band_ceiling(changes, band, ceiling):
    result, limit = fixture_limit(net_worth="unknown", **NO_STATEMENTS, **changes)
    assert result.band.code == band
    assert (limit.ceiling, limit.suggested, limit.unverified) == (ceiling, ceiling, True)
    assert limit.unsecured == 0 if band == "D" else limit.unsecured == ceiling


def test_fixture_unknown_net_worth_below_the_ceiling_keeps_half_f():
    # need = 10,000 × 30 / 30 = 10,000; B: f/2 = 0.4 → 4,000 < 40,000
    result, limit = fixture_limit(monthly_sales="10000", terms_days="15", net_worth="",
                                  **NO_STATEMENTS)
    assert result.band.code == "B"
    assert (limit.factor, limit.suggested, limit.ceiling) == (Decimal("0.4"), 4000, 40000)


def test_fixture_blank_net_worth_never_beats_a_low_one_by_more_than_the_ceiling():
    # a low net worth (ratio 20×) earns no exposure points either: both score 60, band B
    low_result, low = fixture_limit(net_worth="100,000", **NO_STATEMENTS)
    blank_result, blank = fixture_limit(net_worth="", **NO_STATEMENTS)
    assert low_result.band.code == blank_result.band.code == "B"
    assert low.suggested == 10000 and blank.suggested == 40000  # 10 % × 100k; the ceiling
    assert blank.suggested - low.suggested <= blank.ceiling


def test_fixture_book_equity_stands_in_for_a_blank_net_worth():
    result, limit = fixture_limit(net_worth="", book_equity="20000000",
                                  total_liabilities="10000000")  # Z'' 2.10: grey, 10 points
    assert result.z2_zone == "grey"
    assert (limit.net_worth, limit.net_worth_source, limit.unverified) == (
        20000000, "statements", False)
    assert limit.cap == 4000000 and limit.suggested == 2000000  # band A: 30+30+10+10+10 = 90


def test_fixture_rounded_down_to_whole_yuan():
    # need = 1000 × 31 / 30 = 1033.33…; B unknown: × 0.4 = 413.33… → 413
    result, limit = fixture_limit(monthly_sales="1000", terms_days="16", net_worth="",
                                  **NO_STATEMENTS)
    assert result.band.code == "B"
    assert limit.need == Decimal("1033.33") and limit.suggested == Decimal(413)


def test_fixture_negative_book_equity_gives_no_unsecured_limit():
    # TA 50: X1 2, X3 1, X4 -0.5 → Z'' 19.3, safe despite the negative equity; exposure 0
    result, limit = fixture_limit(net_worth="", working_capital="100", retained_earnings="0",
                                  ebit="50", book_equity="-50", total_liabilities="100")
    assert (result.score, result.band.code, result.z2_zone) == (70, "B", "safe")
    assert (limit.net_worth, limit.net_worth_source, limit.unverified) == (-50, "statements", False)
    assert limit.cap == 0 and limit.suggested == 0 and limit.unsecured == 0


@pytest.mark.parametrize(("share", "warn"), [("low", False), ("high", True)])
def test_fixture_concentration_is_a_warning_not_a_cap(share, warn):
    # share high costs 10 points: 90, still band A, so the limit must not move
    _, base = fixture_limit()
    result, limit = fixture_limit(share=share)
    assert result.band.code == "A"
    assert limit.concentration_warning is warn
    assert limit.suggested == base.suggested


# -- the shipped questionnaire, by invariants ---------------------------------------------

PARAMS = DEFINITION.limit
ORDER = [band.code for band in sorted(DEFINITION.bands, key=lambda b: -b.min)]  # best first
WORKED = {"monthly_sales": "1,000,000", "terms_days": "60", "net_worth": "20,000,000"}


def limit_for(target, **changes):
    # without statements, so that book equity does not stand in for an unknown net worth
    answers, errors = parse_answers(
        DEFINITION, {**answers_scoring(target, with_statements=False), **changes}
    )
    assert errors == {}
    result = score(DEFINITION, answers)
    return result, result.limit


def expected_limit(band, need, net_worth):
    """The documented formula, with every parameter read from the shipped file."""
    rule = PARAMS.bands[band]
    f = rule.f if net_worth is not None else rule.f * PARAMS.unknown_net_worth_factor
    amount = f * need
    if net_worth is None:
        amount = min(amount, rule.unknown_ceiling)
    elif not rule.secured_only:
        amount = min(amount, max(rule.cap_rate * net_worth, Decimal(0)))
    step = PARAMS.round_down_to
    return (amount / step).to_integral_value(rounding=ROUND_FLOOR) * step


def raw_for(band, **deal):
    """Answers (no override) that land in `band` once the `deal` answers are in."""
    spec = next(b for b in DEFINITION.bands if b.code == band)
    for target in range(spec.max, spec.min - 1, -1):
        try:
            raw = {**answers_scoring(target, with_statements=False), **deal}
        except ValueError:  # no answer set scores this target
            continue
        if score(DEFINITION, answers_of(raw)).band.code == band:
            return raw
    raise AssertionError(f"no answers land in band {band} with {deal}")


def answers_of(raw):
    answers, errors = parse_answers(DEFINITION, raw)
    assert errors == {}
    return answers


DEALS = [("1,000,000", "60", "20,000,000"), ("1,000", "31", "1,000,000"),
         ("5,000,000", "90", "1,000,000"), ("100,000", "30", ""), ("5,000,000", "90", "unknown"),
         ("123,457", "45", "0")]


@pytest.mark.parametrize(("sales", "days", "net_worth"), DEALS)
def test_shipped_limit_follows_the_formula_with_the_file_parameters(sales, days, net_worth):
    deal = {"monthly_sales": sales, "terms_days": days, "net_worth": net_worth}
    for band in ORDER:
        result = score(DEFINITION, answers_of(raw_for(band, **deal)))
        assert result.band.code == band
        limit = result.limit
        need = Decimal(sales.replace(",", "")) * (int(days) + PARAMS.buffer_days) / 30
        known = None if net_worth in ("", "unknown") else Decimal(net_worth.replace(",", ""))
        assert limit.need == need.quantize(Decimal("0.01"))
        assert limit.buffer_days == PARAMS.buffer_days
        assert limit.suggested == expected_limit(band, need, known), band
        assert limit.unverified is (known is None)
        assert limit.base_factor == PARAMS.bands[band].f


def test_shipped_limit_is_monotone_in_the_band():
    """A better band never gives less unsecured credit, nor a larger f or cap rate."""
    rules = [PARAMS.bands[code] for code in ORDER]
    assert [r.f for r in rules if not r.secured_only] == sorted(
        (r.f for r in rules if not r.secured_only), reverse=True)
    assert [r.cap_rate for r in rules] == sorted((r.cap_rate for r in rules), reverse=True)
    assert [r.unknown_ceiling for r in rules] == sorted(
        (r.unknown_ceiling for r in rules), reverse=True)
    for sales, days, net_worth in DEALS:
        answers = answers_of(raw_for("A", monthly_sales=sales, terms_days=days,
                                     net_worth=net_worth))
        unsecured = [credit_limit(DEFINITION, answers, code).unsecured for code in ORDER]
        assert unsecured == sorted(unsecured, reverse=True), (sales, days, net_worth, unsecured)


@pytest.mark.parametrize("band", sorted(PARAMS.bands))
def test_shipped_ceiling_for_an_unknown_net_worth_is_respected(band):
    # a huge need: f/2 × need is far above any ceiling
    raw = raw_for(band, monthly_sales="50,000,000", terms_days="120", net_worth="unknown")
    result = score(DEFINITION, answers_of(raw))
    limit = result.limit
    assert result.band.code == band
    assert (limit.net_worth, limit.cap, limit.unverified) == (None, None, True)
    assert limit.ceiling == PARAMS.bands[band].unknown_ceiling
    assert limit.factor == PARAMS.bands[band].f * PARAMS.unknown_net_worth_factor
    assert limit.suggested == limit.ceiling
    assert limit.unsecured <= limit.ceiling


def test_shipped_blank_net_worth_never_beats_a_low_one_by_more_than_the_ceiling():
    # The 2026.11 flaw: a blank gave 0.4 × need uncapped, a low net worth 10 % of it.
    for band in ORDER:
        low = score(DEFINITION, answers_of(raw_for(band, **{**WORKED, "net_worth": "1,000,000"})))
        blank = score(DEFINITION, answers_of(raw_for(band, **{**WORKED, "net_worth": ""})))
        assert low.band.code == blank.band.code == band
        assert blank.limit.unsecured - low.limit.unsecured <= PARAMS.bands[band].unknown_ceiling


def test_shipped_band_d_is_secured_part_only_and_unsecured_0():
    assert [code for code in ORDER if PARAMS.bands[code].secured_only] == ["D"]
    result = score(DEFINITION, answers_of(raw_for("D", **WORKED)))
    limit = result.limit
    assert result.band.code == "D"
    assert limit.secured_only and limit.cap is None and limit.unsecured == 0
    need = Decimal(1000000) * (60 + PARAMS.buffer_days) / 30
    assert limit.suggested == expected_limit("D", need, Decimal(20000000)) > 0
    assert "unsecured limit is 0" in limit.secured_note.en
    assert "无担保额度为 0" in limit.secured_note.zh
    assert "无担保额度为 0" in result.terms.security.zh
    unknown = score(DEFINITION, answers_of(raw_for("D", **{**WORKED, "net_worth": ""}))).limit
    assert unknown.unsecured == 0 and unknown.suggested == PARAMS.bands["D"].unknown_ceiling


def test_shipped_unsecured_equals_suggested_outside_band_d():
    for band in ORDER:
        limit = score(DEFINITION, answers_of(raw_for(band, **WORKED))).limit
        assert limit.secured_only is (band == "D")
        if band != "D":
            assert limit.unsecured == limit.suggested and limit.secured_note is None


def test_shipped_worst_band_gives_nothing():
    worst = ORDER[-1]
    limit = score(DEFINITION, answers_of(raw_for(worst, **WORKED))).limit
    assert (limit.suggested, limit.cap, limit.unsecured) == (0, 0, 0)


def test_shipped_override_band_sets_the_limit():
    result = score(DEFINITION, answers_of({**raw_for("A", **WORKED), "country_risk": "d"}))
    limit = result.limit
    assert result.band.code == "D" and limit.band == "D"
    need = Decimal(1000000) * (60 + PARAMS.buffer_days) / 30
    assert limit.suggested == expected_limit("D", need, Decimal(20000000))


def test_shipped_insurer_note_is_given():
    _, limit = limit_for(70, **WORKED)
    assert limit.insurer_note.en.startswith("If insured, the insurer's approved limit prevails")


def _share_cases():
    question = DEFINITION.question(PARAMS.concentration_question)
    for option in question.options:
        yield pytest.param(option.value, option.value in PARAMS.concentration_options,
                           id=option.value)


@pytest.mark.parametrize(("share", "warn"), list(_share_cases()))
def test_shipped_concentration_is_a_warning_not_a_cap(share, warn):
    assert PARAMS.concentration_options  # some share does warn
    result, limit = limit_for(70, **WORKED)
    raw = {**answers_scoring(70, with_statements=False), **WORKED,
           PARAMS.concentration_question: share}
    other = score(DEFINITION, answers_of(raw))
    assert other.limit.concentration_warning is warn
    if other.band == result.band:
        assert other.limit.suggested == limit.suggested


def test_shipped_negative_book_equity_gives_no_unsecured_limit():
    # TA 50: X1 2, X3 1, X4 -0.5 → Z'' 19.3, safe despite the negative equity
    result, limit = limit_for(
        60,
        net_worth="",
        has_statements="yes",
        working_capital="100",
        retained_earnings="0",
        ebit="50",
        book_equity="-50",
        total_liabilities="100",
    )
    assert result.z2_zone == "safe"
    assert (limit.net_worth, limit.net_worth_source, limit.unverified) == (-50, "statements", False)
    assert limit.unsecured == 0
    if not limit.secured_only:
        assert limit.cap == 0 and limit.suggested == 0

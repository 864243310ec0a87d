"""Model 2026.12: the changes from 2026.11, the loader checks that keep them, and the texts."""

import re
from decimal import Decimal

import pytest

from creditdesk.assessment import DefinitionError, load_definition, parse_answers, score
from tests.unit.assessment.answersets import DEFINITION, SHIPPED, answers_scoring, best_answers

NO_STATEMENTS = {
    "has_statements": "no",
    "current_ratio_band": "ge_1_5",
    "profitability": "profitable",
}


def result_for(**changes):
    answers, errors = parse_answers(DEFINITION, {**best_answers(), **changes})
    assert errors == {}, errors
    return score(DEFINITION, answers)


def points(result, factor_id):
    return next(f.points for f in result.factors if f.id == factor_id)


# -- scoring -------------------------------------------------------------------------


def test_version():
    assert DEFINITION.version == "2026.12"
    assert result_for().definition_version == "2026.12"


def test_domestic_trade_scores_like_the_best_country_grade():
    domestic = result_for(country_risk="domestic")
    assert points(domestic, "country") == 7 and domestic.score == 100
    assert DEFINITION.question("country_risk").options[0].value == "domestic"
    assert "人民币" in DEFINITION.question("country_risk").option("domestic").label.zh


def test_without_statements_at_most_8_points():
    result = result_for(**NO_STATEMENTS)
    assert points(result, "financial_strength") == 8
    assert result.score == 88 and result.z2 is None


@pytest.mark.parametrize(
    ("ratio", "profit", "fires"),
    [("lt_1", "loss", True), ("lt_1", "break_even", False), ("r1_0_1_5", "loss", False)],
)
def test_illiquid_and_loss_making_without_statements_is_d_at_best(ratio, profit, fires):
    result = result_for(has_statements="no", current_ratio_band=ratio, profitability=profit)
    ids = [o.id for o in result.overrides]
    if fires:
        assert ids == ["no_statements_loss_illiquid"]
        assert (result.raw_band.code, result.band.code) == ("A", "D")
        assert result.overrides[0].cap_band == "D"
        assert "亏损" in result.overrides[0].reason.zh
        assert result.limit.secured_only and result.limit.unsecured == 0
    else:
        assert ids == [] and result.band.code == "A"


def test_the_illiquidity_override_never_fires_with_statements():
    # hidden answers sent anyway are dropped: statements decide, not the stale ratio answers
    result = result_for(current_ratio_band="lt_1", profitability="loss")
    assert result.overrides == () and result.band.code == "A"


def test_grey_zone_statements_score_at_least_the_best_self_report():
    lowest_grey = result_for(has_statements="yes", book_equity="110", total_liabilities="105",
                             working_capital="0", retained_earnings="0", ebit="0")
    assert lowest_grey.z2_zone == "grey"
    assert points(lowest_grey, "financial_strength") >= points(
        result_for(**NO_STATEMENTS), "financial_strength"
    )


def test_band_d_terms_agree_with_a_secured_limit():
    terms = DEFINITION.terms["D"]
    assert "无担保额度为 0" in terms.security.zh and "unsecured limit 0" in terms.security.en
    assert "银行保函" in terms.security.zh and "备用信用证" in terms.security.zh
    assert DEFINITION.limit.bands["D"].secured_only and DEFINITION.limit.bands["D"].cap_rate == 0


def test_review_frequency_per_band():
    expected = {"A": "每年", "B": "每半年", "C": "每季度", "D": "每笔订单", "E": "每笔订单"}
    for band, words in expected.items():
        assert words in DEFINITION.terms[band].security.zh, band


def test_ceilings_live_in_the_yaml():
    ceilings = {code: b.unknown_ceiling for code, b in DEFINITION.limit.bands.items()}
    assert ceilings == {"A": 300000, "B": 200000, "C": 100000, "D": 0, "E": 0}


def test_unknown_net_worth_limit_is_marked_and_bounded():
    answers, _ = parse_answers(
        DEFINITION,
        {**answers_scoring(88, with_statements=False), "monthly_sales": "5,000,000",
         "terms_days": "90", "net_worth": "unknown"},
    )
    limit = score(DEFINITION, answers).limit
    assert limit.unverified and limit.cap is None
    assert limit.suggested == Decimal(300000) == limit.ceiling  # f/2 × need = 8.75m


# -- loader checks that keep the model honest ------------------------------------------


def variant(tmp_path, old, new):
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        ("{above: 2.60, points: 20}", "{min: 2.60, points: 20}", "factor financial_strength",
         "'above: 2.60'"),
        ("{min: 1.10, points: 8}", "{above: 1.10, points: 8}", "factor financial_strength",
         "'min: 1.10'"),
        ("{min: 1.85, points: 14}", "{min: 1.85, points: 22}", "factor financial_strength",
         "higher Z'' may not get fewer points"),
        ("{min: 1.85, points: 14}", "{min: 1.85, above: 1.85, points: 14}",
         "factor financial_strength z2_points", "not both"),
        # self-reported answers worth 10 > the 8 points of the lowest grey-zone Z''
        ("{value: ge_1_5, points: 4,", "{value: ge_1_5, points: 6,", "factor financial_strength",
         "more than a grey-zone Z''"),
        ("A: {cap: 0.15, f: 1.0, unknown_ceiling: 300000}", "A: {cap: 0.15, f: 1.0}",
         "limit band A", "missing key 'unknown_ceiling'"),
        ("C: {cap: 0.05, f: 0.6, unknown_ceiling: 100000}",
         "C: {cap: 0.05, f: 0.6, unknown_ceiling: -1}", "limit band C", "must not be negative"),
        ("D: {cap: 0, f: 0.3, secured_only: true,", "D: {cap: 0.05, f: 0.3, secured_only: true,",
         "limit band D", "cap must be 0"),
        ('source: {zh: "交易参考方核查实践", en: "Trade-reference practice"}',
         'source: "Trade-reference practice"', "factor relationship source", "must be a mapping"),
        ("        - {question: profitability, equals: loss}\n", "",
         "override no_statements_loss_illiquid when all", "at least two conditions"),
        ("{question: profitability, equals: loss}", "{question: profitability, equals: lost}",
         "override no_statements_loss_illiquid when all", "'lost' is not an option"),
    ],
)
def test_loader_refuses(tmp_path, old, new, where, problem):
    path = variant(tmp_path, old, new)
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    assert info.value.where == where
    assert problem in info.value.problem


# -- texts -----------------------------------------------------------------------------

CJK = r"[\u3400-\u9fff]"
ASCII_PUNCT = r"[,.:;?!()]"


def zh_texts():
    """Yield (where, zh text) for every visitor-facing Chinese string of the definition."""
    d = DEFINITION
    yield "intro", d.intro.zh
    yield "disclaimer", d.disclaimer.zh
    for q in d.questions:
        yield q.id, q.label.zh
        if q.help:
            yield f"{q.id} help", q.help.zh
        for o in q.options:
            yield f"{q.id} {o.value}", o.label.zh
    for f in d.factors:
        for name in ("label", "why", "source", "tip"):
            yield f"{f.id} {name}", getattr(f, name).zh
    for o in d.overrides:
        yield o.id, o.reason.zh
    for code, t in d.terms.items():
        yield f"terms {code} payment", t.payment.zh
        yield f"terms {code} security", t.security.zh
    yield "insurer_note", d.limit.insurer_note.zh
    yield "secured_note", d.limit.secured_note.zh


def test_chinese_text_uses_full_width_punctuation():
    bad = [
        (where, text)
        for where, text in zh_texts()
        if re.search(f"{CJK}{ASCII_PUNCT}|{ASCII_PUNCT}{CJK}", text)
    ]
    assert bad == []


# The preferred terms of the knowledge centre's glossary, with the variants it refuses.
GLOSSARY = {
    "买方": ["买家"],
    "营运资金": ["营运资本", "流动资金"],
    "赔偿比例": ["赔付比例"],
    "最佳 DSO": ["最佳可能 DSO", "最佳可能DSO", "最佳DSO"],
    "回款有效性指数（CEI）": ["回款效率指数", "收款效率指数", "回款有效指数"],
    "您": ["你"],
}


def test_chinese_text_addresses_the_reader_as_nin_and_keeps_the_terms():
    for where, text in zh_texts():
        for preferred, variants in GLOSSARY.items():
            for variant in variants:
                assert variant not in text, (where, variant, preferred)
    assert "营运资金" in DEFINITION.question("working_capital").label.zh
    assert "赔偿比例" in DEFINITION.limit.insurer_note.zh


def test_a_deposit_never_exceeds_20_percent():
    # 民法典 art. 586: a 定金 above 20 % of the contract is not a 定金.
    for where, text in zh_texts():
        for clause in re.split("[；。，]", text):
            if "定金" in clause and "不是定金" not in clause and "定金不得超过" not in clause:
                percents = [int(p) for p in re.findall(r"(\d+)%", clause)]
                assert all(p <= 20 for p in percents), (where, clause)
    for code in ("C", "D"):
        assert "预付款" in DEFINITION.terms[code].payment.zh + DEFINITION.terms[code].security.zh


def test_counts_and_indemnity_wording():
    assert "13 个因素、约 20 个问题" in DEFINITION.intro.zh
    assert "13 factors" in DEFINITION.intro.en and "about 20 questions" in DEFINITION.intro.en
    assert len(DEFINITION.factors) == 13
    assert "赔偿比例通常约 90%（常见范围 80%–95%）" in DEFINITION.limit.insurer_note.zh
    assert "about 90% (commonly 80%–95%)" in DEFINITION.limit.insurer_note.en


def test_every_factor_source_is_bilingual():
    for f in DEFINITION.factors:
        assert re.search(CJK, f.source.zh), f.id
        assert f.source.en and not re.search(CJK, f.source.en), f.id


def test_finance_company_bills_are_not_bank_bills():
    assert "财务公司承兑汇票" in DEFINITION.terms["A"].payment.zh
    assert "风险高于银行承兑汇票" in DEFINITION.terms["A"].payment.zh

"""Model 2026.12: the changes from 2026.11, the loader checks that keep them, and the texts."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from creditdesk.assessment import DefinitionError, load_definition, parse_answers, score
from creditdesk.content import load_library
from creditdesk.content.check import load_glossary
from tests.unit.assessment.answersets import DEFINITION, SHIPPED, best_answers

CONTENT = SHIPPED.parents[1] / "content"

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
    best = max(o.points for o in DEFINITION.question("country_risk").options)
    assert points(domestic, "country") == best == DEFINITION.factor("country").max
    assert domestic.score == 100
    assert DEFINITION.question("country_risk").options[0].value == "domestic"
    assert "人民币" in DEFINITION.question("country_risk").option("domestic").label.zh


def test_without_statements_at_most_the_points_of_a_grey_zone_z2():
    """The best self-reported answers earn what the lowest grey-zone Z'' earns, no more
    (2026.12: 8 of 20); the other factors keep their best points."""
    steps = DEFINITION.factor("financial_strength").z2_points
    lowest_grey = next(s.points for s in steps if s.holds(Decimal("1.10")))
    best_fallback = sum(max(o.points for o in DEFINITION.question(q).options)
                        for q in ("current_ratio_band", "profitability"))
    result = result_for(**NO_STATEMENTS)
    assert points(result, "financial_strength") == best_fallback <= lowest_grey
    assert best_fallback < DEFINITION.factor("financial_strength").max
    assert result.score == 100 - (DEFINITION.factor("financial_strength").max - best_fallback)
    assert result.z2 is None


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
    # the engine takes them from the file (the fixture's own numbers) ...
    mini = load_definition(MINI_Z2)
    ceilings = {code: b.unknown_ceiling for code, b in mini.limit.bands.items()}
    assert ceilings == {"A": 50000, "B": 40000, "C": 30000, "D": 0, "E": 0}
    # ... and the shipped file gives every band one: lower for a worse band, none for D and E
    shipped = [DEFINITION.limit.bands[b.code].unknown_ceiling
               for b in sorted(DEFINITION.bands, key=lambda b: -b.min)]
    assert shipped == sorted(shipped, reverse=True) and shipped[0] > 0
    bands = DEFINITION.limit.bands
    assert bands["D"].unknown_ceiling == bands["E"].unknown_ceiling == 0


def test_unknown_net_worth_limit_is_marked_and_bounded():
    answers, _ = parse_answers(
        DEFINITION,
        {**best_answers(), **NO_STATEMENTS, "monthly_sales": "5,000,000",
         "terms_days": "90", "net_worth": "unknown"},
    )
    result = score(DEFINITION, answers)
    limit = result.limit
    assert limit.unverified and limit.cap is None
    ceiling = DEFINITION.limit.bands[result.band.code].unknown_ceiling
    assert limit.factor * limit.need > ceiling > 0  # f/2 × need = 8.75m in 2026.12
    assert limit.suggested == ceiling == limit.ceiling


# -- loader checks that keep the model honest ------------------------------------------


def variant(tmp_path, old, new, source=SHIPPED):
    """Write a copy of a definition with one exact passage replaced; return its path."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
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


# The checks that guard the weights and limit parameters run on the fixture definition (its
# numbers never change), so an analyst's edit of the shipped file breaks none of them.
MINI_Z2 = Path(__file__).with_name("fixtures") / "mini_z2.yaml"


def fixture_variant(tmp_path, old, new):
    return variant(tmp_path, old, new, source=MINI_Z2)


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        ("{above: 2.60, points: 20}", "{min: 2.60, points: 20}", "factor financial",
         "'above: 2.60'"),
        ("{min: 1.10, points: 10}", "{above: 1.10, points: 10}", "factor financial",
         "'min: 1.10'"),
        ("{min: 1.10, points: 10}", "{min: 1.10, points: 25}", "factor financial",
         "higher Z'' may not get fewer points"),
        ("{min: 1.10, points: 10}", "{min: 1.10, above: 1.10, points: 10}",
         "factor financial z2_points", "not both"),
        # self-reported answers worth 11 > the 10 points of the lowest grey-zone Z''
        ("{value: good, points: 10,", "{value: good, points: 11,", "factor financial",
         "more than a grey-zone Z''"),
        ("A: {cap: 0.20, f: 1.0, unknown_ceiling: 50000}", "A: {cap: 0.20, f: 1.0}",
         "limit band A", "missing key 'unknown_ceiling'"),
        ("C: {cap: 0.05, f: 0.6, unknown_ceiling: 30000}",
         "C: {cap: 0.05, f: 0.6, unknown_ceiling: -1}", "limit band C", "must not be negative"),
        ("D: {cap: 0, f: 0.4, secured_only: true,", "D: {cap: 0.05, f: 0.4, secured_only: true,",
         "limit band D", "cap must be 0"),
    ],
)
def test_loader_refuses_bad_weights_and_limit_parameters(tmp_path, old, new, where, problem):
    load_definition(MINI_Z2)  # unchanged, it loads
    with pytest.raises(DefinitionError) as info:
        load_definition(fixture_variant(tmp_path, old, new))
    assert info.value.where == where
    assert problem in info.value.problem


def test_the_shipped_file_has_the_checked_z2_steps_and_limit_keys():
    """What the fixture variants above refuse, the shipped file must have."""
    steps = DEFINITION.factor("financial_strength").z2_points
    assert (Decimal("2.60"), False) in {(s.bound, s.inclusive) for s in steps}
    assert (Decimal("1.10"), True) in {(s.bound, s.inclusive) for s in steps}
    assert all(b.unknown_ceiling >= 0 for b in DEFINITION.limit.bands.values())
    assert all(b.cap_rate == 0 for b in DEFINITION.limit.bands.values() if b.secured_only)


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


# The knowledge centre's glossary (one source: content/glossary.yaml, which `flask content
# check` applies to articles, FAQ and pages) holds for the self-check's texts too.
GLOSSARY = load_glossary(CONTENT / "glossary.yaml")


def test_the_glossary_is_the_content_glossary():
    assert GLOSSARY.refused["买家"] == "买方" and GLOSSARY.refused["你"] == "您"
    # 流动资金 is not refused: 流动资金贷款 (a working-capital loan) is the correct term.
    assert "流动资金" not in GLOSSARY.refused


def test_chinese_text_addresses_the_reader_as_nin_and_keeps_the_terms():
    problems = [(where, problem) for where, text in zh_texts()
                for problem in GLOSSARY.problems(text)]
    assert problems == []
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


# -- links to the knowledge centre --------------------------------------------------------

# Per band, the articles the terms must point to (besides any others).
REQUIRED_LINKS = {
    "A": {"checking-company-credit"},
    "B": {"checking-company-credit"},
    "C": {"factoring-and-supply-chain-finance", "retention-of-title-and-registration"},
    "D": {"retention-of-title-and-registration", "checking-company-credit"},
    "E": {"legal-tools-for-overdue-accounts", "checking-company-credit"},
}


@pytest.fixture(scope="module")
def articles():
    return {a.slug: a for a in load_library(CONTENT).all_articles if not a.draft}


def test_terms_link_to_the_articles_that_fit_each_band():
    for code, required in REQUIRED_LINKS.items():
        slugs = [slug for slug, _ in DEFINITION.terms[code].articles]
        assert required <= set(slugs), code
        assert len(slugs) == len(set(slugs)), code


def test_every_term_link_names_a_published_article_by_its_title(articles):
    for code, terms in DEFINITION.terms.items():
        for slug, label in terms.articles:
            assert slug in articles, (code, slug)
            assert label.zh == articles[slug].title, (code, slug)
            assert label.en and not re.search(CJK, label.en), (code, slug)


def test_the_same_article_has_the_same_label_in_every_band():
    labels = {}
    for terms in DEFINITION.terms.values():
        for slug, label in terms.articles:
            assert labels.setdefault(slug, label) == label, slug

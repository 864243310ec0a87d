from pathlib import Path

import pytest

from creditdesk.assessment import DefinitionError, Text, load_definition
from creditdesk.assessment.definition import NUMBER

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).with_name("fixtures")
SHIPPED = sorted((ROOT / "assessments").glob("*.yaml"))
ARTICLES = frozenset({"setting-credit-terms"})


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_definition_loads(path):
    definition = load_definition(path, known_articles=None)
    assert definition.id == path.stem
    assert sum(f.max for f in definition.factors) == 100


def test_shipped_definition_links_only_to_known_slugs():
    slugs = {path.stem for path in (ROOT / "content" / "articles").glob("*.md")}
    definition = load_definition(
        ROOT / "assessments" / "credit-risk-selfcheck.yaml", known_articles=frozenset(slugs)
    )
    linked = {slug for terms in definition.terms.values() for slug, _ in terms.articles}
    assert linked <= slugs
    assert [b.code for b in definition.bands] == ["A", "B", "C", "D", "E"]
    assert len(definition.factors) == 13
    assert [s.id for s in definition.sections] == ["basics", "record", "financials", "deal"]


def test_shipped_definition_shape():
    definition = load_definition(ROOT / "assessments" / "credit-risk-selfcheck.yaml")
    assert definition.version == "2026.12"
    assert definition.question("net_worth").unknown_allowed
    assert (
        definition.question("terms_days").integer
        and definition.question("terms_days").type == NUMBER
    )
    assert [o.value for o in definition.question("public_records").options if o.knockout] == [
        "severe"
    ]
    assert definition.band("E").label == Text("高风险", "Very high risk")
    assert definition.limit.bands["D"].secured_only


def test_tiny_fixture_is_valid():
    definition = load_definition(FIXTURES / "tiny.yaml", known_articles=ARTICLES)
    assert definition.question("share").option("low").points == 100


@pytest.mark.parametrize(
    ("case", "where", "problem"),
    [
        ("duplicate_question_id", "question monthly_sales", "duplicate id"),
        ("duplicate_option_value", "question share option low", "duplicate id"),
        ("duplicate_yaml_key", "line 12, column 5", "duplicate key 'type'"),
        ("option_without_points", "question share option 'high'", "has no points"),
        ("bands_gap", "band B", "gap"),
        ("bands_overlap", "band B", "overlaps"),
        ("bands_not_from_zero", "band B", "no band covers 0"),
        (
            "show_if_unknown_question",
            "question net_worth show_if",
            "unknown question 'has_statements'",
        ),
        ("show_if_unknown_option", "question net_worth show_if", "'medium' is not an option"),
        ("term_missing_article", "terms A", "article 'no-such-article'"),
        ("max_points_not_100", "factor share", "best answers give 90"),
        ("total_points_not_100", "factors", "add up to 90, not 100"),
        ("unknown_key", "question share", "unknown key 'weight'"),
        ("unknown_top_key", "file", "unknown key 'notes'"),
        ("points_not_integer", "question share option 'low' points", "whole number"),
        ("version_not_string", "version", "quote it"),
        ("option_value_unquoted_yes", "question share option value", "boolean"),
        ("question_bad_type", "question share", "type must be"),
        ("label_missing_en", "question share label", "missing key 'en'"),
        ("question_unknown_factor", "question share", "unknown factor 'shares'"),
        ("question_not_in_section", "question net_worth", "not listed in any section"),
        ("limit_question_missing", "limit", "'terms_days'"),
        ("terms_missing_band", "terms B", "missing"),
        ("override_unknown_band", "override bad", "unknown band 'F'"),
        ("invalid_yaml", "line 5, column 6", "not valid YAML"),
    ],
)
def test_invalid_definition(case, where, problem):
    path = FIXTURES / f"{case}.yaml"
    with pytest.raises(DefinitionError) as info:
        load_definition(path, known_articles=ARTICLES)
    error = info.value
    assert (error.path, error.where) == (path, where)
    assert problem in error.problem
    assert str(error) == f"{path}: {where}: {error.problem}"
    assert "\n" not in str(error)


def test_every_fixture_is_covered():
    tested = {c[0] for c in test_invalid_definition.pytestmark[0].args[1]}
    tested |= {"tiny", "mini", "mini_z2"}
    assert {p.stem for p in FIXTURES.glob("*.yaml")} == tested


def test_missing_article_check_skipped_without_known_articles():
    load_definition(FIXTURES / "term_missing_article.yaml", known_articles=None)


def test_missing_file():
    with pytest.raises(DefinitionError, match="cannot be read"):
        load_definition(FIXTURES / "no-such-file.yaml")


def test_text_get():
    text = Text("中文", "English")
    assert [text.get(x) for x in ("zh", "zh_CN", "zh-Hans", "en", "en_US", "fr", None)] == [
        "中文",
        "中文",
        "中文",
        "English",
        "English",
        "English",
        "English",
    ]

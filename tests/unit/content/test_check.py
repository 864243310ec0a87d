"""Editorial rules: each fixture file breaks one rule once, on a known line."""

from pathlib import Path

import pytest

from creditdesk.content import ContentError
from creditdesk.content.check import check_file, check_tree, load_glossary

FIXTURES = Path(__file__).parent / "check_fixtures"
CONTENT = Path(__file__).parents[3] / "content"

CASES = [
    # (fixture, line, words the problem must contain)
    ("article_ascii_comma", 8, "ASCII ',' next to Chinese text at column 9: use ，"),
    ("article_ascii_colon", 10, "ASCII ':' next to Chinese text at column 3: use ："),
    ("article_ascii_question_mark", 8, "ASCII '?' next to Chinese text"),
    ("article_ascii_after_emphasis", 8, "ASCII ';' next to Chinese text at column 18: use ；"),
    ("article_ascii_in_faq_answer", 9, "ASCII ',' next to Chinese text"),
    ("article_refused_term", 10, "refused term '买家': the glossary uses '买方'"),
    ("article_refused_term_in_title", 2, "refused term '营运资本': the glossary uses '营运资金'"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(FIXTURES / "glossary.yaml")


@pytest.mark.parametrize(("case", "line", "problem"), CASES, ids=[c[0] for c in CASES])
def test_one_problem_named_with_file_and_line(glossary, case, line, problem):
    path = FIXTURES / f"{case}.md"

    (found,) = check_file(path, glossary)

    assert found.path == path.as_posix()
    assert found.line == line
    assert problem in found.problem
    assert str(found) == f"{path.as_posix()}:{line}: {found.problem}"
    assert "\n" not in str(found)


def test_parentheses_are_reported_each(glossary):
    found = check_file(FIXTURES / "article_ascii_parentheses.md", glossary)

    assert [(p.line, p.problem[:9]) for p in found] == [(8, "ASCII '('"), (8, "ASCII ')'")]
    assert "use （" in found[0].problem and "use ）" in found[1].problem


def test_quotes_suggest_chinese_quotes(glossary):
    found = check_file(FIXTURES / "article_ascii_quotes.md", glossary)

    assert [p.line for p in found] == [8, 8]
    assert all("use “ or ”" in p.problem for p in found)


def test_clean_file_has_no_problems(glossary):
    # Front-matter keys ("a: 是的"), YAML quotes, a flow list of tags, a numbered list
    # ("1. **它是谁？**") and a formula with numbers are not prose punctuation.
    assert check_file(FIXTURES / "article_clean.md", glossary) == []


def test_code_urls_links_and_formulas_keep_ascii(glossary):
    assert check_file(FIXTURES / "article_exempt_code_and_formulas.md", glossary) == []


def test_tree_checks_articles_faq_and_pages_in_order():
    found = [str(p) for p in check_tree(FIXTURES / "tree")]

    tree = (FIXTURES / "tree").as_posix()
    assert found == [
        f"{tree}/articles/ascii-comma.md:8: ASCII ',' next to Chinese text at column 9: use ，",
        f"{tree}/faq/topic.md:7: refused term '买家': the glossary uses '买方'",
        f"{tree}/faq/topic.md:7: ASCII '?' next to Chinese text at column 16: use ？",
    ]


BAD_GLOSSARIES = [
    ("glossary_variant_in_preferred", "variant 'DSO' is part of the preferred term"),
    ("glossary_duplicate_variant", "variant '买家' is already listed under '买方'"),
    ("glossary_not_a_mapping", "must map each preferred term to a list of variants"),
    ("glossary_no_variants", "needs a list of refused variants"),
    ("glossary_bad_yaml", "invalid YAML"),
]


@pytest.mark.parametrize(("case", "problem"), BAD_GLOSSARIES, ids=[c[0] for c in BAD_GLOSSARIES])
def test_bad_glossary_is_one_line_error(case, problem):
    path = FIXTURES / f"{case}.yaml"

    with pytest.raises(ContentError) as info:
        load_glossary(path)

    assert info.value.path == path.as_posix()
    assert problem in info.value.problem
    assert "\n" not in str(info.value)


def test_missing_glossary_is_an_error(tmp_path):
    with pytest.raises(ContentError, match="file not found"):
        check_tree(tmp_path)


def test_shipped_glossary_names_the_agreed_terms():
    refused = load_glossary(CONTENT / "glossary.yaml").refused

    assert refused["买家"] == "买方"
    assert refused["营运资本"] == "营运资金"
    assert refused["赔付比例"] == "赔偿比例"
    assert refused["最佳可能 DSO"] == "最佳 DSO"
    assert refused["回款效率指数"] == "回款有效性指数（CEI）"
    assert refused["你"] == "您"


def test_shipped_content_passes_both_rules():
    problems = check_tree(CONTENT)

    assert not problems, "\n".join(map(str, problems[:30]))

"""Every broken file stops the load with one line naming file, field and problem."""

from pathlib import Path

import pytest

from creditdesk.content import ContentError, load_library

FIXTURES = Path(__file__).parent / "fixtures"

CASES = [
    # (fixture folder, field, words the problem must contain)
    ("article_bad_yaml", "front matter", "invalid YAML at line 6"),
    ("article_no_front_matter", "front matter", "must start with a '---' line"),
    ("article_unclosed_front_matter", "front matter", "not closed"),
    ("article_missing_title", "title", "missing (required)"),
    ("article_missing_slug", "slug", "missing (required)"),
    ("article_missing_date", "date", "missing (required)"),
    ("article_missing_summary", "summary", "missing (required)"),
    ("article_missing_category", "category", "missing (required)"),
    ("article_invalid_date", "date", "'2026-13-01' is not a valid date (YYYY-MM-DD)"),
    ("article_date_with_time", "date", "'2026-06-01 09:30' is not a valid date"),
    ("article_updated_before_date", "updated", "2026-05-01 is before date 2026-06-01"),
    ("article_bad_slug", "slug", "'Bad Slug' is not a valid slug"),
    ("article_title_not_text", "title", "must be text, got a number"),
    ("article_tags_not_a_list", "tags", "must be a list of text, got text"),
    ("article_draft_not_bool", "draft", "must be true or false"),
    ("article_unknown_field", "author", "unknown field"),
    ("article_duplicate_key", "front matter", "duplicate key 'title'"),
    ("article_bad_faq_item", "faq", "item 2 is missing 'a'"),
    ("article_faq_not_a_list", "faq", "must be a list of {q: ..., a: ...} items"),
    ("faq_topic_without_entries", "faq", "needs at least one"),
    ("faq_topic_order_not_int", "order", "must be a whole number, got text"),
    ("page_version_not_text", "version", "must be text, got a number"),
]


@pytest.mark.parametrize(("case", "field", "problem"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_names_file_field_and_problem(case, field, problem):
    root = FIXTURES / case
    (broken,) = root.glob(f"*/{case}.md")

    with pytest.raises(ContentError) as info:
        load_library(root)

    err = info.value
    message = str(err)
    assert "\n" not in message
    assert err.path == broken.as_posix()
    assert err.field == field
    assert problem in err.problem
    assert message == f"{broken.as_posix()}: {field}: {err.problem}"


def test_duplicate_slug_names_both_files():
    root = FIXTURES / "article_duplicate_slug"

    with pytest.raises(ContentError) as info:
        load_library(root)

    assert info.value.path.endswith("articles/article_duplicate_slug.md")
    assert info.value.field == "slug"
    assert "'same-slug'" in info.value.problem
    assert "articles/a_first.md" in info.value.problem


def test_missing_content_folder_is_an_error(tmp_path):
    with pytest.raises(ContentError) as info:
        load_library(tmp_path / "nowhere")

    assert "directory not found" in str(info.value)


def test_every_error_case_has_a_fixture():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"library"}
    assert folders == {case for case, _, _ in CASES} | {"article_duplicate_slug"}

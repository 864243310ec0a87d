"""Search: Chinese and English terms, ranking, plain-text highlight segments."""

import datetime

import pytest

JULY = datetime.date(2026, 7, 15)


@pytest.fixture
def view(library):
    return library.view(JULY)


def slugs(hits):
    return [h.article.slug for h in hits]


def marked(segments):
    return [text for text, is_match in segments if is_match]


def joined(segments):
    return "".join(text for text, _ in segments)


def test_two_character_chinese_word(view):
    hits = view.search("坏账")

    assert slugs(hits) == ["bad-debt-basics", "dso-guide", "write-offs"]
    assert marked(hits[0].title_segments) == ["坏账"]


def test_chinese_word_inside_longer_words(view):
    assert set(slugs(view.search("信用"))) == {
        "bad-debt-basics",
        "credit-limits",
        "credit-policy",
        "write-offs",
    }


def test_drafts_and_future_articles_are_not_found(view):
    found = slugs(view.search("坏账"))

    assert "draft-note" not in found
    assert "future-post" not in found


def test_english_word_case_insensitive(view):
    lower, upper, mixed = view.search("dso"), view.search("DSO"), view.search("DsO")

    assert slugs(lower) == slugs(upper) == slugs(mixed) == ["dso-guide", "bad-debt-basics"]
    # Segments keep the text as written, not as typed.
    assert marked(lower[0].title_segments) == ["DSO"]
    assert set(marked(lower[1].snippet_segments)) == {"DSO"}


def test_title_match_ranks_before_many_body_matches(view):
    hits = view.search("DSO")

    assert hits[0].article.slug == "dso-guide"
    assert hits[0].score > hits[1].score


def test_equal_scores_newest_first_then_slug(view):
    hits = view.search("collections")

    assert slugs(hits) == ["credit-limits", "dso-guide", "collections"]
    assert hits[0].score == hits[1].score == hits[2].score


def test_every_term_must_match(view):
    assert slugs(view.search("坏账 DSO")) == ["dso-guide", "bad-debt-basics"]
    assert slugs(view.search("信用 核销")) == ["write-offs"]
    assert slugs(view.search("坏账\u3000核销")) == ["write-offs"]  # ideographic space


def test_faq_text_is_searched(view):
    assert slugs(view.search("追回")) == ["bad-debt-basics"]


def test_no_hit(view):
    assert view.search("保理融资") == ()


@pytest.mark.parametrize("query", ["", "   ", "\n\t", None])
def test_empty_query(view, query):
    assert view.search(query) == ()


def test_long_query_uses_first_200_characters(view):
    query = ("坏账" + " " * 198 + "nomatch" * 50)[:500]  # only 坏账 is in the first 200

    assert len(query) == 500
    assert slugs(view.search(query)) == ["bad-debt-basics", "dso-guide", "write-offs"]
    assert view.search("x" * 500) == ()


def test_limit(view):
    assert len(view.search("坏账", limit=2)) == 2
    assert view.search("坏账", limit=0) == ()


def test_snippet_is_body_text_around_the_match(view):
    (hit,) = view.search("较低")
    body = " ".join(hit.article.text.split())
    text = joined(hit.snippet_segments).strip("…")

    assert text in body
    assert len(text) <= 120
    assert marked(hit.snippet_segments) == ["较低"]


def test_snippet_marks_every_term(view):
    hit = view.search("DSO 坏账")[1]

    assert hit.article.slug == "bad-debt-basics"
    assert set(marked(hit.snippet_segments)) == {"DSO", "坏账"}


def test_snippet_falls_back_to_summary(view):
    (hit,) = view.search("什么时候")

    assert hit.article.slug == "write-offs"
    assert joined(hit.snippet_segments) == "什么时候核销。"
    assert marked(hit.snippet_segments) == ["什么时候"]


def test_segments_are_plain_text_for_the_template_to_escape(view):
    (hit,) = view.search("<5%")

    assert "<5%" in marked(hit.snippet_segments)
    assert "A&B" in joined(hit.snippet_segments)
    assert "&lt;" not in joined(hit.snippet_segments)


def test_regex_characters_in_query_are_literal(view):
    assert view.search(".*") == ()
    assert view.search("(DSO)") != ()

"""Loading the happy-path fixture: fields, rendering, toc, reading time."""

import dataclasses
import datetime

import pytest

from creditdesk.content import Article, Heading
from creditdesk.content.render import reading_minutes


def test_article_fields(library):
    article = next(a for a in library.all_articles if a.slug == "bad-debt-basics")

    assert article.title == "坏账是怎样产生的"
    assert article.date == datetime.date(2026, 6, 10)
    assert article.updated is None
    assert article.last_modified == article.date
    assert article.category == "信用风险管理"
    assert article.tags == ("坏账", "信用风险")
    assert article.draft is False
    assert article.source.endswith("fixtures/library/articles/bad-debt-basics.md")
    assert "<strong>越早</strong>" in article.faq[0].answer_html
    assert article.faq[0].answer_text == "有时可以,越早行动越好。"
    assert article.faq[0].question == "坏账能追回吗?"


def test_objects_are_frozen_and_use_tuples(library):
    article = library.all_articles[0]

    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "x"
    assert isinstance(article.tags, tuple)
    assert isinstance(article.faq, tuple)
    assert isinstance(article.toc, tuple)


def test_updated_is_last_modified(library):
    article = next(a for a in library.all_articles if a.slug == "write-offs")

    assert article.last_modified == datetime.date(2026, 6, 1)


def test_body_is_rendered_once_with_text(library):
    article = next(a for a in library.all_articles if a.slug == "bad-debt-basics")

    assert "A&amp;B" in article.html
    assert "&lt;5%" in article.html
    assert "A&B 公司的逾期比例 <5% 时风险较低。" in article.text
    assert "<" not in article.text.replace("<5%", "")


def test_toc_has_h2_h3_with_unique_non_empty_ids(library):
    article = next(a for a in library.all_articles if a.slug == "bad-debt-basics")
    ids = [h.id for h in article.toc]

    assert [h.level for h in article.toc] == [2, 3, 2, 2]
    assert all(ids)
    assert len(set(ids)) == len(ids)
    assert article.toc[0] == Heading(2, "信用风险", "信用风险")
    assert all(f'id="{h.id}"' in article.html for h in article.toc)
    assert "四级标题" not in {h.text for h in article.toc}


def test_faq_topics_sorted_by_order(library):
    topics = library.faq_topics

    assert [t.slug for t in topics] == ["first", "second"]
    assert topics[0].html == "<p>主题介绍。</p>"
    assert topics[1].html == ""
    assert len(topics[0].entries) == 2
    assert library.faq_topic("second") is topics[1]


def test_page(library):
    page = library.page("privacy")

    assert page.version == "2026-11-01"
    assert page.updated == datetime.date(2026, 11, 1)
    assert page.toc[0].text == "我们收集什么"
    assert library.page("nope") is None


def test_all_articles_and_slugs_include_drafts_and_future(library):
    slugs = {a.slug for a in library.all_articles}

    assert {"draft-note", "future-post"} <= slugs
    assert library.slugs == frozenset(slugs)
    assert len(library.all_articles) == 8


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 1),
        ("信" * 400, 1),
        ("信" * 401, 2),
        ("word " * 200, 1),
        ("word " * 201, 2),
        ("信" * 800 + " word" * 200, 3),
    ],
)
def test_reading_minutes(text, minutes):
    assert reading_minutes(text) == minutes


def test_article_reading_minutes_at_least_one(library):
    assert all(isinstance(a, Article) and a.reading_minutes >= 1 for a in library.all_articles)

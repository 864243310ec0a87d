"""A view: what is published on a date, grouped and related."""

import datetime

from creditdesk.content import Term

JULY = datetime.date(2026, 7, 15)


def slugs(articles):
    return [a.slug for a in articles]


def test_drafts_and_future_are_excluded(library):
    view = library.view(JULY)

    assert slugs(view.articles) == [
        "credit-limits",
        "dso-guide",
        "credit-policy",
        "bad-debt-basics",
        "write-offs",
        "collections",
    ]
    assert view.article("draft-note") is None
    assert view.article("future-post") is None
    assert view.article("dso-guide").title == "DSO guide 应收账款"


def test_future_article_appears_on_its_date(library):
    assert library.view(datetime.date(2026, 12, 30)).article("future-post") is None
    assert library.view(datetime.date(2026, 12, 31)).article("future-post") is not None


def test_view_is_memoised_per_date(library):
    assert library.view(JULY) is library.view(JULY)
    assert library.view(datetime.datetime(2026, 7, 15, 9, 0)) is library.view(JULY)


def test_categories_and_tags_counted_on_published_only(library):
    view = library.view(JULY)

    assert view.categories == (Term("信用风险管理", 3), Term("应收账款管理", 2), Term("会计", 1))
    assert view.tags == (
        Term("信用风险", 3),
        Term("坏账", 3),
        Term("应收账款", 2),
        Term("DSO", 1),
        Term("信用额度", 1),
        Term("政策", 1),
        Term("逾期", 1),
    )
    assert slugs(view.with_tag("坏账")) == ["dso-guide", "bad-debt-basics", "write-offs"]
    assert slugs(view.in_category("应收账款管理")) == ["dso-guide", "collections"]
    assert view.with_tag("nothing") == ()
    assert view.in_category("nothing") == ()


def test_related_share_a_tag_or_the_category_newest_first(library):
    view = library.view(JULY)
    article = view.article("bad-debt-basics")

    assert slugs(view.related(article)) == [
        "credit-limits",  # 07-01, one shared tag, same category
        "dso-guide",  # 07-01, one shared tag, other category
        "credit-policy",  # 06-20, same category only
        "write-offs",  # 05-15, two shared tags, other category
    ]
    assert slugs(view.related(article, limit=2)) == ["credit-limits", "dso-guide"]
    # collections shares neither a tag nor the category.
    assert "collections" not in slugs(view.related(article, limit=10))


def test_related_never_includes_unpublished(library):
    view = library.view(JULY)
    related = view.related(view.article("write-offs"), limit=10)

    assert "draft-note" not in slugs(related)
    assert "future-post" not in slugs(related)
    assert "write-offs" not in slugs(related)

"""Openings of articles and chart labels: cut at character boundaries, by display width."""

import pytest

from creditdesk.admin.chart_labels import columns, fit_label
from creditdesk.public.reading import opening


def test_short_text_is_kept_whole_with_whitespace_folded():
    assert opening("  应收账款\n\n管理  ") == "应收账款 管理"
    assert opening("") == ""
    assert opening(None) == ""


def test_long_text_is_cut_to_about_80_characters_with_an_ellipsis():
    text = "信用风险管理" * 30
    cut = opening(text)
    assert cut.endswith("…")
    assert len(cut) == 81 and text.startswith(cut[:-1])


def test_cut_never_separates_combining_marks_or_emoji_sequences():
    text = "a" * 79 + "e\u0301" + "b" * 20
    cut = opening(text)
    assert "\u0301" not in cut[-2:] or cut[-3:-1] == "e\u0301"
    assert not cut[:-1].endswith("e")  # the base is not left without its accent
    family = "x" * 78 + "\U0001f468\u200d\U0001f469" + "y" * 10
    cut = opening(family)
    assert not cut[:-1].endswith("\u200d")
    assert cut[:-1] in family


def test_cut_drops_trailing_punctuation_before_the_ellipsis():
    text = "甲" * 79 + "，" + "乙" * 10
    assert opening(text) == "甲" * 79 + "…"


@pytest.mark.parametrize("label, width, expected", [
    ("Home", 24, "Home"),
    ("应收账款管理", 24, "应收账款管理"),
    ("什么是信用保障,企业如何管理信用风险", 24, "什么是信用保障,企业如何…"),
    ("a" * 30, 24, "a" * 23 + "…"),
])
def test_fit_label(label, width, expected):
    assert fit_label(label, width) == expected
    assert columns(fit_label(label, width)) <= width


def test_body_text_takes_paragraphs_not_headings_or_tables():
    from creditdesk.public.reading import body_text

    html = ("<h2>标题</h2><p>第一段 <strong>重点</strong> &amp; 说明。</p>"
            "<table><tr><td>表</td></tr></table><ul><li>列表</li></ul><p class=\"x\">第二段。</p>")
    assert body_text(html) == "第一段 重点 & 说明。 第二段。"
    assert body_text("") == ""

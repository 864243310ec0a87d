"""Text normalisation of the consultation form: NFC, trimmed, hidden characters refused."""

import unicodedata

import pytest

from creditdesk.shared import TextError, clean_loose, clean_text


def test_nfc_and_trim():
    decomposed = "  Jose\u0301\u3000\n"
    assert clean_text(decomposed.replace("\n", ""), max_length=50) == "José"
    assert unicodedata.is_normalized("NFC", clean_text("e\u0301", max_length=5))


def test_emoji_kept_and_counted_in_code_points():
    family = "👨‍👩‍👧"  # 5 code points joined by ZWJ (a format character that is kept)
    assert clean_text(f"Hello {family} 🚀", max_length=50) == f"Hello {family} 🚀"
    assert clean_text("🚀" * 50, max_length=50) == "🚀" * 50
    with pytest.raises(TextError) as info:
        clean_text("🚀" * 51, max_length=50)
    assert info.value.code == "too_long"
    assert info.value.params == {"max": 50, "length": 51}


def test_empty_and_none_are_empty():
    assert clean_text(None, max_length=5) == ""
    assert clean_text("   ", max_length=5, min_length=3) == ""


def test_min_length_after_trimming():
    with pytest.raises(TextError) as info:
        clean_text("   short   ", max_length=100, min_length=10)
    assert info.value.code == "too_short"
    assert clean_text("   exactly10!   ", max_length=100, min_length=10) == "exactly10!"


def test_length_checked_after_normalising():
    # 50 decomposed "é" are 100 code points typed but 50 stored.
    assert len(clean_text("e\u0301" * 50, max_length=50)) == 50


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Zhang\x00San", "control"),
        ("Zhang San\n", "control"),  # single-line fields refuse a trailing newline too
        ("Zhang\tSan", "control"),
        ("a\x1bb", "control"),
        ("a\x7fb", "control"),
        ("a\x85b", "control"),  # C1 next line
        ("\ud800abc", "broken"),
        ("abc\udfff", "broken"),
        ("abc\ufffd", "broken"),
        ("abc\uffff", "broken"),
        ("abc\ufdd0", "broken"),
        ("abc%ED%A0%80", "broken"),  # how Werkzeug hands over an encoded lone surrogate
        ("abc%FF", "broken"),
        ("abc\u202eevil", "bidi"),
        ("abc\u202devil", "bidi"),
        ("abc\u2066x\u2069", "bidi"),
    ],
)
def test_single_line_refusals(value, code):
    with pytest.raises(TextError) as info:
        clean_text(value, max_length=100)
    assert info.value.code == code


def test_multiline_keeps_newlines_and_tabs_and_normalises_crlf():
    text = "Line one\r\nLine two\rLine three\n\tindented"
    assert clean_text(text, max_length=100, multiline=True) == (
        "Line one\nLine two\nLine three\n\tindented"
    )


@pytest.mark.parametrize("bad", ["\x00", "\x0b", "\x0c", "\u202e", "\ud800"])
def test_multiline_still_refuses_other_controls(bad):
    with pytest.raises(TextError):
        clean_text(f"Our buyers pay late{bad}", max_length=100, multiline=True)


def test_markup_and_sql_are_plain_text():
    for value in ("<script>alert(1)</script>", "'; DROP TABLE lead; --", '" OR "1"="1'):
        assert clean_text(value, max_length=100) == value


def test_loose_cleaning_drops_and_cuts_instead_of_refusing():
    assert clean_loose("baidu\x00\u202e", 100) == "baidu"
    assert clean_loose("x" * 300, 100) == "x" * 100
    assert clean_loose("", 10) is None
    assert clean_loose("\x00", 10) is None


def test_percent_signs_that_are_text_are_kept():
    for value in ("增长 50%", "100% 回款", "%E4%B8%AD is how 中 is encoded", "%zz %4"):
        assert clean_text(value, max_length=100) == value

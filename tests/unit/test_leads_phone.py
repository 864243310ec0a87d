"""Phone numbers: every accepted format normalises to E.164; everything else says why."""

import pytest

from creditdesk.leads.phone import PhoneError, normalise_phone
from creditdesk.shared import mask_phone


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("138-0013-8000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),  # full-width digits
        ("＋８６ １３８ ００１３ ８０００", "+8613800138000"),  # full-width plus and digits
        ("138\u30000013\u30008000", "+8613800138000"),  # ideographic spaces
        ("138–0013–8000", "+8613800138000"),  # en dashes
        ("008613800138000", "+8613800138000"),
        ("010-12345678", "+861012345678"),
        ("(010) 1234-5678", "+861012345678"),
        ("0755 1234 5678", "+8675512345678"),
        ("+86 755 1234 5678", "+8675512345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 415 555 2671", "+14155552671"),
        ("  13800138000  ", "+8613800138000"),  # surrounding spaces trimmed
    ],
)
def test_accepted_formats(typed, e164):
    phone = normalise_phone(typed)
    assert phone.e164 == e164
    assert phone.typed == typed.strip()


def test_region_of_an_international_number():
    assert normalise_phone("+44 20 7946 0958").region == "GB"
    assert normalise_phone("13800138000").region == "CN"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        (None, "required"),
        ("13800138000\n", "control"),  # trailing newline
        ("13800138000\r\n", "control"),
        ("138\x0000138000", "control"),  # NUL
        ("138\t0013 8000", "control"),
        ("\ud800" + "13800138000", "broken"),  # lone surrogate
        ("1380013800\ufffd", "broken"),  # bytes that were not UTF-8
        ("\u202e13800138000", "bidi"),  # right-to-left override
        ("١٣٨٠٠١٣٨٠٠٠", "script"),  # Arabic-Indic digits
        ("१३८००१३८०००", "script"),  # Devanagari digits
        ("138 0013 ৮০০০", "script"),  # Bengali digits mixed in
        ("1-800-FLOWERS", "shape"),
        ("13800138000 ext 12", "shape"),
        ("tel:13800138000", "shape"),
        ("138+0013+8000", "shape"),
        ("<script>1</script>", "shape"),
        ("13800138000' OR 1=1 --", "shape"),
        ("12", "too_short"),
        ("12345", "invalid"),  # possible as a short number, not a number sales can call
        ("1380013800", "invalid"),  # a mobile number one digit short
        ("+999 1234 5678", "invalid"),  # no such country code
        ("+", "shape"),
        ("1" * 41, "too_long"),
        ("+1 234", "too_short"),
        ("1380013800012345678", "invalid"),
    ],
)
def test_refused_with_reason(typed, code):
    with pytest.raises(PhoneError) as info:
        normalise_phone(typed)
    assert info.value.code == code


@pytest.mark.parametrize(("e164", "shown"), [
    ("+8613800138000", "138****8000"),
    ("+861012345678", "101****678"),  # four stars, four digits hidden
    ("+447911123456", "+44 791****456"),  # foreign numbers keep their country code
    ("+12025550123", "+1 202****123"),
    ("+85212345678", "+852 12****78"),
    ("+85291234567", "+852 91****67"),
    ("+86123", "*23"),  # short: only the last two digits show
    ("garbage12", "12"),
    ("not a number", "****"),
    ("", ""),
    (None, ""),
])
def test_phones_are_masked_in_the_middle(e164, shown):
    assert mask_phone(e164) == shown

"""Validate and normalise phone numbers: China by default, international with `+`.

Pure functions (no Flask): the form maps each error code to a message. Masking a
stored number for display is creditdesk.shared.mask_phone.
"""

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, ValidationResult

from ..shared import TextError, check_characters

MAX_TYPED = 40  # the width of Lead.phone_raw
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
SHAPE = re.compile(r"\+?[ ()\-.]*[0-9][0-9 ()\-.]*")


class PhoneError(ValueError):
    """A phone number was refused; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Phone:
    e164: str
    typed: str  # what the visitor typed, in NFC and trimmed
    region: str | None


def normalise_phone(raw: str | None, region: str = "CN") -> Phone:
    """Return the number in E.164 with what was typed, or raise PhoneError.

    Codes: required, too_long, control (incl. a trailing newline), broken, bidi,
    script (digits of another script), shape (letters or symbols), too_short, invalid.
    """
    raw = raw or ""
    if not raw.strip():
        raise PhoneError("required")
    if len(raw) > MAX_TYPED:
        raise PhoneError("too_long")
    try:
        check_characters(raw)
    except TextError as err:
        raise PhoneError(err.code) from None
    typed = unicodedata.normalize("NFC", raw).strip()
    # NFKC turns full-width digits, plus signs and spaces into ASCII ones.
    folded = unicodedata.normalize("NFKC", typed).translate(DASHES)
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in folded):
        # phonenumbers would read Arabic-Indic or Devanagari digits; sales cannot dial them.
        raise PhoneError("script")
    if not SHAPE.fullmatch(folded):
        raise PhoneError("shape")
    try:
        number = phonenumbers.parse(folded, region)
    except phonenumbers.NumberParseException:
        raise PhoneError("invalid") from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        raise PhoneError("too_short")
    if reason != ValidationResult.IS_POSSIBLE or not phonenumbers.is_valid_number(number):
        raise PhoneError("invalid")
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        typed=typed,
        region=phonenumbers.region_code_for_number(number),
    )

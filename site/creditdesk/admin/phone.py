"""Masking phone numbers for lists: 138****8000, foreign numbers keep their country code."""

import phonenumbers

MASK = "****"


def mask_phone(e164: str | None) -> str:
    """Hide the middle four digits of the national number (all but two when it is short)."""
    if not e164:
        return ""
    if e164.startswith("+86") and e164[3:].isdigit():  # most leads: skip the parser
        return _mask_digits(e164[3:])
    try:
        number = phonenumbers.parse(e164, None)
        national = phonenumbers.national_significant_number(number)
        country = number.country_code
    except phonenumbers.NumberParseException:
        national, country = "".join(c for c in e164 if c.isdigit()), None
    masked = _mask_digits(national)
    if country is None or country == 86:
        return masked
    return f"+{country} {masked}"


def _mask_digits(digits: str) -> str:
    if len(digits) <= 6:
        return "*" * max(len(digits) - 2, 0) + digits[-2:]
    keep = (len(digits) - 4) // 2
    return digits[:keep] + MASK + digits[keep + 4:]


def phone_digits(text: str) -> str:
    """Return the ASCII digits of a search string, full-width digits included."""
    return "".join(str(int(c)) for c in text if c.isdecimal() and c.isascii()
                   or "０" <= c <= "９")

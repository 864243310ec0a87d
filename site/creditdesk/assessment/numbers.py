"""Parse numbers typed by visitors: full-width digits, thousands separators, ¥."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

DEFAULT_MAX = Decimal("1e15")

# ASCII digits only: after NFKC, digits of other scripts (Arabic-Indic ٣) remain
# and Decimal() would accept them silently.
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|(?=\.[0-9]))(?P<frac>\.[0-9]*)?"
)
_NON_FINITE = {"nan", "snan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_MAX_LENGTH = 64


class NumberError(ValueError):
    """A typed number was refused; `code` names why (see AnswerError codes)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_number(
    text: str,
    *,
    allow_negative: bool = False,
    allow_zero: bool = True,
    integer: bool = False,
    max_value: Decimal = DEFAULT_MAX,
) -> Decimal:
    """Return the Decimal a visitor typed, or raise NumberError(code)."""
    if not isinstance(text, str):
        raise NumberError("not_a_number")
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if cleaned.lower() in _NON_FINITE:
        raise NumberError("not_finite")
    if len(cleaned) > _MAX_LENGTH:
        raise NumberError("not_a_number")
    sign = ""
    if cleaned[:1] in "+-" and cleaned:
        sign, cleaned = cleaned[0], cleaned[1:].lstrip()
    if cleaned.startswith("¥"):  # NFKC has already turned ￥ into ¥
        cleaned = cleaned[1:].lstrip()
    if sign and cleaned[:1] in "+-":
        raise NumberError("not_a_number")
    match = _NUMBER.fullmatch(sign + cleaned)
    if not match or not (match["int"] or match["frac"] not in (None, ".")):
        raise NumberError("not_a_number")
    try:
        value = Decimal(match["sign"] + match["int"].replace(",", "") + (match["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
        raise NumberError("not_a_number") from None
    if value.is_zero():
        value = abs(value)  # "-0" is zero, not a negative number
    return _check_range(value, allow_negative, allow_zero, integer, max_value)


def _check_range(
    value: Decimal, allow_negative: bool, allow_zero: bool, integer: bool, max_value: Decimal
) -> Decimal:
    if value < 0 and not allow_negative:
        raise NumberError("negative_not_allowed")
    if value.is_zero() and not allow_zero:
        raise NumberError("must_be_positive")
    if abs(value) > max_value:
        raise NumberError("too_large", max=max_value)
    if integer and value != value.to_integral_value():
        raise NumberError("not_integer")
    return value

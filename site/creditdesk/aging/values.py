"""Cell values as typed in Chinese and English ledgers: dates and amounts."""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug included)
# Serials a ledger can hold: 1950-01-01 to 2099-12-31. Anything else is a number, not a date.
SERIAL_MIN, SERIAL_MAX = 18264, 73415
CENT = Decimal("0.01")
# Ten trillion yuan: more than any ledger holds, and 20,000 of them still sum exactly.
MAX_AMOUNT = Decimal(10) ** 13

_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"
                  r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# What surrounds an amount in a ledger: currency signs and words, spaces, thousands separators.
_AMOUNT_NOISE = re.compile(r"(?i)[¥$\s,'_]|rmb|cny|元|人民币")
_DASHES = {"-", "—", "–", "−", "--"}


class ValueProblem(ValueError):
    """A value that is not a date or an amount; `code` says which problem."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_date(value) -> date | None:
    """Return the date in a cell (None when empty); raise ValueProblem when unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("bad_date")
    if isinstance(value, int | float):
        return _serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pattern in (_YMD, _CHINESE, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _ymd(*match.groups())
    if _SERIAL.fullmatch(text):
        return _serial(float(text))
    if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", text):
        raise ValueProblem("ambiguous_date")  # 7/9/2025: July or September?
    raise ValueProblem("bad_date")


def _ymd(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueProblem("bad_date") from None


def _serial(number: float) -> date:
    if not SERIAL_MIN <= number <= SERIAL_MAX:
        raise ValueProblem("bad_date")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_amount(value, scale: int = 1) -> Decimal | None:
    """Return the amount in a cell in yuan (None when empty); raise ValueProblem if unreadable.

    `scale` is 10,000 under a 万元 header. Accounting brackets and a leading minus are credit
    notes; a lone dash is zero, as accountants write it.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem("bad_amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueProblem("bad_amount")
        amount = Decimal(repr(value))
    else:
        amount = _amount_text(str(value))
        if amount is None:
            return None
    amount *= scale
    if abs(amount) >= MAX_AMOUNT:
        raise ValueProblem("amount_too_large")
    return amount.quantize(CENT)


def _amount_text(raw: str) -> Decimal | None:
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    if text in _DASHES:
        return Decimal(0)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = _AMOUNT_NOISE.sub("", text.replace("−", "-"))
    if not _NUMBER.fullmatch(text):
        raise ValueProblem("bad_amount")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueProblem("bad_amount") from None
    return -amount if negative else amount

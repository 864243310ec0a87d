"""Error messages for refused answers, calculator inputs and impossible calculations."""

from flask_babel import lazy_gettext as _l

from ..assessment import AnswerError, Text
from ..i18n import language_key


def answer_message(error: AnswerError) -> str:
    """Return the message for one refused answer, naming the question."""
    locale = language_key()
    # The message adds its own full stop after the quote.
    label = (error.label.get(locale) if error.label else "").rstrip("？?")
    params = {
        key: value.get(locale) if isinstance(value, Text) else str(value)
        for key, value in error.params.items()
    }
    return number_message(error.code, label, **params)


def number_message(code: str, label: str, **params: str) -> str:
    """Return the message for an error code (AnswerError or NumberError)."""
    template = _NUMBER_MESSAGES.get(code, _CHECK)
    return str(template) % {**_DEFAULT_PARAMS, **params, "label": label}


_CHECK = _l("Please check “%(label)s”.")
_DEFAULT_PARAMS = {"max": "1,000,000,000,000,000", "option": ""}
_NUMBER_MESSAGES = {
    "required": _l("Please answer “%(label)s”."),
    "missing": _l("Please fill in “%(label)s”."),
    "invalid_choice": _l("Please choose one of the options for “%(label)s”."),
    "not_a_number": _l("Enter a number for “%(label)s”, e.g. 1,000,000."),
    "not_finite": _l("Enter a real number for “%(label)s”."),
    "must_be_positive": _l("“%(label)s” must be greater than 0."),
    "negative_not_allowed": _l("“%(label)s” cannot be negative."),
    "too_large": _l("“%(label)s” cannot be more than %(max)s."),
    "too_small": _l("“%(label)s” cannot be less than %(min)s."),
    "not_integer": _l("Enter a whole number for “%(label)s”."),
    "none_with_others": _l("“%(label)s”: “%(option)s” cannot be combined with other choices."),
    "total_assets_not_positive": _l(
        "“%(label)s” plus total liabilities (total assets) must be greater than 0."
    ),
}


def calculation_message(code: str) -> str:
    """Return why a calculation cannot be done with these figures."""
    return str(_CALCULATION_MESSAGES.get(code, _NOT_CALCULABLE))


_NOT_CALCULABLE = _l("These figures do not allow the calculation.")
_CALCULATION_MESSAGES = {
    "zero_credit_sales": _l(
        "Credit sales are 0, and DSO divides by them: enter the credit sales of the period."
    ),
    "zero_days": _l("The period must have at least one day."),
    "current_above_total": _l(
        "The part not yet due cannot be more than the receivables in total."
    ),
    "nothing_collectible": _l(
        "Opening receivables plus credit sales minus the closing part not yet due is 0 or "
        "less: nothing was collectible in the period, so CEI cannot be calculated."
    ),
    "zero_current_liabilities": _l(
        "Current liabilities are 0, and every ratio divides by them: they cannot be "
        "calculated."
    ),
    "parts_above_current_assets": _l(
        "Cash, inventories and prepayments together cannot exceed current assets."
    ),
    "zero_total_liabilities": _l(
        "Total liabilities are 0, and Z″ divides book equity by them: it cannot be "
        "calculated."
    ),
    "total_assets_not_positive": _l(
        "Book equity plus total liabilities (total assets) must be greater than 0."
    ),
}

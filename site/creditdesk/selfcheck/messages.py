"""Error messages for refused answers and calculator inputs, in the visitor's language."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..assessment import AnswerError, Text


def answer_message(error: AnswerError) -> str:
    """Return the message for one refused answer, naming the question."""
    locale = get_locale()
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

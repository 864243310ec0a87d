"""Error messages for refused answers and calculator inputs, in the visitor's language."""

from flask_babel import get_locale
from flask_babel import gettext as _

from ..assessment import AnswerError, Text


def answer_message(error: AnswerError, label: str | None = None) -> str:
    """Return the message for one refused answer, naming the question."""
    locale = get_locale()
    label = label if label is not None else (error.label.get(locale) if error.label else "")
    label = label.rstrip("？?")  # the message adds its own full stop after the quote
    params = {
        key: value.get(locale) if isinstance(value, Text) else str(value)
        for key, value in error.params.items()
    }
    return number_message(error.code, label, **params)


def number_message(code: str, label: str, **params: str) -> str:
    """Return the message for an error code (AnswerError or NumberError)."""
    match code:
        case "required":
            return _("Please answer “%(label)s”.", label=label)
        case "missing":
            return _("Please fill in “%(label)s”.", label=label)
        case "invalid_choice":
            return _("Please choose one of the options for “%(label)s”.", label=label)
        case "not_a_number":
            return _("Enter a number for “%(label)s”, e.g. 1,000,000.", label=label)
        case "not_finite":
            return _("Enter a real number for “%(label)s”.", label=label)
        case "must_be_positive":
            return _("“%(label)s” must be greater than 0.", label=label)
        case "negative_not_allowed":
            return _("“%(label)s” cannot be negative.", label=label)
        case "too_large":
            return _(
                "“%(label)s” cannot be more than %(max)s.",
                label=label, max=params.get("max", "1,000,000,000,000,000"),
            )
        case "too_small":
            return _("“%(label)s” cannot be less than %(min)s.", label=label, min=params["min"])
        case "not_integer":
            return _("Enter a whole number for “%(label)s”.", label=label)
        case "none_with_others":
            return _(
                "“%(label)s”: “%(option)s” cannot be combined with other choices.",
                label=label, option=params.get("option", ""),
            )
        case "total_assets_not_positive":
            return _(
                "“%(label)s” plus total liabilities (total assets) must be greater than 0.",
                label=label,
            )
    return _("Please check “%(label)s”.", label=label)

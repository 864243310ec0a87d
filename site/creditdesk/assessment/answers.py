"""Turn submitted form values into typed answers, with an error code per bad field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .definition import MULTIPLE, NUMBER, SINGLE, Z2_FIGURES, Definition, Question
from .numbers import DEFAULT_MAX, NumberError, parse_number
from .text import Text

Answer = str | tuple[str, ...] | Decimal | None
UNKNOWN = "unknown"  # the value a number question with unknown_allowed accepts
BOOK_EQUITY, TOTAL_LIABILITIES = Z2_FIGURES[3], Z2_FIGURES[4]

_MESSAGES = {
    "required": ("请回答“{label}”。", "Please answer “{label}”."),
    "invalid_choice": (
        "“{label}”的选项无效，请重新选择。",
        "Please choose one of the options for “{label}”.",
    ),
    "not_a_number": (
        "“{label}”请填写数字，例如 1,000,000。",
        "Enter a number for “{label}”, e.g. 1,000,000.",
    ),
    "not_finite": ("“{label}”请填写有效的数字。", "Enter a real number for “{label}”."),
    "must_be_positive": ("“{label}”必须大于 0。", "“{label}” must be greater than 0."),
    "negative_not_allowed": ("“{label}”不能为负数。", "“{label}” cannot be negative."),
    "too_large": ("“{label}”不能大于 {max}。", "“{label}” cannot be more than {max}."),
    "too_small": ("“{label}”不能小于 {min}。", "“{label}” cannot be less than {min}."),
    "not_integer": ("“{label}”请填写整数。", "Enter a whole number for “{label}”."),
    "none_with_others": (
        "“{label}”：选择“{option}”时不能再选其他项。",
        "“{label}”: “{option}” cannot be combined with other choices.",
    ),
    "total_assets_not_positive": (
        "“{label}”与负债合计之和（总资产）必须大于 0。",
        "“{label}” plus total liabilities (total assets) must be greater than 0.",
    ),
}


@dataclass(frozen=True)
class AnswerError:
    """Why one answer was refused: a `code` the web layer translates, and its `params`."""

    code: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    label: Text | None = None  # the question's label, for message()

    def message(self, locale: object) -> str:
        """Return a default message in zh or en that names the question."""
        zh, en = _MESSAGES.get(self.code, ("“{label}”填写有误。", "Please check “{label}”."))
        template = Text(zh, en).get(locale)
        label = self.label.get(locale) if self.label else ""
        params = {k: (v.get(locale) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return template.format(label=label, **params)


class AnswerErrors(dict[str, AnswerError]):
    """Errors by question id, in question order."""

    def messages(self, locale: object) -> dict[str, str]:
        return {qid: error.message(locale) for qid, error in self.items()}


class _Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def parse_answers(
    definition: Definition,
    raw: Mapping[str, Any],
    *,
    only: Iterable[str] | None = None,
) -> tuple[dict[str, Answer], AnswerErrors]:
    """Return (answers, errors) for the visible questions, or for those in `only` (one step).

    Visibility is decided from the answers parsed so far, so `raw` should also hold the
    earlier steps' values when a question depends on one of them. Hidden questions are
    dropped, whatever was sent for them.
    """
    wanted = None if only is None else set(only)
    for qid in wanted or ():
        definition.question(qid)  # KeyError for an id that is not in the definition
    parsed: dict[str, Answer] = {}
    answers: dict[str, Answer] = {}
    errors = AnswerErrors()
    for question in definition.questions:
        if not question.visible(parsed):
            continue
        try:
            value = _parse_one(question, _values(raw, question.id))
            if question.id == BOOK_EQUITY:
                _check_total_assets(value, raw)
        except _Refused as refused:
            if wanted is None or question.id in wanted:
                errors[question.id] = AnswerError(
                    refused.code, MappingProxyType(refused.params), question.label
                )
            continue
        parsed[question.id] = value
        if wanted is None or question.id in wanted:
            answers[question.id] = value
    return answers, errors


def _values(raw: Mapping[str, Any], question_id: str) -> list[str]:
    if hasattr(raw, "getlist"):  # werkzeug MultiDict: request.form
        values = raw.getlist(question_id)
    else:
        value = raw.get(question_id)
        values = (
            [] if value is None else list(value) if isinstance(value, (list, tuple)) else [value]
        )
    values = [_as_text(v) for v in values]
    return [v for v in values if v.strip()]


def _as_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):  # YAML/JSON true is not the option "yes"
        raise _Refused("invalid_choice")
    return str(value)


def _parse_one(question: Question, values: list[str]) -> Answer:
    if question.type == SINGLE:
        if not values:
            raise _Refused("required")
        if len(set(values)) > 1 or question.option(values[0]) is None:
            raise _Refused("invalid_choice")
        return values[0]
    if question.type == MULTIPLE:
        return _parse_multiple(question, values)
    assert question.type == NUMBER
    return _parse_number(question, values)


def _parse_multiple(question: Question, values: list[str]) -> tuple[str, ...]:
    if not values:
        raise _Refused("required")
    if any(question.option(v) is None for v in values):
        raise _Refused("invalid_choice")
    chosen = tuple(o for o in question.options if o.value in values)
    exclusive = [o for o in chosen if o.exclusive]
    if exclusive and len(chosen) > 1:
        raise _Refused("none_with_others", option=exclusive[0].label)
    return tuple(o.value for o in chosen)


def _parse_number(question: Question, values: list[str]) -> Decimal | None:
    if not values:
        if question.required:
            raise _Refused("required")
        return None
    if len(values) > 1:
        raise _Refused("not_a_number")
    text = values[0]
    if question.unknown_allowed and text.strip().lower() == UNKNOWN:
        return None
    max_value = DEFAULT_MAX if question.max is None else min(question.max, DEFAULT_MAX)
    try:
        value = parse_number(
            text,
            allow_negative=question.allow_negative,
            allow_zero=question.allow_zero,
            integer=question.integer,
            max_value=max_value,
        )
    except NumberError as exc:
        if exc.code == "too_large":
            raise _Refused("too_large", max=_fmt(max_value)) from None
        raise _Refused(exc.code) from None
    if question.min is not None and value < question.min:
        raise _Refused("too_small", min=_fmt(question.min))
    return value.to_integral_value() if question.integer else value


def _check_total_assets(book_equity: Answer, raw: Mapping[str, Any]) -> None:
    """Total assets = book equity + total liabilities must be > 0 for Altman Z''."""
    liabilities = _values(raw, TOTAL_LIABILITIES)
    try:
        total = parse_number(liabilities[0], allow_zero=False) if len(liabilities) == 1 else None
    except NumberError:
        total = None  # total_liabilities gets its own error
    if isinstance(book_equity, Decimal) and total is not None and book_equity + total <= 0:
        raise _Refused("total_assets_not_positive")


def _fmt(value: Decimal) -> str:
    return f"{value:,f}"


def answers_to_json(answers: Mapping[str, Answer]) -> dict[str, str | list[str] | None]:
    """Return answers as JSON values: numbers as exact decimal strings, choices as lists."""
    out: dict[str, str | list[str] | None] = {}
    for qid, value in answers.items():
        if isinstance(value, Decimal):
            out[qid] = format(value, "f")
        elif isinstance(value, (tuple, list)):
            out[qid] = [str(v) for v in value]
        else:
            out[qid] = value
    return out


def answers_from_json(definition: Definition, data: Mapping[str, Any]) -> dict[str, Answer]:
    """Return typed answers from answers_to_json() output; ValueError if they do not fit."""
    answers, errors = parse_answers(definition, data)
    if errors:
        raise ValueError(_describe(errors))
    return answers


def _describe(errors: AnswerErrors) -> str:
    return "invalid answers: " + ", ".join(f"{qid}: {e.code}" for qid, e in errors.items())

"""What a step page shows: each question with its options, value, error and condition."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..assessment import AnswerErrors, Condition, Definition, Question, Section
from ..assessment.definition import MULTIPLE, NUMBER
from ..i18n import language_key
from .messages import answer_message
from .wizard import Raw


@dataclass(frozen=True)
class OptionView:
    value: str
    label: str
    checked: bool
    input_id: str


@dataclass(frozen=True)
class QuestionView:
    id: str
    type: str
    label: str
    help: str | None
    unit: str | None
    options: tuple[OptionView, ...]
    value: str  # what was typed, for a number question
    error: str | None
    visible: bool
    condition: str | None  # JSON for selfcheck.js: [{"q": id, "v": [values]}, ...]
    inputmode: str | None

    @property
    def anchor(self) -> str:
        """Return the id of the first input, the target of the error summary's link."""
        return self.options[0].input_id if self.options else f"f-{self.id}"

    @property
    def is_number(self) -> bool:
        return self.type == NUMBER

    @property
    def is_multiple(self) -> bool:
        return self.type == MULTIPLE


def step_questions(
    definition: Definition,
    section: Section,
    raw: Raw,
    visible: frozenset[str],
    errors: AnswerErrors | None = None,
) -> list[QuestionView]:
    """Return the views of a step's questions, hidden ones included (for JavaScript)."""
    locale = language_key()
    errors = errors or AnswerErrors()
    views = []
    for qid in section.question_ids:
        question = definition.question(qid)
        values = raw.get(qid, [])
        error = errors.get(qid)
        views.append(
            QuestionView(
                id=qid,
                type=question.type,
                label=question.label.get(locale),
                help=question.help.get(locale) if question.help else None,
                unit=question.unit.get(locale) if question.unit else None,
                options=tuple(
                    OptionView(o.value, o.label.get(locale), o.value in values, f"f-{qid}-{i}")
                    for i, o in enumerate(question.options)
                ),
                value=values[0] if values and question.type == NUMBER else "",
                error=answer_message(error) if error else None,
                visible=qid in visible,
                condition=_condition_json(question.show_if),
                inputmode=_inputmode(question),
            )
        )
    return views


def _condition_json(condition: Condition | None) -> str | None:
    chain = []
    while condition is not None:
        chain.append({"q": condition.question, "v": list(condition.values)})
        condition = condition.parent
    return json.dumps(chain) if chain else None


def _inputmode(question: Question) -> str | None:
    if question.type != NUMBER or question.allow_negative:
        return None  # phone number pads have no minus key
    return "numeric" if question.integer else "decimal"

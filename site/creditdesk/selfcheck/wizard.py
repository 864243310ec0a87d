"""The questionnaire in steps: answers in progress kept in the session, per-step checks.

The session cookie is signed, not encrypted, and must stay small: it holds the raw strings
the visitor typed (capped), never parsed objects; every step parses them again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import session
from werkzeug.datastructures import MultiDict

from ..assessment import AnswerErrors, Definition, Section, parse_answers
from ..assessment.definition import MULTIPLE

SESSION_KEY = "selfcheck"
# Longer text is no number anyway (parse_number refuses > 64 characters); the cap keeps
# a tampered POST from growing the cookie past what browsers store.
MAX_VALUE_LENGTH = 80
QUESTION_MARKER = "_q"  # hidden input naming each question the page showed

Raw = dict[str, list[str]]


@dataclass
class Progress:
    """One visitor's answers so far, as typed, for one definition."""

    definition: Definition
    answers: Raw = field(default_factory=dict)
    run: str = field(default_factory=lambda: secrets.token_urlsafe(6))

    @property
    def started(self) -> bool:
        return bool(self.answers)

    def save(self) -> None:
        session[SESSION_KEY] = {
            "d": self.definition.id,
            "v": self.definition.version,
            "r": self.run,
            "a": {qid: _compact(self.definition, qid, v) for qid, v in self.answers.items()},
        }

    def first_incomplete(self) -> int | None:
        """Return the number (1-based) of the first step whose answers do not pass."""
        for number, section in enumerate(self.definition.sections, 1):
            _, errors = parse_answers(self.definition, self.answers, only=section.question_ids)
            if errors:
                return number
        return None


def load_progress(definition: Definition) -> Progress:
    """Return the session's progress; a foreign or damaged value starts afresh."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("d") != definition.id:
        return Progress(definition)
    stored = data.get("a") if isinstance(data.get("a"), dict) else {}
    answers = {
        qid: clean_values(definition, qid, value)
        for qid, value in stored.items()
        if isinstance(qid, str) and definition.has_question(qid)
    }
    run = data.get("r") if isinstance(data.get("r"), str) and len(data["r"]) <= 16 else None
    return Progress(definition, answers, run or secrets.token_urlsafe(6))


def clear_progress() -> None:
    session.pop(SESSION_KEY, None)


def clean_values(definition: Definition, qid: str, value: object) -> list[str]:
    """Return what was sent for one question as a short list of capped strings."""
    values = value if isinstance(value, list) else [value]
    strings = [v[:MAX_VALUE_LENGTH] for v in values if isinstance(v, str) and v.strip()]
    question = definition.question(qid)
    limit = max(len(question.options), 1) if question.type == MULTIPLE else 1
    return strings[:limit]


def _compact(definition: Definition, qid: str, values: list[str]) -> str | list[str]:
    if definition.question(qid).type == MULTIPLE:
        return values
    return values[0] if values else ""


def section_of_step(definition: Definition, number: int) -> Section | None:
    """Return the section shown as step `number` (1-based), None when out of range."""
    if 1 <= number <= len(definition.sections):
        return definition.sections[number - 1]
    return None


@dataclass(frozen=True)
class StepCheck:
    """The outcome of one submitted step."""

    raw: Raw  # every step's values, this step's from the form
    errors: AnswerErrors
    newly_shown: frozenset[str]  # conditional questions the page had not shown yet
    visible: frozenset[str]  # questions of this step that apply


def take_step(progress: Progress, section: Section, form: MultiDict) -> StepCheck:
    """Merge a step's form into the progress and check it.

    A conditional question the visitor has not seen yet (no JavaScript: it appears only
    after the answer it depends on was sent) is not an error; the step is shown again
    with it, keeping what was typed for it before.
    """
    definition = progress.definition
    shown = set(form.getlist(QUESTION_MARKER))
    raw = dict(progress.answers)
    for qid in section.question_ids:
        if qid in shown or definition.question(qid).show_if is None:
            raw[qid] = clean_values(definition, qid, form.getlist(qid))
    progress.answers = {qid: v for qid, v in raw.items() if v}
    visible = visible_questions(definition, section, progress.answers)
    newly_shown = frozenset(
        qid for qid in visible if definition.question(qid).show_if and qid not in shown
    )
    _, errors = parse_answers(definition, progress.answers, only=section.question_ids)
    for qid in newly_shown:
        errors.pop(qid, None)
    return StepCheck(progress.answers, errors, newly_shown, visible)


def visible_questions(definition: Definition, section: Section, raw: Raw) -> frozenset[str]:
    """Return the ids of the section's questions that apply, given the answers so far."""
    parsed, _ = parse_answers(definition, raw)
    # parse_answers drops invalid answers; visibility follows the valid ones, as scoring does.
    return frozenset(
        qid for qid in section.question_ids if definition.question(qid).visible(parsed)
    )

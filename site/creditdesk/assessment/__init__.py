"""Credit-risk questionnaire: definitions as data, answer parsing, pure scoring. No Flask.

definition = load_definition(path, known_articles=frozenset(slugs))
answers, errors = parse_answers(definition, request_form, only=step.question_ids)
result = score(definition, answers)
"""

from .altman import altman_z2, z2_zone
from .answers import AnswerError, AnswerErrors, answers_from_json, answers_to_json, parse_answers
from .definition import Band, Condition, Definition, Factor, Option, Question, Section, Terms
from .limit import LimitResult
from .loader import DefinitionError, load_definition
from .numbers import NumberError, parse_number
from .result import FactorResult, OverrideFired, Result
from .scoring import score
from .text import Text

__all__ = [
    "AnswerError",
    "AnswerErrors",
    "Band",
    "Condition",
    "Definition",
    "DefinitionError",
    "Factor",
    "FactorResult",
    "LimitResult",
    "NumberError",
    "Option",
    "OverrideFired",
    "Question",
    "Result",
    "Section",
    "Terms",
    "Text",
    "altman_z2",
    "answers_from_json",
    "answers_to_json",
    "load_definition",
    "parse_answers",
    "parse_number",
    "score",
    "z2_zone",
]

"""The immutable objects a questionnaire definition is loaded into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from .text import Text

SINGLE, MULTIPLE, NUMBER = "single", "multiple", "number"

# Scoring methods a factor may use; their parameters live in the YAML.
OPTIONS = "options"  # sum of the points of the chosen options of the questions feeding it
FINANCIAL_STRENGTH = "financial_strength"  # Altman Z'' with statements, else options
EXPOSURE_RATIO = "exposure_ratio"  # credit need / net worth
COUNT = "count"  # number of options chosen in one multiple question

# Questions with fixed ids that the credit limit and Altman Z'' read.
MONTHLY_SALES, TERMS_DAYS, NET_WORTH = "monthly_sales", "terms_days", "net_worth"
Z2_FIGURES = ("working_capital", "retained_earnings", "ebit", "book_equity", "total_liabilities")


class DefinitionError(ValueError):
    """A definition file is invalid: names the file, where in it, and the problem."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path, self.where = path, where
        self.problem = " ".join(str(problem).split())  # one line, whatever the cause
        super().__init__(f"{path}: {where}: {self.problem}")


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    points: int | None = None
    knockout: bool = False
    exclusive: bool = False  # "none of these": may not be chosen with another option


@dataclass(frozen=True)
class Condition:
    """`question` has one of `values`; also false when that question is itself hidden."""

    question: str
    values: tuple[str, ...]
    parent: Condition | None = None  # the show_if of `question`, so chains hide together

    def matches(self, answers: Mapping) -> bool:
        if self.parent is not None and not self.parent.matches(answers):
            return False
        if hasattr(answers, "getlist"):  # a werkzeug MultiDict of raw form values
            value: object = answers.getlist(self.question)
        else:
            value = answers.get(self.question)
        if isinstance(value, (list, tuple)):
            return any(str(v) in self.values for v in value)
        return value is not None and str(value) in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    help: Text | None = None
    factor: str | None = None
    options: tuple[Option, ...] = ()
    unit: Text | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    allow_zero: bool = True
    allow_negative: bool = False
    integer: bool = False
    optional: bool = False
    unknown_allowed: bool = False
    show_if: Condition | None = None

    def visible(self, answers: Mapping) -> bool:
        """Return whether the question is asked, given parsed answers or raw form values."""
        return self.show_if is None or self.show_if.matches(answers)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def required(self) -> bool:
        return not (self.optional or self.unknown_allowed)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Z2Step:
    """One step of Altman Z'' points: `min` (z >= bound) or `above` (z > bound); None: the rest."""

    bound: Decimal | None
    inclusive: bool
    points: int

    def holds(self, z: Decimal) -> bool:
        if self.bound is None:
            return True
        return z >= self.bound if self.inclusive else z > self.bound


@dataclass(frozen=True)
class Factor:
    id: str
    label: Text
    max: int
    why: Text
    source: Text
    tip: Text
    scoring: str = OPTIONS
    # financial_strength: Z'' steps, highest first (the last has no bound), and the gate question
    z2_points: tuple[Z2Step, ...] = ()
    statements: Condition | None = None
    # exposure_ratio: upper bounds of need / net worth, and the points above them or unknown
    ratio_points: tuple[tuple[Decimal, int], ...] = ()
    otherwise_points: int = 0
    # count: points by number of options chosen; the last entry holds for more
    count_points: tuple[int, ...] = ()


@dataclass(frozen=True)
class Band:
    code: str
    label: Text
    min: int
    max: int

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label.to_dict(), "min": self.min, "max": self.max}


@dataclass(frozen=True)
class Override:
    """Caps the band at `cap` (no better than it) when its condition holds."""

    id: str
    reason: Text
    cap: str
    knockout: bool = False  # any chosen option carries knockout: true
    z2_below: Decimal | None = None
    answer: tuple[Condition, ...] = ()  # every one must hold

    def matches(self, answers: Mapping) -> bool:
        return bool(self.answer) and all(c.matches(answers) for c in self.answer)


@dataclass(frozen=True)
class Terms:
    band: str
    payment: Text
    security: Text
    articles: tuple[tuple[str, Text], ...]

    def to_dict(self) -> dict:
        return {
            "band": self.band,
            "payment": self.payment.to_dict(),
            "security": self.security.to_dict(),
            "articles": [{"slug": s, "label": t.to_dict()} for s, t in self.articles],
        }


@dataclass(frozen=True)
class LimitBand:
    cap_rate: Decimal  # c: share of net worth lent unsecured
    f: Decimal  # share of the credit need
    secured_only: bool = False  # the limit is for the secured part only: no cap applies
    # net worth unknown: the suggested limit is at most this (a discretionary ceiling, yuan)
    unknown_ceiling: Decimal = Decimal(0)


@dataclass(frozen=True)
class LimitParams:
    buffer_days: int
    round_down_to: Decimal
    unknown_net_worth_factor: Decimal  # f is multiplied by this when net worth is unknown
    net_worth_from_statements: bool  # book equity stands in for an unknown net worth
    bands: Mapping[str, LimitBand]
    concentration_threshold: Decimal
    concentration_question: str
    concentration_options: tuple[str, ...]
    insurer_note: Text
    secured_note: Text


@dataclass(frozen=True)
class Definition:
    id: str
    version: str
    title: Text
    intro: Text
    disclaimer: Text
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    factors: tuple[Factor, ...]
    bands: tuple[Band, ...]  # best first
    overrides: tuple[Override, ...]
    terms: Mapping[str, Terms]  # by band code
    limit: LimitParams
    path: Path | None = None
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({q.id: q for q in self.questions}))

    def question(self, question_id: str) -> Question:
        """Return the question with this id; KeyError if there is none."""
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def factor(self, factor_id: str) -> Factor:
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise KeyError(factor_id)

    def band(self, code: str) -> Band:
        for b in self.bands:
            if b.code == code:
                return b
        raise KeyError(code)

    def band_for_score(self, score: int) -> Band:
        for b in self.bands:
            if b.min <= score <= b.max:
                return b
        raise ValueError(f"score {score} is outside every band")

    def band_rank(self, code: str) -> int:
        """Return 0 for the best band, larger for worse ones."""
        return [b.code for b in self.bands].index(code)

    def section_of(self, question_id: str) -> Section:
        return next(s for s in self.sections if question_id in s.question_ids)

    def questions_feeding(self, factor_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.factor == factor_id)

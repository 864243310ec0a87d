"""The /tools calculators: their inputs, and reading one submitted GET form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from ..assessment import NumberError, parse_number, receivables
from ..assessment.numbers import DEFAULT_MAX
from .messages import calculation_message, number_message

MAX_DAYS = Decimal(366)


@dataclass(frozen=True)
class Input:
    name: str
    label: Any  # lazy string
    help: Any = None
    allow_negative: bool = False
    allow_zero: bool = True
    integer: bool = False
    optional: bool = False
    default: Decimal | None = None  # what an optional input left empty stands for
    max_value: Decimal = DEFAULT_MAX
    money: bool = True


@dataclass(frozen=True)
class Calculator:
    id: str
    title: Any
    inputs: tuple[Input, ...]
    article: str  # slug of the article that explains the topic
    compute: Callable[..., Any]


@dataclass
class CalcState:
    """One calculator on the page: what was typed, errors, and the outcome if any."""

    calc: Calculator
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    form_error: str | None = None
    outcome: Any = None

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.form_error)


CALCULATORS = (
    Calculator(
        "dso",
        _l("DSO, best-possible DSO and average days delinquent"),
        (
            Input("receivables", _l("Receivables at the end of the period"),
                   _l("Everything customers owe you, due or not.")),
            Input("credit_sales", _l("Credit sales in the period")),
            Input("days", _l("Days in the period"), _l("For example 30, 90 or 365."),
                  allow_zero=False, integer=True, max_value=MAX_DAYS, money=False),
            Input("current_receivables", _l("Of which not yet due (optional)"),
                   _l("Gives best-possible DSO and average days delinquent."), optional=True),
        ),
        "reducing-dso",
        receivables.dso,
    ),
    Calculator(
        "cei",
        _l("Collection effectiveness index (CEI)"),
        (
            Input("opening_receivables", _l("Receivables at the start of the period")),
            Input("credit_sales", _l("Credit sales in the period")),
            Input("closing_receivables", _l("Receivables at the end of the period")),
            Input("closing_current_receivables",
                   _l("Of which not yet due at the end of the period")),
        ),
        "reducing-dso",
        receivables.cei,
    ),
    Calculator(
        "ratios",
        _l("Current, quick and cash ratio"),
        (
            Input("current_assets", _l("Current assets")),
            Input("current_liabilities", _l("Current liabilities")),
            Input("cash", _l("Cash and cash equivalents")),
            Input("inventories", _l("Inventories")),
            Input("prepayments", _l("Prepayments (optional)"),
                  _l("Advance payments to suppliers (预付款项)."), optional=True,
                  default=Decimal(0)),
        ),
        "assessing-customer-credit",
        receivables.liquidity_ratios,
    ),
    Calculator(
        "z2",
        _l("Altman Z″ score"),
        (
            Input("working_capital", _l("Working capital (current assets − current liabilities)"),
                   _l("May be negative."), allow_negative=True),
            Input("retained_earnings", _l("Retained earnings"), _l("May be negative."),
                   allow_negative=True),
            Input("ebit", _l("Earnings before interest and tax (EBIT)"), _l("May be negative."),
                   allow_negative=True),
            Input("book_equity", _l("Book equity"), _l("Negative if liabilities exceed assets."),
                   allow_negative=True),
            Input("total_liabilities", _l("Total liabilities")),
        ),
        "assessing-customer-credit",
        receivables.z2,
    ),
)
BY_ID = {c.id: c for c in CALCULATORS}


def run(calc: Calculator, args: Mapping[str, str]) -> CalcState:
    """Read one submitted calculator form and compute it when every input is valid."""
    state = CalcState(calc, values={i.name: str(args.get(i.name, ""))[:100] for i in calc.inputs})
    numbers: dict[str, Decimal | None] = {}
    for item in calc.inputs:
        numbers[item.name] = _read(item, state)
    if state.errors:
        return state
    try:
        state.outcome = calc.compute(**numbers)
    except receivables.CalculationError as err:
        message = calculation_message(err.code)
        if err.field:
            state.errors[err.field] = message
        else:
            state.form_error = message
    return state


def _read(item: Input, state: CalcState) -> Decimal | None:
    text = state.values[item.name]
    if not text.strip():
        if not item.optional:
            state.errors[item.name] = number_message("missing", str(item.label))
        return item.default
    try:
        return parse_number(
            text,
            allow_negative=item.allow_negative,
            allow_zero=item.allow_zero,
            integer=item.integer,
            max_value=item.max_value,
        )
    except NumberError as err:
        params = {"max": format_decimal(item.max_value)} if err.code == "too_large" else {}
        state.errors[item.name] = number_message(err.code, str(item.label), **params)
        return None


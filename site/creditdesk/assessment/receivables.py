"""Receivables and liquidity calculators for a supplier's own portfolio. No Flask.

Every function takes Decimals and raises CalculationError(code) instead of dividing by
zero, so the web layer can say what is wrong in the visitor's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from .altman import altman_z2, z2_display, z2_zone

_HUNDRED = Decimal(100)


class CalculationError(ValueError):
    """The figures do not allow the calculation; `code` says why, `field` where."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code, self.field = code, field


@dataclass(frozen=True)
class DsoResult:
    dso: Decimal  # receivables ÷ credit sales × days
    best_possible: Decimal | None  # current (not yet due) receivables ÷ credit sales × days
    add: Decimal | None  # average days delinquent = DSO − best-possible DSO


@dataclass(frozen=True)
class Ratios:
    current: Decimal  # current assets ÷ current liabilities
    quick: Decimal  # quick assets ÷ current liabilities
    cash: Decimal  # cash and equivalents ÷ current liabilities
    # current assets − inventories − prepayments: the Chinese convention (速动资产), so notes
    # receivable (应收票据) and receivables financing (应收款项融资) count as quick
    quick_assets: Decimal


@dataclass(frozen=True)
class Z2Result:
    z2: Decimal  # cut to two decimals, rounding down
    zone: str  # "safe", "grey" or "distress"


def dso(
    receivables: Decimal,
    credit_sales: Decimal,
    days: Decimal,
    current_receivables: Decimal | None = None,
) -> DsoResult:
    """Return DSO, and best-possible DSO and ADD when current receivables are given."""
    if credit_sales <= 0:
        raise CalculationError("zero_credit_sales", "credit_sales")
    if days <= 0:
        raise CalculationError("zero_days", "days")
    if current_receivables is not None and current_receivables > receivables:
        raise CalculationError("current_above_total", "current_receivables")
    with localcontext() as ctx:
        ctx.prec = 28
        value = receivables / credit_sales * days
        if current_receivables is None:
            return DsoResult(value, None, None)
        best = current_receivables / credit_sales * days
        return DsoResult(value, best, value - best)


def cei(
    opening_receivables: Decimal,
    credit_sales: Decimal,
    closing_receivables: Decimal,
    closing_current_receivables: Decimal,
) -> Decimal:
    """Return the collection effectiveness index in percent.

    CEI = (opening AR + credit sales − closing total AR)
          ÷ (opening AR + credit sales − closing current AR) × 100
    """
    if closing_current_receivables > closing_receivables:
        raise CalculationError("current_above_total", "closing_current_receivables")
    with localcontext() as ctx:
        ctx.prec = 28
        collectible = opening_receivables + credit_sales - closing_current_receivables
        if collectible <= 0:
            raise CalculationError("nothing_collectible")
        collected = opening_receivables + credit_sales - closing_receivables
        return collected / collectible * _HUNDRED


def liquidity_ratios(
    current_assets: Decimal,
    current_liabilities: Decimal,
    cash: Decimal,
    inventories: Decimal,
    prepayments: Decimal,
) -> Ratios:
    """Return the current, quick and cash ratios.

    Quick assets (速动资产) = current assets − inventories − prepayments (预付款项): what can
    be turned into cash soon, notes receivable and receivables financing included.
    """
    if current_liabilities <= 0:
        raise CalculationError("zero_current_liabilities", "current_liabilities")
    if cash + inventories + prepayments > current_assets:
        raise CalculationError("parts_above_current_assets", "current_assets")
    with localcontext() as ctx:
        ctx.prec = 28
        quick_assets = current_assets - inventories - prepayments
        return Ratios(
            current=current_assets / current_liabilities,
            quick=quick_assets / current_liabilities,
            cash=cash / current_liabilities,
            quick_assets=quick_assets,
        )


def z2(
    working_capital: Decimal,
    retained_earnings: Decimal,
    ebit: Decimal,
    book_equity: Decimal,
    total_liabilities: Decimal,
) -> Z2Result:
    """Return Altman Z'' and its zone; total assets are book equity + total liabilities."""
    if total_liabilities <= 0:
        raise CalculationError("zero_total_liabilities", "total_liabilities")
    if book_equity + total_liabilities <= 0:
        raise CalculationError("total_assets_not_positive", "book_equity")
    value = altman_z2(working_capital, retained_earnings, ebit, book_equity, total_liabilities)
    return Z2Result(z2_display(value), z2_zone(value))

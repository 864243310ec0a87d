"""The suggested credit limit: need = M × (T + buffer) / 30, capped by net worth or a ceiling."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from .definition import MONTHLY_SALES, NET_WORTH, TERMS_DAYS, Z2_FIGURES, Definition
from .text import Text

DAYS_PER_MONTH = Decimal(30)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class LimitResult:
    monthly_sales: Decimal  # M, incl. VAT
    terms_days: int  # T
    net_worth: Decimal | None  # None: unknown
    net_worth_source: str | None  # "answer", "statements" (book equity) or None
    need: Decimal  # M × (T + buffer_days) / 30, to the fen
    cap: Decimal | None  # c × net worth; None when net worth is unknown or the limit is secured
    factor: Decimal  # f actually applied (halved when net worth is unknown)
    suggested: Decimal  # min(f × need, cap or ceiling), rounded down
    unverified: bool  # net worth unknown
    secured_only: bool  # band D: the limit is for the secured part only
    # net worth unknown: the discretionary ceiling for the band (None when net worth is known)
    ceiling: Decimal | None
    unsecured: Decimal  # credit without security: suggested, or 0 for a secured-only band
    concentration_warning: bool  # buyer above the threshold share of your sales
    insurer_note: Text
    secured_note: Text | None
    # formula inputs, shown next to the result
    band: str
    buffer_days: int
    base_factor: Decimal  # f for the band before halving
    cap_rate: Decimal  # c for the band
    concentration_threshold: Decimal


def net_worth_of(definition: Definition, answers: Mapping) -> tuple[Decimal | None, str | None]:
    """Return the buyer's net worth and where it came from.

    An answered net worth wins; otherwise, when the statements were given and the
    definition allows it, book equity stands in (it is net worth by another name).
    """
    if answers.get(NET_WORTH) is not None:
        return answers[NET_WORTH], "answer"
    book_equity = answers.get(Z2_FIGURES[3])
    if definition.limit.net_worth_from_statements and book_equity is not None:
        return book_equity, "statements"
    return None, None


def credit_need(definition: Definition, answers: Mapping) -> Decimal:
    """Return M × (T + buffer) / 30, unrounded."""
    with localcontext() as ctx:
        ctx.prec = 28
        days = answers[TERMS_DAYS] + definition.limit.buffer_days
        return answers[MONTHLY_SALES] * days / DAYS_PER_MONTH


def credit_limit(definition: Definition, answers: Mapping, band_code: str) -> LimitResult:
    """Return the suggested limit for the final band (after overrides)."""
    params = definition.limit
    band = params.bands[band_code]
    net_worth, source = net_worth_of(definition, answers)
    need = credit_need(definition, answers)
    unverified = net_worth is None
    factor = band.f * params.unknown_net_worth_factor if unverified else band.f
    # A secured limit (band D) is backed by a guarantee or deposit, not by the buyer's
    # net worth, so the unsecured cap (0 for D) does not apply to it.
    cap = None if unverified or band.secured_only else max(band.cap_rate * net_worth, Decimal(0))
    # Net worth unknown: no cap can be worked out, so a discretionary ceiling bounds the
    # limit instead (like an insurer's 自行掌握信用限额): a blank never beats a low figure
    # by more than that.
    ceiling = band.unknown_ceiling if unverified else None
    bound = cap if cap is not None else ceiling
    with localcontext() as ctx:
        ctx.prec = 28
        amount = factor * need if bound is None else min(factor * need, bound)
        step = params.round_down_to
        suggested = (amount / step).to_integral_value(rounding=ROUND_FLOOR) * step
    return LimitResult(
        monthly_sales=answers[MONTHLY_SALES],
        terms_days=int(answers[TERMS_DAYS]),
        net_worth=net_worth,
        net_worth_source=source,
        need=need.quantize(_CENT, rounding=ROUND_HALF_UP),
        cap=cap,
        factor=factor,
        suggested=suggested,
        unverified=unverified,
        secured_only=band.secured_only,
        ceiling=ceiling,
        unsecured=Decimal(0) if band.secured_only else suggested,
        concentration_warning=answers.get(params.concentration_question)
        in params.concentration_options,
        insurer_note=params.insurer_note,
        secured_note=params.secured_note if band.secured_only else None,
        band=band_code,
        buffer_days=params.buffer_days,
        base_factor=band.f,
        cap_rate=band.cap_rate,
        concentration_threshold=params.concentration_threshold,
    )

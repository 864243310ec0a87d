"""Altman Z'' (1995, non-manufacturers and emerging markets) from five balance-sheet figures."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext

SAFE_ABOVE = Decimal("2.60")
DISTRESS_BELOW = Decimal("1.10")
_WEIGHTS = (Decimal("6.56"), Decimal("3.26"), Decimal("6.72"), Decimal("1.05"))
_CENT = Decimal("0.01")


def altman_z2(
    working_capital: Decimal,
    retained_earnings: Decimal,
    ebit: Decimal,
    book_equity: Decimal,
    total_liabilities: Decimal,
) -> Decimal:
    """Return Z'' = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4, total assets = equity + liabilities."""
    working_capital, retained_earnings, ebit, book_equity, total_liabilities = (
        Decimal(v)
        for v in (working_capital, retained_earnings, ebit, book_equity, total_liabilities)
    )
    if total_liabilities <= 0:
        raise ValueError("total liabilities must be greater than zero")
    with localcontext() as ctx:
        ctx.prec = 28
        total_assets = book_equity + total_liabilities
        if total_assets <= 0:
            raise ValueError(
                "total assets (book equity + total liabilities) must be greater than zero"
            )
        ratios = (
            working_capital / total_assets,
            retained_earnings / total_assets,
            ebit / total_assets,
            book_equity / total_liabilities,
        )
        return sum((w * x for w, x in zip(_WEIGHTS, ratios, strict=True)), Decimal(0))


def z2_zone(z: Decimal) -> str:
    """Return "safe" (> 2.60), "grey" (1.10–2.60) or "distress" (< 1.10)."""
    if z > SAFE_ABOVE:
        return "safe"
    if z >= DISTRESS_BELOW:
        return "grey"
    return "distress"


def z2_display(z: Decimal) -> Decimal:
    """Return Z'' cut to two decimals, rounding down.

    Rounding down keeps the shown value on the same side of every two-decimal cut-off
    as the exact value: 2.5999 shows as 2.59, never as a misleading 2.60.
    """
    with localcontext() as ctx:
        ctx.prec = max(28, z.adjusted() + 4)  # room for every digit left of the cents
        return z.quantize(_CENT, rounding=ROUND_FLOOR)

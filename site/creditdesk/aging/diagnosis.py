"""A ledger -> the diagnosis: buckets, overdue, DSO, concentration, provision, actions."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import actions
from .headers import BUCKETS, CUSTOMER_BUCKETS
from .ledger import ZERO, Ledger, read_ledger
from .rates import ProvisionRates
from .reader import read_table

FORMAT = 1  # the stored dict's layout
TOP, LISTED_OVER_90 = 10, 20
# Bucket layouts carry no days: the weighted days past due take each bucket's middle
# (and 270 days for "over 180"), and the page says it is an estimate.
MIDPOINTS = (Decimal(0), Decimal("15.5"), Decimal("45.5"), Decimal("75.5"), Decimal("135.5"),
             Decimal(270))


@dataclass(frozen=True)
class Diagnosis:
    """The figures of one upload, as the JSON-ready dict the page, CLI and database share."""

    figures: dict

    def stored(self, keep_names: bool) -> dict:
        """Return the figures to store: customer names replaced by their rank unless kept."""
        return anonymised(self.figures, keep_names)


def anonymised(figures: dict, keep_names: bool) -> dict:
    data = {**figures, "names_kept": keep_names}
    if not keep_names:
        for key in ("top", "over_90_customers"):
            data[key] = [{**c, "name": None} for c in figures[key]]
    return data


def diagnose(data: bytes, filename: str, as_of: date, rates: ProvisionRates,
             sales: Decimal | None = None) -> Diagnosis:
    """Read an uploaded file and diagnose it; raise AgingError for a file we cannot use."""
    table = read_table(data, filename)
    ledger = read_ledger(table, as_of)
    figures = figures_of(ledger, as_of, rates, sales)
    figures.update(
        sheet=table.sheet, hidden_sheets=list(table.hidden_sheets), merged=table.merged,
        formulas=table.formulas, kind=table.kind,
    )
    figures["actions"] = actions.choose(figures)
    return Diagnosis(figures)


def figures_of(ledger: Ledger, as_of: date, rates: ProvisionRates,
               sales: Decimal | None) -> dict:
    """Compute every figure of the diagnosis from the aggregated ledger."""
    totals = [sum((b[i] for b in ledger.customers.values()), ZERO) for i in range(len(BUCKETS))]
    total = sum(totals, ZERO)
    overdue, over_90 = sum(totals[1:], ZERO), totals[4] + totals[5]
    provisions = [max(amount, ZERO) * rate for amount, rate in zip(totals, rates.rates,
                                                                   strict=True)]
    provision = sum(provisions, ZERO)
    balances = {name: sum(b, ZERO) for name, b in ledger.customers.items()}
    ranked = sorted(balances.items(), key=lambda item: (-item[1], item[0]))
    rank = {name: n for n, (name, _amount) in enumerate(ranked, 1)}
    positive = sum((a for _n, a in ranked if a > 0), ZERO)

    def share(part) -> float:
        return _ratio(part, total)

    def exposure(amount) -> float:
        return _ratio(max(amount, ZERO), positive)

    late = [(name, b[4] + b[5]) for name, b in ledger.customers.items() if b[4] + b[5] > 0]
    late.sort(key=lambda item: (-item[1], item[0]))
    return {
        "format": FORMAT, "layout": ledger.layout, "as_of": as_of.isoformat(),
        "currency": ledger.currency, "other_currencies": ledger.other_currencies,
        "aged_from_invoice_date": ledger.aged_from_invoice_date,
        "rows": ledger.rows, "customers": len(balances), "unnamed_rows": ledger.unnamed,
        "credit_notes": {"count": ledger.credit_notes, "total": _money(ledger.credit_total)},
        "total": _money(total), "overdue": _money(overdue), "overdue_share": share(overdue),
        "over_90": _money(over_90), "over_90_share": share(over_90),
        "buckets": [
            {"key": key, "amount": _money(amount), "share": share(amount),
             "rate": float(rate), "provision": _money(p)}
            for key, amount, rate, p in zip(BUCKETS, totals, rates.rates, provisions,
                                            strict=True)
        ],
        "provision": _money(provision), "provision_share": share(provision),
        "rates_version": rates.version,
        **_days_past_due(ledger, totals),
        "sales": None if sales is None else _money(sales),
        "dso": None if not sales else round(float(total / sales * 365), 1),
        "concentration": {
            # Sum the amounts, then divide once: adding rounded shares can pass 100 %.
            "top1": exposure(sum((max(a, ZERO) for _n, a in ranked[:1]), ZERO)),
            "top5": exposure(sum((max(a, ZERO) for _n, a in ranked[:5]), ZERO)),
            "top10": exposure(sum((max(a, ZERO) for _n, a in ranked[:10]), ZERO)),
            "hhi": round(sum(exposure(a) ** 2 for _n, a in ranked) * 10_000),
        },
        "top": [{"n": rank[name], "name": name, "amount": _money(amount),
                 "share": exposure(amount)} for name, amount in ranked[:TOP] if amount > 0],
        "over_90_count": len(late),
        "over_90_customers": [
            {"n": rank[name], "name": name, "amount_90": _money(amount),
             "total": _money(balances[name]), "oldest": ledger.oldest.get(name)}
            for name, amount in late[:LISTED_OVER_90]
        ],
        "over_90_rest": _money(sum((a for _n, a in late[LISTED_OVER_90:]), ZERO)),
    }


def _days_past_due(ledger: Ledger, totals: list[Decimal]) -> dict:
    """Return the overdue balance's average days past due, weighted by amount."""
    if ledger.layout == CUSTOMER_BUCKETS:
        base = sum((max(t, ZERO) for t in totals[1:]), ZERO)
        days = sum((max(t, ZERO) * m for t, m in zip(totals[1:], MIDPOINTS[1:], strict=True)),
                   ZERO)
        return {"wadpd": round(float(days / base), 1) if base else None, "wadpd_estimated": True}
    base = ledger.weighted_base
    value = round(float(ledger.weighted_days / base), 1) if base else None
    return {"wadpd": value, "wadpd_estimated": False}


def _ratio(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole), 4) if whole > 0 else 0.0


def _money(amount: Decimal) -> float:
    return float(amount.quantize(Decimal("0.01")))

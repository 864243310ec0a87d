"""Table rows -> a ledger: balances per customer and aging bucket, as of one date."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .errors import AgingError, RowProblem
from .headers import BUCKETS, CUSTOMER_BUCKETS, HEADER_SCAN, Header, match_header, recognised
from .reader import MAX_ROWS, Table
from .values import ValueProblem, parse_amount, parse_date

ZERO = Decimal(0)
# Rows that repeat the report's sums: counting them would double the ledger.
TOTAL_ROWS = frozenset({"合计", "总计", "小计", "合 计", "总 计", "total", "totals", "subtotal",
                        "grand total", "sum"})
CURRENCIES = {"rmb": "CNY", "cny": "CNY", "人民币": "CNY", "¥": "CNY", "元": "CNY", "": "CNY"}


@dataclass
class Ledger:
    """What the diagnosis needs from the file, in yuan."""

    layout: str
    header: Header
    customers: dict[str, list[Decimal]] = field(default_factory=dict)  # name -> 6 buckets
    oldest: dict[str, int] = field(default_factory=dict)  # name -> most days past due
    rows: int = 0  # data rows used
    credit_notes: int = 0
    credit_total: Decimal = ZERO
    weighted_days: Decimal = ZERO  # Σ overdue amount × days past due (invoices)
    weighted_base: Decimal = ZERO  # Σ overdue amount
    currency: str = "CNY"
    other_currencies: dict[str, int] = field(default_factory=dict)  # code -> rows left out
    aged_from_invoice_date: bool = False
    unnamed: int = 0  # rows with an amount but no customer: subtotals, most often; left out


def bucket_of(days_past_due: int) -> int:
    """Return the bucket index (0 = not yet due … 5 = over 180 days)."""
    if days_past_due <= 0:
        return 0
    if days_past_due <= 30:
        return 1
    if days_past_due <= 60:
        return 2
    if days_past_due <= 90:
        return 3
    return 4 if days_past_due <= 180 else 5


def find_header(table: Table) -> tuple[Header, int]:
    """Return the header and the position of the first data row; raise when there is none."""
    best: list[str] = []
    for position, (number, cells) in enumerate(table.rows[:HEADER_SCAN]):
        header = match_header(cells, number)
        if header:
            return header, position + 1
        found = recognised(cells)
        if len(found) > len(best):
            best = found
    if not any(any(_text(c) for c in cells) for _n, cells in table.rows):
        raise AgingError("empty")
    raise AgingError("no_header", {"found": best})


def read_ledger(table: Table, as_of: date) -> Ledger:
    """Aggregate the data rows; raise AgingError listing every unreadable cell."""
    header, start = find_header(table)
    data = [(n, cells) for n, cells in table.rows[start:] if any(_text(c) for c in cells)]
    if len(data) > MAX_ROWS:
        raise AgingError("too_many_rows", {"rows": len(data), "max": MAX_ROWS})
    ledger = Ledger(header.layout, header)
    ledger.aged_from_invoice_date = (header.layout != CUSTOMER_BUCKETS
                                     and "due_date" not in header.columns)
    problems: list[RowProblem] = []
    if header.layout == CUSTOMER_BUCKETS:
        _bucket_rows(ledger, data, table, problems)
    else:
        _invoice_rows(ledger, data, table, as_of, problems)
    if problems:
        raise AgingError("bad_rows", {"count": len(problems)}, tuple(problems))
    if not ledger.customers:
        raise AgingError("no_rows")
    return ledger


def _cell(cells: tuple, index: int | None):
    return cells[index] if index is not None and index < len(cells) else None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _customer(ledger: Ledger, cells) -> str | None:
    """Return the row's customer; None for a sum row or a row without one (counted)."""
    name = " ".join(_text(_cell(cells, ledger.header.columns["customer"])).split())
    if name.lower() in TOTAL_ROWS:
        return None
    if not name:
        if any(_text(_cell(cells, i)) for f, i in ledger.header.columns.items()
               if f not in ("customer", "currency", "invoice_no")):
            ledger.unnamed += 1
        return None
    return name


def _amount(cells, header, fld, number, table, problems) -> Decimal | None:
    index = header.columns[fld]
    value = _cell(cells, index)
    if value is None and (number, index) in table.formula_blanks:
        problems.append(RowProblem(number, fld, "formula_no_value"))
        return None
    try:
        return parse_amount(value, header.scales.get(fld, 1))
    except ValueProblem as err:
        problems.append(RowProblem(number, fld, err.code, _text(value)[:40]))
        return None


def _invoice_rows(ledger: Ledger, data, table: Table, as_of: date, problems) -> None:
    header = ledger.header
    date_field = "invoice_date" if ledger.aged_from_invoice_date else "due_date"
    date_index = header.columns[date_field]
    currency_index = header.columns.get("currency")
    currencies = Counter(_currency(_cell(c, currency_index)) for _n, c in data)
    ledger.currency = "CNY" if "CNY" in currencies else currencies.most_common(1)[0][0]
    for number, cells in data:
        name = _customer(ledger, cells)
        if name is None:
            continue
        currency = _currency(_cell(cells, currency_index))
        if currency != ledger.currency:
            ledger.other_currencies[currency] = ledger.other_currencies.get(currency, 0) + 1
            continue
        amount = _amount(cells, header, "amount", number, table, problems)
        raw_date = _cell(cells, date_index)
        try:
            due = parse_date(raw_date)
            if due is None and amount:
                problems.append(RowProblem(number, date_field, "missing_date"))
        except ValueProblem as err:
            problems.append(RowProblem(number, date_field, err.code, _text(raw_date)[:40]))
            due = None
        if due is None or not amount:
            continue
        days = (as_of - due).days
        buckets = ledger.customers.setdefault(name, [ZERO] * len(BUCKETS))
        buckets[bucket_of(days)] += amount
        ledger.rows += 1
        if amount < 0:
            ledger.credit_notes += 1
            ledger.credit_total += amount
        elif days > 0:
            ledger.weighted_days += amount * days
            ledger.weighted_base += amount
            if days > ledger.oldest.get(name, 0):
                ledger.oldest[name] = days


def _bucket_rows(ledger: Ledger, data, table: Table, problems) -> None:
    header = ledger.header
    for number, cells in data:
        name = _customer(ledger, cells)
        if name is None:
            continue
        amounts = [_amount(cells, header, key, number, table, problems) or ZERO
                   for key in BUCKETS]
        buckets = ledger.customers.setdefault(name, [ZERO] * len(BUCKETS))
        for i, amount in enumerate(amounts):
            buckets[i] += amount
            if amount < 0:
                ledger.credit_notes += 1
                ledger.credit_total += amount
        ledger.rows += 1


def _currency(value) -> str:
    code = _text(value).lower()
    return CURRENCIES.get(code, code.upper())

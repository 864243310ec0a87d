"""Header rows: one table of Chinese and English synonyms decides what each column holds.

Headers are compared after NFKC (full-width to half-width), lower-casing and dropping
spaces, brackets and punctuation; a unit in the header (万元, 千元) scales that column.
"""

import re
import unicodedata
from dataclasses import dataclass

CURRENT, B30, B60, B90, B180, OVER180 = "current", "1-30", "31-60", "61-90", "91-180", "180+"
BUCKETS = (CURRENT, B30, B60, B90, B180, OVER180)
INVOICE, CUSTOMER_BUCKETS = "invoices", "buckets"
HEADER_SCAN = 30  # rows searched for the header (titles and blank lines may come first)

# field -> synonyms, best first: when two columns match one field, the better synonym wins
# (未收金额 beats 金额, 到期日 beats 日期).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": (
        "客户名称", "客户", "客户名", "客户全称", "购货单位", "购买方", "往来单位", "单位名称",
        "债务人", "买方", "customer", "customername", "client", "clientname", "debtor",
        "buyer", "accountname", "account",
    ),
    "amount": (
        "未收金额", "未收款金额", "应收余额", "应收账款余额", "未清金额", "未核销金额", "余额",
        "应收金额", "欠款金额", "金额", "openamount", "amountopen", "openbalance",
        "outstanding", "outstandingamount", "amountdue", "balance", "balancedue", "amount",
    ),
    "due_date": (
        "到期日", "到期日期", "应收日期", "应收款日期", "付款到期日", "约定付款日", "账期到期日",
        "duedate", "due", "paymentduedate", "netduedate",
    ),
    "invoice_date": (
        "发票日期", "开票日期", "单据日期", "业务日期", "销售日期", "记账日期", "日期",
        "invoicedate", "documentdate", "docdate", "postingdate", "date",
    ),
    "currency": ("币种", "币别", "货币", "currency", "ccy", "curr"),
    "invoice_no": ("发票号", "发票号码", "单据号", "单据编号", "凭证号", "invoice", "invoiceno",
                   "invoicenumber", "documentno", "document", "reference"),
    "total": ("合计", "总计", "应收合计", "余额合计", "total", "totalbalance", "totaldue"),
    CURRENT: ("未到期", "未逾期", "信用期内", "账期内", "current", "notdue", "notyetdue",
              "notoverdue", "withinterms"),
}
_RANK = {syn: (fld, i) for fld, syns in SYNONYMS.items() for i, syn in enumerate(syns)}
_SCALES = (("万元", 10_000), ("万", 10_000), ("千元", 1_000))
_UNITS = re.compile(r"(?i)万元|千元|万|\(元\)|元|人民币|rmb|cny|¥")
_DAYS = re.compile(r"(?i)days?|天|日|\s")
_PUNCT = re.compile(r"[\s()\[\]{}【】《》<>:;,.·•#*_/\\|'\"-]+")
_RANGE = re.compile(r"(\d+)\s*[-~—–至到]\s*(\d+)")
_RANGES = {(1, 30): B30, (0, 30): B30, (31, 60): B60, (61, 90): B90, (91, 180): B180}
_OPEN = re.compile(r"(?:>|over|above|morethan|超过|大于)\s*(\d+)|(\d+)\s*(?:\+|以上|及以上|plus)")


@dataclass(frozen=True)
class Header:
    row: int  # sheet row number (1-based)
    layout: str  # invoices | buckets
    columns: dict[str, int]  # field -> column index
    scales: dict[str, int]  # field -> multiplier (万元 = 10,000)
    labels: dict[str, str]  # field -> the header as written


def header_key(text) -> tuple[str | None, int]:
    """Return (field, rank) for one header cell; field None when not recognised."""
    if text is None:
        return None, 0
    raw = unicodedata.normalize("NFKC", str(text)).strip().lower()
    bucket = _bucket(raw)
    if bucket:
        return bucket, 0
    key = _PUNCT.sub("", _UNITS.sub("", raw)).replace("逾期", "").replace("overdue", "")
    found = _RANK.get(key)
    if found is None:
        found = _RANK.get(_PUNCT.sub("", _UNITS.sub("", raw)))
    return found if found else (None, 0)


def _bucket(raw: str) -> str | None:
    text = _DAYS.sub("", raw)
    match = _RANGE.search(text)
    if match:
        return _RANGES.get((int(match[1]), int(match[2])))
    match = _OPEN.search(text)
    if match and int(match[1] or match[2]) in (180, 181):
        return OVER180
    return None


def scale_of(text) -> int:
    """Return the multiplier a header's unit asks for (1 when it names none)."""
    raw = unicodedata.normalize("NFKC", str(text or ""))
    return next((factor for unit, factor in _SCALES if unit in raw), 1)


def match_header(cells, row: int) -> Header | None:
    """Return the header this row is, or None."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        field, rank = header_key(cell)
        if field and (field not in best or rank < best[field][0]):
            best[field] = (rank, index)
    columns = {field: index for field, (_rank, index) in best.items()}
    if "customer" not in columns:
        return None
    if all(b in columns for b in BUCKETS):
        layout = CUSTOMER_BUCKETS
    elif "amount" in columns and ("due_date" in columns or "invoice_date" in columns):
        layout = INVOICE
    else:
        return None
    return Header(
        row, layout, columns,
        scales={f: scale_of(cells[i]) for f, i in columns.items()},
        labels={f: str(cells[i]).strip() for f, i in columns.items()},
    )


def recognised(cells) -> list[str]:
    """Return the fields a row's cells name (to say what a near-header lacked)."""
    return sorted({f for f in (header_key(c)[0] for c in cells) if f})

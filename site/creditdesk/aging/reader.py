"""Uploaded bytes -> the rows of one table, with every unsafe or unreadable file refused.

Nothing here touches the disk: CSV is decoded in memory and workbooks are read by
openpyxl from a BytesIO in read-only mode, values only (formulas are never evaluated).
"""

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .errors import AgingError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
# A workbook is a zip: refuse one whose parts would expand past this before parsing it.
# A genuine 2 MB workbook of 20,000 rows expands to about 15 MB.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_PARTS = 1_000
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected workbook
ZIP = b"PK\x03\x04"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class Table:
    """The rows of the sheet read: (sheet row number, cell values)."""

    kind: str  # csv | xlsx
    rows: list[tuple[int, tuple]]
    sheet: str | None = None  # the sheet used, when a workbook has several
    hidden_sheets: tuple[str, ...] = ()
    merged: int = 0  # merged ranges whose value was spread over their cells
    formulas: bool = False
    formula_blanks: set[tuple[int, int]] = field(default_factory=set)  # (row, column index)


def read_table(data: bytes, filename: str) -> Table:
    """Return the table in an uploaded CSV or XLSX file; raise AgingError for a bad file."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    if suffix == ".xls":
        raise AgingError("old_xls")
    if suffix not in EXTENSIONS:
        raise AgingError("wrong_type", {"ext": suffix or "-"})
    if len(data) > MAX_BYTES:
        raise AgingError("too_large", {"mb": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise AgingError("empty")
    if data.startswith(OLE):
        # Excel encrypts a protected .xlsx into an OLE container with these streams.
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise AgingError("encrypted" if encrypted else "old_xls")
    if data.startswith(ZIP):
        return _read_xlsx(data)
    if EXTENSIONS[suffix] == "xlsx" or _binary(data):
        raise AgingError("not_a_table", {"ext": suffix})
    return _read_csv(data)


def _binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 100


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AgingError("not_a_table", {"ext": ".csv"})
    first = text.lstrip().split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [(number, tuple(cells)) for number, cells in enumerate(reader, 1)]
    except csv.Error:
        raise AgingError("corrupt_csv") from None
    return Table("csv", rows)


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AgingError("corrupt") from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED:
        raise AgingError("zip_bomb", {"mb": MAX_UNCOMPRESSED // (1024 * 1024)})
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names:
        raise AgingError("not_a_table", {"ext": ".xlsx"})
    try:
        return _sheet_rows(data, archive)
    except AgingError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds for a damaged workbook
        raise AgingError("corrupt") from None


def _sheet_rows(data: bytes, archive: zipfile.ZipFile) -> Table:
    import openpyxl  # imported here: CSV uploads and the CLI's --help do not pay for it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. "no default style": harmless, not for visitors
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = book.worksheets
            visible = [s for s in sheets if s.sheet_state == "visible"]
            if not visible:
                raise AgingError("no_visible_sheet")
            sheet = visible[0]
            hidden = tuple(s.title for s in sheets if s.sheet_state != "visible")
            rows = []
            for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                if number > MAX_ROWS + 100 and not any(c is not None for c in cells):
                    continue
                rows.append((number, cells))
            xml = archive.read(sheet._worksheet_path.lstrip("/"))
        finally:
            book.close()
    table = Table("xlsx", rows, sheet=sheet.title if len(sheets) > 1 else None,
                  hidden_sheets=hidden)
    table.merged = _spread_merged(xml, rows)
    if _FORMULA.search(xml):
        table.formulas = True
        table.formula_blanks = _formula_blanks(xml)
    return table


def column_index(letters: bytes) -> int:
    """Return the 0-based index of a column name (A -> 0, AA -> 26)."""
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def _spread_merged(xml: bytes, rows: list[tuple[int, tuple]]) -> int:
    """Give every cell of a merged range the value of its first cell (Excel shows it so)."""
    count = 0
    by_number = {number: i for i, (number, _cells) in enumerate(rows)}
    for c1, r1, c2, r2 in _MERGE.findall(xml):
        first_row, last_row = int(r1), int(r2 or r1)
        first_col, last_col = column_index(c1), column_index(c2 or c1)
        top = by_number.get(first_row)
        if top is None:
            continue
        cells = rows[top][1]
        value = cells[first_col] if first_col < len(cells) else None
        count += 1
        for number in range(first_row, last_row + 1):
            i = by_number.get(number)
            if i is None:
                continue
            row = list(rows[i][1])
            row.extend([None] * (last_col + 1 - len(row)))
            for col in range(first_col, last_col + 1):
                row[col] = value
            rows[i] = (number, tuple(row))
    return count


def _formula_blanks(xml: bytes) -> set[tuple[int, int]]:
    """Return the cells holding a formula whose value Excel never saved."""
    from xml.etree import ElementTree

    blanks = set()
    for _event, cell in ElementTree.iterparse(io.BytesIO(xml)):
        if not cell.tag.endswith("}c"):
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
        if "f" in children and (children.get("v") is None or not children["v"].text):
            match = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r", ""))
            if match:
                blanks.add((int(match[2]), column_index(match[1].encode())))
        cell.clear()
    return blanks

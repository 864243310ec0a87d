"""Streaming CSV and XLSX exports of what the inbox filters select, in flat memory."""

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..extensions import db
from .columns import COLUMNS, export_values

BOM = "\ufeff"
BATCH = 1000
# A spreadsheet runs a cell starting with these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def headings() -> list[str]:
    return [str(c.heading) for c in COLUMNS]


def export_lines(stmt, staff_emails: dict[int, str]) -> Iterator[list[str]]:
    """Yield the heading and one neutralised line per lead, fetching 1,000 rows at a time."""
    yield headings()
    result = db.session.execute(stmt.execution_options(yield_per=BATCH))
    for row in result:
        yield [neutralise(str(v)) for v in export_values(row, staff_emails)]


def csv_chunks(lines: Iterable[list[str]]) -> Iterator[str]:
    """Yield CSV text (UTF-8 BOM first, so Excel reads Chinese), ~100 lines per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    for n, line in enumerate(lines, 1):
        writer.writerow(line)
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(lines: Iterable[list[str]]) -> str:
    """Write the lines to a temporary XLSX (write-only mode keeps memory flat); return its path."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("leads")
    for line in lines:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in line])
    fd, path = tempfile.mkstemp(prefix="leads-export-", suffix=".xlsx")
    os.close(fd)
    workbook.save(path)
    return path


def file_chunks(path: str) -> Iterator[bytes]:
    """Yield a file's bytes and delete it afterwards, even when the download is cut short."""
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)

"""/admin/leads/export.csv and .xlsx: what the inbox filters select, audited, streamed in
flat memory; admins only.

An export carries every full phone number (the lead page masks them and audits each
reveal), so it is an admin right; each one is audited with its filters and row count.
"""

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask_login import current_user
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..database import begin_write
from ..extensions import db
from ..models import StaffUser
from ..templating import site_today
from .access import role_required
from .audit import record
from .blueprint import bp
from .inbox import COLUMNS, export_values
from .lead_query import parse_filters, rows_query

BOM = "\ufeff"
BATCH = 1000
# A spreadsheet runs a cell starting with these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _prepare(kind: str):
    """Record the export, then return the lines to write and the download's file name."""
    filters = parse_filters(request.args)
    begin_write()
    counted = rows_query(filters, current_user.id).order_by(None).subquery()
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(counted))
    record("export", detail={"format": kind, "filters": filters.args(page=1), "rows": rows})
    db.session.commit()
    emails = dict(db.session.execute(db.select(StaffUser.id, StaffUser.email)).all())
    # current_user reloads here, after the commit: the streamed body runs after the view.
    lines = export_lines(rows_query(filters, current_user.id), emails)
    return lines, f"leads-export-{site_today().isoformat()}.{kind}"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/leads/export.csv")
@role_required("admin")
def export_csv():
    """Stream the filtered leads as CSV."""
    lines, filename = _prepare("csv")
    body = stream_with_context(chunk.encode("utf-8") for chunk in csv_chunks(lines))
    return _download(body, "text/csv; charset=utf-8", filename)


@bp.route("/leads/export.xlsx")
@role_required("admin")
def export_xlsx():
    """Write the filtered leads to a temporary XLSX file, then stream it."""
    lines, filename = _prepare("xlsx")
    return _download(file_chunks(xlsx_file(lines)), XLSX, filename)


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

"""/admin/leads/export.csv and .xlsx: what the current filters show, audited."""

from flask import Response, request, stream_with_context
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..models import StaffUser
from ..templating import site_today
from .audit import record
from .export import csv_chunks, export_lines, file_chunks, xlsx_file
from .query import parse_filters, rows_query
from .views import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _prepare(kind: str):
    """Record the export, then return the lines to write and the download's file name."""
    filters = parse_filters(request.args)
    begin_write()
    record("export", detail={"format": kind, "filters": filters.args(page=1)})
    db.session.commit()
    emails = dict(db.session.execute(db.select(StaffUser.id, StaffUser.email)).all())
    lines = export_lines(rows_query(filters, current_user.id), emails)
    return lines, f"leads-export-{site_today().isoformat()}.{kind}"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/leads/export.csv")
def export_csv():
    """Stream the filtered leads as CSV."""
    lines, filename = _prepare("csv")
    body = stream_with_context(chunk.encode("utf-8") for chunk in csv_chunks(lines))
    return _download(body, "text/csv; charset=utf-8", filename)


@bp.route("/leads/export.xlsx")
def export_xlsx():
    """Write the filtered leads to a temporary XLSX file, then stream it."""
    lines, filename = _prepare("xlsx")
    return _download(file_chunks(xlsx_file(lines)), XLSX, filename)

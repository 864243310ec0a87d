"""/admin/leads/export.csv and .xlsx: what the current filters show, audited; admins only.

An export carries every full phone number (the lead page masks them and audits each
reveal), so it is an admin right; each one is audited with its filters and row count.
"""

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..models import StaffUser
from ..templating import site_today
from .access import role_required
from .audit import record
from .export import csv_chunks, export_lines, file_chunks, xlsx_file
from .query import parse_filters, rows_query
from .views import bp

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

"""The one list of (field, heading) pairs behind both the inbox table and the exports."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

from .labels import need_label, source_label, status_label
from .priority import lead_priority


@dataclass(frozen=True)
class Column:
    field: str
    heading: object  # a lazy string: evaluated in the reader's language
    sort: str | None = None  # the ?sort= key, when the column can be sorted
    table: bool = True  # shown in the inbox table (exports show every column)


COLUMNS = (
    Column("created_at", _l("Received"), sort="received"),
    Column("reference", _l("Reference"), table=False),
    Column("need", _l("Need"), sort="need"),
    Column("name", _l("Name"), sort="name"),
    Column("phone", _l("Phone")),
    Column("company", _l("Company"), sort="company"),
    Column("email", _l("E-mail"), table=False),
    Column("detail", _l("Request"), table=False),
    Column("band", _l("Self-check"), sort="band"),
    Column("priority", _l("Priority")),
    Column("status", _l("Status"), sort="status"),
    Column("assignee", _l("Assignee")),
    Column("source", _l("Source"), sort="source"),
    Column("utm_source", _l("utm_source"), table=False),
    Column("utm_medium", _l("utm_medium"), table=False),
    Column("utm_campaign", _l("utm_campaign"), table=False),
)
TABLE_COLUMNS = tuple(c for c in COLUMNS if c.table)


def local_time(value: datetime | None) -> str:
    """Format a UTC timestamp in the business's time zone (what sales staff read)."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime("%Y-%m-%d %H:%M")


def export_values(row, staff_emails: dict[int, str]) -> list[str]:
    """Return one export line's cells, in COLUMNS order, as plain text."""
    priority = lead_priority(row)
    values = {
        "created_at": local_time(row.created_at),
        "need": need_label(row.need),
        "phone": row.phone_e164 or "",
        "band": row.band or "",
        "priority": f"{priority.label} ({priority.reason})" if priority.level else "",
        "status": status_label(row.status),
        "assignee": staff_emails.get(row.assignee_id, ""),
        "source": source_label(row.source_page),
    }
    return [values[c.field] if c.field in values else (getattr(row, c.field) or "")
            for c in COLUMNS]

"""The inbox table's cell texts, computed in one Python pass per row.

A Jinja call (a label helper, url_for, a Babel lookup) costs several microseconds; fifty
rows of ten cells made them most of the page's time. The template only places strings.
"""

from dataclasses import dataclass

from flask import url_for

from ..leads.phone import mask_phone
from ..models import StaffUser
from .columns import local_time
from .labels import band_label, need_label, source_label, status_label
from .priority import lead_priority


@dataclass(frozen=True, slots=True)
class TableRow:
    id: int
    href: str
    status: str
    created_iso: str
    created_local: str
    need: str
    name: str | None
    erased: bool
    phone: str
    company: str
    band: str | None
    band_title: str
    priority_level: str
    priority_label: str
    priority_reason: str
    status_label: str
    assignee: str
    source: str


def table_rows(rows, staff: dict[int, StaffUser]) -> list[TableRow]:
    """Return the display texts of the inbox's rows (see query.ROW_COLUMNS)."""
    # One url_for for the page: the lead URLs differ only by the id.
    prefix, _zero, suffix = url_for("admin.lead", lead_id=0).rpartition("0")
    assignees = {i: user.email.split("@")[0] for i, user in staff.items()}
    labels, priorities = {}, {}  # a page repeats a handful of codes and priorities

    def label(function, code):
        if (function, code) not in labels:
            labels[function, code] = function(code)
        return labels[function, code]

    table = []
    for row in rows:
        key = _priority_key(row)
        if key not in priorities:
            priorities[key] = lead_priority(row)
        priority = priorities[key]
        table.append(TableRow(
            id=row.id,
            href=f"{prefix}{row.id}{suffix}",
            status=row.status,
            created_iso=row.created_at.isoformat(timespec="seconds"),
            created_local=local_time(row.created_at),
            need=label(need_label, row.need),
            name=row.name,
            erased=row.erased_at is not None,
            phone=mask_phone(row.phone_e164),
            company=row.company or "",
            band=row.band,
            band_title=label(band_label, row.band) if row.band else "",
            priority_level=priority.level,
            priority_label=priority.label if priority.level else "",
            priority_reason=priority.reason,
            status_label=label(status_label, row.status),
            assignee=assignees.get(row.assignee_id, ""),
            source=label(source_label, row.source_page),
        ))
    return table


def _priority_key(row) -> tuple:
    """Return everything lead_priority reads from a row: equal keys, equal priorities."""
    return (row.status, row.erased_at is None, row.band, row.credit_need, row.overdue_90, row.need,
            bool(row.name), bool(row.company), bool(row.email), len(row.detail or "") >= 60)


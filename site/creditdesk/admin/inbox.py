"""The lead inbox: status tabs with counts, filters in the URL, sort, pagination.

Its parts, in order: the views; the columns behind both the table and the exports; the
table's cell texts. The filters and queries are in `lead_query`, the tabs' numbers in
`tab_counts`.
"""

from dataclasses import dataclass, replace

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..counting import at_least
from ..extensions import db
from ..followup.clock import Waiting, waiting
from ..followup.queue import CLOSED
from ..leads.choices import FIXED_SOURCES, NEEDS
from ..library import library
from ..models import LeadStatus, StaffUser, now_utc
from ..pagination import Page, clamp, offset
from ..shared import mask_phone
from .blueprint import bp
from .labels import (
    STATUS_LABELS,
    band_codes,
    band_label,
    local_time,
    need_label,
    outcome_label,
    source_label,
    status_label,
    step_label,
)
from .lead_query import DEFAULT_SORT, parse_filters, rows_query
from .priority import lead_priority
from .tab_counts import capped_labels, capped_page, counts_deferred, kept_counts, status_counts


@bp.route("/leads")
def lead_list():
    """List the leads the filters select, newest first by default.

    The status tabs' numbers are exact. On a large inbox (more leads than
    INBOX_EXACT_COUNTS_UPTO), a filtered list counts its own tab only up to a cap
    ("1,000+") and the other tabs' numbers arrive from `lead_counts` after the page.
    """
    filters = parse_filters(request.args)
    per_page = current_app.config["ADMIN_PAGE_SIZE"]
    me = current_user.id
    kept = kept_counts()
    deferred = counts_deferred(filters, kept)
    if deferred:
        result, pager = capped_page(filters, me, per_page)
        counts = dict.fromkeys(kept)  # None: fetched by admin.js from lead_counts
        counts[filters.status] = at_least(pager.total, pager.more)
    else:
        counts = status_counts(filters, me, kept)
        page, pages = clamp(filters.page, counts[filters.status], per_page)
        stmt = rows_query(filters, me).limit(per_page).offset(offset(page, per_page))
        result = db.session.execute(stmt).all()
        pager = Page(result, page, pages, counts[filters.status])
    staff = staff_by_id()
    rows = table_rows(result, staff)
    return render_template(
        "admin/inbox.html", filters=filters, counts=counts, rows=rows, total=pager.total,
        pager=replace(pager, items=rows), columns=TABLE_COLUMNS, staff=staff,
        choices=filter_choices(filters.source), texts=card_texts(),
        counts_url=url_for("admin.lead_counts", **filters.args(page=1, sort=DEFAULT_SORT))
        if deferred else None,
    ), 400 if filters.errors else 200


@bp.route("/leads/counts")
def lead_counts():
    """Return the status tabs' numbers for the filters in the URL, each up to COUNT_CAP."""
    filters = parse_filters(request.args)
    return jsonify(counts=capped_labels(filters, current_user.id), errors=filters.errors), \
        400 if filters.errors else 200


def staff_by_id() -> dict[int, StaffUser]:
    users = db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars()
    return {u.id: u for u in users}


def filter_choices(source: str = "") -> dict:
    """Return the options of the filter form's selects."""
    return {
        "statuses": [(s.value, STATUS_LABELS[s]) for s in LeadStatus],
        "needs": list(NEEDS),
        "bands": [(code, band_label(code)) for code in band_codes()],
        "sources": source_choices(source),
    }


def source_choices(selected: str = "") -> list[tuple[str, str]]:
    """Return (value, label) of the sources a lead can have: the fixed pages, then articles.

    The leads form stores nothing else, so there is no need to ask every lead; a value
    from the URL (e.g. an article since removed) is kept so the select shows it.
    """
    articles = sorted(library().slugs - set(FIXED_SOURCES), key=lambda s: (source_label(s), s))
    sources = [*FIXED_SOURCES, *articles]  # a few dozen: microseconds
    if selected and selected not in sources:
        sources.append(selected)
    return [(s, source_label(s)) for s in sources]


# Columns -------------------------------------------------------------------------------

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
    Column("next_step", _l("Next step"), sort="due"),
    Column("assignee", _l("Assignee")),
    Column("source", _l("Source"), sort="source"),
    Column("utm_source", _l("utm_source"), table=False),
    Column("utm_medium", _l("utm_medium"), table=False),
    Column("utm_campaign", _l("utm_campaign"), table=False),
)
TABLE_COLUMNS = tuple(c for c in COLUMNS if c.table)


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
        "next_step": (f"{step_label(row.next_action)} {local_time(row.next_due_at)}"
                      if row.next_action else ""),
    }
    return [values[c.field] if c.field in values else (getattr(row, c.field) or "")
            for c in COLUMNS]


# Table cells ---------------------------------------------------------------------------

# A Jinja call (a label helper, url_for, a Babel lookup) costs several microseconds; fifty
# rows of ten cells made them most of the page's time. The template only places strings.
# The same texts make the cards of the inbox on a phone and of my queue (`lead_card`).


@dataclass(frozen=True, slots=True)
class TableRow:
    id: int
    href: str
    contact_href: str  # where a card's one-tap contact outcome is sent
    status: str
    created_iso: str
    created_local: str
    need: str
    title: str  # the card's: the name, else the company, else the reference
    name: str  # the table's: the name, else "(no name)"
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
    step: str  # the next step's action
    due_iso: str
    due_local: str
    overdue: bool
    waiting: Waiting | None
    waiting_text: str


def table_rows(rows, staff: dict[int, StaffUser]) -> list[TableRow]:
    """Return the display texts of leads (rows with ROW_COLUMNS, or Lead objects)."""
    # One url_for for the page: the lead URLs differ only by the id.
    prefix, _zero, suffix = url_for("admin.lead", lead_id=0).rpartition("0")
    contact, _zero, contact_end = url_for("admin.lead_contact", lead_id=0).rpartition("0")
    assignees = {i: user.email.split("@")[0] for i, user in staff.items()}
    labels, priorities = {}, {}  # a page repeats a handful of codes and priorities
    now = now_utc()
    erased_text, no_name = _("(erased)"), _("(no name)")

    def waiting_text(wait: Waiting | None) -> str:
        if wait is None:
            return ""
        if ("waiting", wait.whole_hours) not in labels:
            labels["waiting", wait.whole_hours] = _("waiting %(n)d h", n=wait.whole_hours)
        return labels["waiting", wait.whole_hours]

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
        erased = row.erased_at is not None
        wait = waiting(row.created_at, row.status, row.first_response_at, erased, now)
        table.append(TableRow(
            id=row.id,
            href=f"{prefix}{row.id}{suffix}",
            contact_href=f"{contact}{row.id}{contact_end}",
            status=row.status,
            created_iso=row.created_at.isoformat(timespec="seconds"),
            created_local=local_time(row.created_at),
            need=label(need_label, row.need),
            title=erased_text if erased else row.name or row.company or row.reference,
            name=erased_text if erased else row.name or no_name,
            erased=erased,
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
            step=label(step_label, row.next_action) if row.next_action else "",
            due_iso=row.next_due_at.isoformat(timespec="seconds") if row.next_due_at else "",
            due_local=local_time(row.next_due_at),
            overdue=row.next_due_at is not None and row.next_due_at < now
            and row.status not in CLOSED and row.erased_at is None,
            waiting=wait,
            waiting_text=waiting_text(wait),
        ))
    return table


def _priority_key(row) -> tuple:
    """Return everything lead_priority reads from a row: equal keys, equal priorities."""
    return (row.status, row.erased_at is None, row.band, row.credit_need, row.overdue_90,
            row.need,
            bool(row.name), bool(row.company), bool(row.email), len(row.detail or "") >= 60)


def card_texts() -> dict[str, str]:
    """Return the fixed words of a lead card (`lead_card`), translated once a page."""
    return {"overdue": _("overdue"), "no_step": _("No next step planned."),
            "log": _("Log a contact attempt"), "more": _("More…"),
            "reached": outcome_label("reached"), "no_answer": outcome_label("no_answer")}

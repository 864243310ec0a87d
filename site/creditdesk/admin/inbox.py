"""The lead inbox: status tabs with counts, filters in the URL, sort, pagination.

Its parts, in order: the view; the filters (all in the URL) and the queries they drive,
shared with the export; the columns behind both the table and the exports; the table's
cell texts.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.dialects import postgresql

from ..counting import at_least, capped, count_upto
from ..extensions import db
from ..followup.clock import Waiting, waiting
from ..followup.queue import CLOSED, open_lead
from ..leads.choices import FIXED_SOURCES, NEEDS
from ..library import library
from ..models import Lead, LeadStatus, LeadStatusCount, StaffUser, lead_index, now_utc
from ..pagination import Page, clamp, offset, page_count
from ..shared import mask_phone, phone_digits
from .blueprint import bp
from .labels import (
    STATUS_LABELS,
    band_codes,
    band_label,
    local_time,
    need_label,
    source_label,
    status_label,
    step_label,
)
from .priority import lead_priority


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
    if counts_deferred(filters, kept):
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
        choices=filter_choices(filters.source),
        counts_url=None if counts[""] is not None else
        url_for("admin.lead_counts", **filters.args(page=1, sort=DEFAULT_SORT)),
    ), 400 if filters.errors else 200


@bp.route("/leads/counts")
def lead_counts():
    """Return the status tabs' numbers for the filters in the URL, each up to COUNT_CAP."""
    filters = parse_filters(request.args)
    counts = {s.value: count_upto(rows_query(replace(filters, status=s.value), current_user.id),
                                  COUNT_CAP)
              for s in LeadStatus}
    shown = [n for s, n in counts.items() if s != LeadStatus.SPAM]
    labels = {s: capped(n, COUNT_CAP) for s, n in counts.items()}
    labels[""] = at_least(sum(shown), more=max(shown) >= COUNT_CAP)
    return jsonify(counts=labels, errors=filters.errors), 400 if filters.errors else 200


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


# Filters and queries --------------------------------------------------------------------

NO_BAND, UNASSIGNED, ME, OVERDUE = "none", "none", "me", "overdue"
MAX_SEARCH = 100
SORTS = {
    "received": Lead.created_at,
    "need": Lead.need,
    "name": Lead.name,
    "company": Lead.company,
    "band": Lead.band,
    "status": Lead.status,
    "source": Lead.source_page,
    "due": Lead.next_due_at,
}
NULLABLE_SORTS = frozenset({"name", "company", "band", "source", "due"})
DEFAULT_SORT = "-received"


@dataclass(frozen=True)
class Filters:
    status: str = ""  # "" = every status but spam
    need: str = ""
    band: str = ""
    assignee: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    due: str = ""  # "overdue": only open leads whose next step is past due
    sort: str = DEFAULT_SORT
    page: int = 1
    errors: dict = field(default_factory=dict)

    def args(self, **changes) -> dict:
        """Return the non-default filters as URL arguments, with `changes` applied."""
        values = replace(self, **changes) if changes else self
        args = {
            "status": values.status, "need": values.need, "band": values.band,
            "assignee": values.assignee, "source": values.source, "q": values.q,
            "from": values.date_from.isoformat() if values.date_from else "",
            "to": values.date_to.isoformat() if values.date_to else "",
            "due": values.due,
            "sort": "" if values.sort == DEFAULT_SORT else values.sort,
            "page": "" if values.page == 1 else values.page,
        }
        return {k: v for k, v in args.items() if v not in ("", None)}


def parse_filters(args) -> Filters:
    """Read the filters from request.args; a bad value is dropped with a message for it."""
    errors, values = {}, {}
    status = args.get("status", "")
    values["status"] = _choice(status, [s.value for s in LeadStatus], "status", errors)
    values["band"] = _choice(args.get("band", ""), [*band_codes(), NO_BAND], "band", errors)
    values["need"] = _text(args, "need").strip()[:32]
    values["source"] = _text(args, "source").strip()[:200]
    assignee = _text(args, "assignee").strip()
    if assignee and not (assignee in (UNASSIGNED, ME) or _small_int(assignee)):
        errors["assignee"], assignee = _("Choose an assignee from the list."), ""
    values["assignee"] = assignee
    values["due"] = _choice(args.get("due", ""), [OVERDUE], "due", errors)
    values["date_from"] = _date(args.get("from", ""), "from", errors)
    values["date_to"] = _date(args.get("to", ""), "to", errors)
    if values["date_from"] and values["date_to"] and values["date_from"] > values["date_to"]:
        errors["to"], values["date_to"] = _("The end date is before the start date."), None
    q = " ".join(_text(args, "q").split())
    if len(q) > MAX_SEARCH:
        errors["q"] = _("Search for at most %(n)d characters.", n=MAX_SEARCH)
        q = q[:MAX_SEARCH]
    values["q"] = q
    sort = args.get("sort", DEFAULT_SORT)
    values["sort"] = sort if sort.removeprefix("-") in SORTS else DEFAULT_SORT
    page = args.get("page", "1")
    values["page"] = int(page) if _small_int(page) and 0 < int(page) < 10**6 else 1
    return Filters(errors=errors, **values)



def _text(args, name: str) -> str:
    """Return a query argument without NUL bytes (PostgreSQL refuses them in text)."""
    return args.get(name, "").replace("\x00", "")


def _small_int(value: str) -> bool:
    """Return whether value is ASCII digits fitting a database integer ("²" is a digit too)."""
    return value.isascii() and value.isdigit() and int(value) < 2**31


def _choice(value: str, allowed, name: str, errors: dict) -> str:
    if value and value not in allowed:
        errors[name] = _("Choose a value from the list.")
        return ""
    return value


def _date(value: str, name: str, errors: dict) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = _("Enter a date as YYYY-MM-DD.")
        return None


def conditions(filters: Filters, me_id: int | None, status: str = "") -> list:
    """Return the WHERE clauses for every filter but status.

    `status`, when the query is about one status, only lets the search's index lookup
    take that status along (the caller still adds `status_clause`).
    """
    where = []
    folded = folds_filters(filters.q)
    if filters.need and not folded:
        where.append(Lead.need == filters.need)
    if filters.band == NO_BAND:
        where.append(Lead.assessment_result_id.is_(None))
    elif filters.band:
        where.append(Lead.band == filters.band)
    if filters.assignee == UNASSIGNED:
        where.append(Lead.assignee_id.is_(None))
    elif filters.assignee == ME:
        where.append(Lead.assignee_id == me_id)
    elif filters.assignee:
        where.append(Lead.assignee_id == int(filters.assignee))
    if filters.source:
        where.append(Lead.source_page == filters.source)
    if filters.date_from:
        where.append(Lead.created_at >= local_midnight(filters.date_from))
    if filters.date_to:
        where.append(Lead.created_at < local_midnight(filters.date_to + timedelta(days=1)))
    if filters.q:
        where.append(search_clause(filters.q, need=filters.need, status=status)
                     if folded else search_clause(filters.q))
    if filters.due == OVERDUE:
        where += [Lead.next_due_at < now_utc(), open_lead()]
    return where


def folds_filters(q: str) -> bool:
    """Return whether a search for `q` also selects the need and status (PostgreSQL, where
    they are indexed terms beside the grams): the query then has no separate condition
    on them, which the planner would otherwise combine with a scan of the status index."""
    return bool(q) and db.engine.dialect.name == "postgresql" and bool(lead_index.grams(q))


def search_clause(q: str, need: str = "", status: str = ""):
    """Match name, company or detail containing `q`, or a phone containing its digits.

    On PostgreSQL, `need` and `status` are selected by the same index lookup (the index's
    recheck makes that exact); elsewhere they must be empty (see `folds_filters`).
    """
    # SQLite's LIKE already ignores ASCII case; lower() on every row would double the scan.
    # Nor does case matter when `q` has no letter with a case (Chinese, digits): plain
    # LIKE, not ILIKE, which lowers every candidate's text first.
    sqlite = db.engine.dialect.name == "sqlite"
    plain = sqlite or caseless(q)
    clauses = [(col.contains if plain else col.icontains)(q, autoescape=True)
               for col in (Lead.name, Lead.company, Lead.detail)]
    digits = phone_digits(q)
    if len(digits) >= 4:
        clauses.append(Lead.phone_e164.contains(digits, autoescape=True))
    exact = sa.or_(*clauses)
    grams = lead_index.grams(q)
    if not grams:  # one letter or only punctuation: nothing to look up, scan
        return exact
    alternatives = [grams] + ([lead_index.grams(digits)] if len(digits) >= 4 else [])
    # The index finds every row holding the grams; LIKE keeps those that really match.
    terms = lead_index.filter_terms(status=status, need=need)
    return sa.and_(index_candidates(alternatives, sqlite, terms), exact)


def caseless(text: str) -> bool:
    """Return whether no character of `text` has an upper or lower case (汉字, digits)."""
    return all(c.lower() == c == c.upper() and not unicodedata.combining(c) for c in text)


FTS = sa.table(lead_index.FTS_TABLE, sa.column("rowid"))
# The indexed expression, spelled as lead_index.TERMS_SQL so the planner matches it:
# constants inline, not bound parameters.
TERMS = sa.func.string_to_array(Lead.search_text, sa.literal_column("' '")).op("||")(
    postgresql.array([sa.literal_column("'s:'").op("||")(Lead.status),
                      sa.literal_column("'n:'").op("||")(Lead.need),
                      sa.literal_column("'sn:'").op("||")(Lead.status)
                      .op("||")(sa.literal_column("'/'")).op("||")(Lead.need)]))


def index_candidates(alternatives: list[list[str]], sqlite: bool, terms=()):
    """Select the leads whose search text holds all grams of one of the alternatives
    (and, on PostgreSQL, every one of `terms`: a status or need term)."""
    if sqlite:  # each alternative as an FTS5 phrase: its grams in a row
        match = " OR ".join('"' + " ".join(grams) + '"' for grams in alternatives)
        return Lead.id.in_(sa.select(FTS.c.rowid)
                           .where(sa.literal_column(lead_index.FTS_TABLE).op("MATCH")(match)))
    return sa.or_(*(TERMS.op("@>")(sa.cast(postgresql.array(sorted(set(grams)) + list(terms)),
                                           postgresql.ARRAY(sa.Text)))
                    for grams in alternatives))


def status_clause(status: str):
    if status:
        return Lead.status == status
    return Lead.status != LeadStatus.SPAM


def local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


# Counting ------------------------------------------------------------------------------

COUNT_CAP = 1000  # a large inbox's filtered counts stop here: "1,000+"
PAGES_AHEAD = 10  # ... or this many pages past the one shown, whichever is more


def kept_counts() -> dict[str, int]:
    """Return the leads per status from the counters the triggers keep (no scan)."""
    rows = db.session.execute(sa.select(LeadStatusCount.status, LeadStatusCount.n)).all()
    counts = {s.value: 0 for s in LeadStatus}
    counts.update({status: n for status, n in rows})
    counts[""] = sum(n for s, n in counts.items() if s and s != LeadStatus.SPAM)
    return counts


def counts_deferred(filters: Filters, kept: dict[str, int]) -> bool:
    """Return whether exact tab counts would read too many leads for one page view."""
    leads = sum(n for status, n in kept.items() if status)
    return bool(conditions(filters, None)) and \
        leads > current_app.config["INBOX_EXACT_COUNTS_UPTO"]


def status_counts(filters: Filters, me_id: int | None,
                  kept: dict[str, int] | None = None) -> dict[str, int]:
    """Count leads per status under the other filters (the tabs' numbers), exactly."""
    where = conditions(filters, me_id)
    if not where:  # the unfiltered inbox: the counters the triggers keep
        return kept if kept is not None else kept_counts()
    stmt = sa.select(Lead.status, sa.func.count()).where(*where).group_by(Lead.status)
    counts = {s.value: 0 for s in LeadStatus}
    counts.update({status: n for status, n in db.session.execute(stmt).all()})
    counts[""] = sum(n for s, n in counts.items() if s and s != LeadStatus.SPAM)
    return counts


def capped_page(filters: Filters, me_id: int | None, per_page: int) -> tuple[list, Page]:
    """Return one page of rows and a Page whose total is exact up to a cap.

    One query reads the first `cap` leads in the list's order (their ids and sort keys
    only) and counts them, so the total costs little more than the page: cap =
    COUNT_CAP, or PAGES_AHEAD pages past this one. The page's rows are then read by id.
    """
    cap = max(COUNT_CAP, (filters.page + PAGES_AHEAD) * per_page)
    sort = SORTS[filters.sort.removeprefix("-")]
    first = rows_query(filters, me_id, columns=(Lead.id, sort)).limit(cap).subquery()

    def fetch(page: int) -> list:
        shown = (sa.select(first, sa.func.count().over().label("capped_total"))
                 .order_by(*ordering(filters, lambda column: first.c[column.key]))
                 .limit(per_page).offset(offset(page, per_page)).subquery())
        return db.session.execute(
            sa.select(*ROW_COLUMNS, shown.c.capped_total).join(shown, Lead.id == shown.c.id)
            .order_by(*ordering(filters, lambda column: shown.c[column.key]))
        ).all()

    page = filters.page
    rows = fetch(page)
    if rows:
        found = rows[0].capped_total
    else:  # an empty list, or a page past the end: count, then show the last page
        found = count_upto(rows_query(filters, me_id), cap)
        page, _pages = clamp(page, found, per_page)
        if page != filters.page:
            rows = fetch(page)
    more = found >= cap  # at least `cap`: "1,000+"
    return rows, Page(rows, page, page_count(found, per_page), found, more=more)


def rows_query(filters: Filters, me_id: int | None, columns=None) -> sa.Select:
    """Return the listing's SELECT (every filter and the sort), without paging."""
    where = conditions(filters, me_id, status=filters.status)
    if not (filters.status and folds_filters(filters.q)):
        where.append(status_clause(filters.status))
    if filters.due == OVERDUE and filters.status in CLOSED:
        # A closed lead is never overdue: say so, rather than let the database read
        # every lead of that status to find none.
        where.append(sa.false())
    return sa.select(*(columns or ROW_COLUMNS)).where(*where).order_by(*ordering(filters))


def ordering(filters: Filters, column=lambda column: column) -> tuple:
    """Return the ORDER BY of the list: the chosen sort, then the newest id first.

    `column` maps a lead column to the one to sort (e.g. a subquery's).
    """
    key = filters.sort.removeprefix("-")
    sort = column(SORTS[key])
    order = sort.desc() if filters.sort.startswith("-") else sort.asc()
    if key in NULLABLE_SORTS:
        order = order.nulls_last()
    return order, column(Lead.id).desc()


ROW_COLUMNS = (
    Lead.id, Lead.reference, Lead.created_at, Lead.need, Lead.name, Lead.phone_e164,
    Lead.company, Lead.email, Lead.detail, Lead.status, Lead.spam_reason, Lead.assignee_id,
    Lead.source_page, Lead.utm_source, Lead.utm_medium, Lead.utm_campaign, Lead.erased_at,
    Lead.assessment_result_id, Lead.band, Lead.credit_need, Lead.overdue_90,
    Lead.next_action, Lead.next_due_at, Lead.first_response_at,
)


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


@dataclass(frozen=True, slots=True)
class TableRow:
    id: int
    href: str
    status: str
    created_iso: str
    created_local: str
    need: str
    title: str  # the card's: the name, else the company, else "(no name)"
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
    next_step: str
    next_due_iso: str
    next_due_local: str
    overdue: bool
    waiting: Waiting | None
    waiting_text: str


def table_rows(rows, staff: dict[int, StaffUser]) -> list[TableRow]:
    """Return the display texts of the inbox's rows (see ROW_COLUMNS)."""
    # One url_for for the page: the lead URLs differ only by the id.
    prefix, _zero, suffix = url_for("admin.lead", lead_id=0).rpartition("0")
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
            status=row.status,
            created_iso=row.created_at.isoformat(timespec="seconds"),
            created_local=local_time(row.created_at),
            need=label(need_label, row.need),
            title=erased_text if erased else row.name or row.company or no_name,
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
            next_step=label(step_label, row.next_action) if row.next_action else "",
            next_due_iso=row.next_due_at.isoformat() if row.next_due_at else "",
            next_due_local=local_time(row.next_due_at),
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

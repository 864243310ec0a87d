"""The inbox's filters (all in the URL) and the queries they drive, shared with the export."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql

from ..extensions import db
from ..models import Lead, LeadStatus, LeadStatusCount, lead_index
from .phone import phone_digits

BANDS = ("A", "B", "C", "D", "E")
NO_BAND, UNASSIGNED, ME = "none", "none", "me"
MAX_SEARCH = 100
SORTS = {
    "received": Lead.created_at,
    "need": Lead.need,
    "name": Lead.name,
    "company": Lead.company,
    "band": Lead.band,
    "status": Lead.status,
    "source": Lead.source_page,
}
NULLABLE_SORTS = frozenset({"name", "company", "band", "source"})
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
            "sort": "" if values.sort == DEFAULT_SORT else values.sort,
            "page": "" if values.page == 1 else values.page,
        }
        return {k: v for k, v in args.items() if v not in ("", None)}


def parse_filters(args) -> Filters:
    """Read the filters from request.args; a bad value is dropped with a message for it."""
    errors, values = {}, {}
    status = args.get("status", "")
    values["status"] = _choice(status, [s.value for s in LeadStatus], "status", errors)
    values["band"] = _choice(args.get("band", ""), [*BANDS, NO_BAND], "band", errors)
    values["need"] = _text(args, "need").strip()[:32]
    values["source"] = _text(args, "source").strip()[:200]
    assignee = _text(args, "assignee").strip()
    if assignee and not (assignee in (UNASSIGNED, ME) or _small_int(assignee)):
        errors["assignee"], assignee = _("Choose an assignee from the list."), ""
    values["assignee"] = assignee
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


def conditions(filters: Filters, me_id: int | None) -> list:
    """Return the WHERE clauses for every filter but status."""
    where = []
    if filters.need:
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
        where.append(search_clause(filters.q))
    return where


def search_clause(q: str):
    """Match name, company or detail containing `q`, or a phone containing its digits."""
    # SQLite's LIKE already ignores ASCII case; lower() on every row would double the scan.
    sqlite = db.engine.dialect.name == "sqlite"
    clauses = [(col.contains if sqlite else col.icontains)(q, autoescape=True)
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
    return sa.and_(index_candidates(alternatives, sqlite), exact)


FTS = sa.table(lead_index.FTS_TABLE, sa.column("rowid"))
GRAMS = sa.func.string_to_array(Lead.search_text, sa.literal_column("' '"))  # as indexed


def index_candidates(alternatives: list[list[str]], sqlite: bool):
    """Select the leads whose search text holds all grams of one of the alternatives."""
    if sqlite:  # each alternative as an FTS5 phrase: its grams in a row
        match = " OR ".join('"' + " ".join(grams) + '"' for grams in alternatives)
        return Lead.id.in_(sa.select(FTS.c.rowid)
                           .where(sa.literal_column(lead_index.FTS_TABLE).op("MATCH")(match)))
    return sa.or_(*(GRAMS.op("@>")(sa.cast(postgresql.array(sorted(set(grams))),
                                           postgresql.ARRAY(sa.Text)))
                    for grams in alternatives))


def status_clause(status: str):
    if status:
        return Lead.status == status
    return Lead.status != LeadStatus.SPAM


def local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def status_counts(filters: Filters, me_id: int | None) -> dict[str, int]:
    """Count leads per status under the other filters (the tabs' numbers)."""
    where = conditions(filters, me_id)
    if where:
        stmt = sa.select(Lead.status, sa.func.count()).where(*where).group_by(Lead.status)
        rows = db.session.execute(stmt).all()
    else:  # the unfiltered inbox: the counters the triggers keep, not a scan of every lead
        rows = db.session.execute(sa.select(LeadStatusCount.status, LeadStatusCount.n)).all()
    counts = {s.value: 0 for s in LeadStatus}
    counts.update({status: n for status, n in rows})
    counts[""] = sum(n for s, n in counts.items() if s and s != LeadStatus.SPAM)
    return counts


def rows_query(filters: Filters, me_id: int | None) -> sa.Select:
    """Return the listing's SELECT (every filter and the sort), without paging."""
    where = conditions(filters, me_id)
    key = filters.sort.removeprefix("-")
    order = SORTS[key].desc() if filters.sort.startswith("-") else SORTS[key].asc()
    if key in NULLABLE_SORTS:
        order = order.nulls_last()
    return (
        sa.select(*ROW_COLUMNS)
        .where(status_clause(filters.status), *where)
        .order_by(order, Lead.id.desc())
    )


ROW_COLUMNS = (
    Lead.id, Lead.reference, Lead.created_at, Lead.need, Lead.name, Lead.phone_e164,
    Lead.company, Lead.email, Lead.detail, Lead.status, Lead.spam_reason, Lead.assignee_id,
    Lead.source_page, Lead.utm_source, Lead.utm_medium, Lead.utm_campaign, Lead.erased_at,
    Lead.assessment_result_id, Lead.band, Lead.credit_need, Lead.overdue_90,
)

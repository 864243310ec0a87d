"""The inbox's filters (all in the URL) and the queries they drive: the list, its status
tabs' counts and the exports all select leads through `conditions` and `rows_query`.

On PostgreSQL a search also selects the status and need through the search index (see
`folds_filters`); elsewhere they are ordinary conditions.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql

from ..extensions import db
from ..followup.queue import CLOSED, open_lead
from ..models import Lead, LeadStatus, lead_index, now_utc
from ..shared import phone_digits
from ..templating import local_midnight
from .labels import band_codes

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
        where.append(Lead.created_at < local_midnight(filters.date_to, after=True))
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

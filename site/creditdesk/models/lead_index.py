"""The inbox's search index and per-status counters: the DDL the models cannot declare.

Search: `lead.search_text` holds the overlapping two-character grams of the lowercased
letters and digits of the name, company, request and phone. Any substring of two or more
such characters has all its grams there, so the index (an FTS5 table on SQLite, a GIN
index over the grams on PostgreSQL) narrows the rows to candidates and the exact
`LIKE` test runs on those only. Two-character grams, not trigrams: Chinese words are
mostly two characters long. On PostgreSQL the indexed terms also hold the lead's status
and need (`s:new`, `n:credit_insurance`, and both in one, `sn:new/credit_insurance`; a
gram is two characters, so they cannot collide): a search within a status tab and a need
is one index lookup, not a search followed by a filter over every lead holding the grams.

Counts: `lead_status_count` is kept exact by triggers, so the inbox's tabs do not count
the whole table on every page view.

Self-check facts: `lead.band` and `lead.credit_need` are copied from the linked result
when the ORM writes the link, so the inbox lists, filters and sorts without the join;
so is `lead.overdue_90` from a linked receivables health check.

`install()` is the one source of this DDL: the migration calls it, and so does
`db.create_all()` (the tests' and the benchmark's schema) through the hooks below.
"""

import unicodedata

import sqlalchemy as sa

from ..extensions import db
from .aging import AgingDiagnosis
from .assessment import AssessmentResult
from .leads import Lead

FTS_TABLE = "lead_fts"
GIN_INDEX = "ix_lead_search_terms"
OLD_GIN_INDEXES = ("ix_lead_search_grams",)  # earlier versions' grams-only index
# Objects made here, not by the models: autogenerate must neither create nor drop them.
UNMODELLED = frozenset({GIN_INDEX, *OLD_GIN_INDEXES})
# The indexed expression (PostgreSQL): the grams, the status term and the need term.
TERMS_SQL = ("(string_to_array(search_text, ' ') || "
             "ARRAY['s:' || status, 'n:' || need, 'sn:' || status || '/' || need])")


def filter_terms(status: str = "", need: str = "") -> list[str]:
    """Return the indexed terms selecting a status, a need, or both (PostgreSQL).

    Both together are one term: the index then walks one list of postings, not two
    long ones (every lead has a status and a need) intersected with the grams'.
    """
    if status and need:
        return [f"sn:{status}/{need}"]
    return [f"s:{status}"] if status else [f"n:{need}"] if need else []


def normalise(text: str) -> str:
    """Return the lowercased letters and digits of `text` (what the index sees)."""
    return "".join(c for c in text.lower() if unicodedata.category(c)[0] in "LN")


def grams(text: str) -> list[str]:
    """Return the overlapping two-character grams of `normalise(text)`, in order."""
    chars = normalise(text)
    return [chars[i:i + 2] for i in range(len(chars) - 1)]


def search_text(*fields: str | None) -> str | None:
    """Return the space-separated grams of the fields (None when there are none)."""
    found = [g for field in fields if field for g in grams(field)]
    return " ".join(found) or None


def lead_search_text(values) -> str | None:
    """Return the search text of a lead (object or mapping)."""
    get = values.get if isinstance(values, dict) else lambda k: getattr(values, k)
    return search_text(get("name"), get("company"), get("detail"), get("phone_e164"))


@sa.event.listens_for(Lead, "before_insert")
@sa.event.listens_for(Lead, "before_update")
def _keep_derived(_mapper, connection, lead: Lead) -> None:
    """Recompute the search text, and the self-check facts when the link changed."""
    text = lead_search_text(lead)
    if lead.search_text != text:
        lead.search_text = text
    link = sa.inspect(lead).attrs.assessment_result_id.history
    if link.has_changes() or (lead.assessment_result_id is not None and lead.band is None):
        lead.band, lead.credit_need = selfcheck_facts(connection, lead.assessment_result_id)
    if sa.inspect(lead).attrs.aging_diagnosis_id.history.has_changes():
        lead.overdue_90 = aging_overdue_90(connection, lead.aging_diagnosis_id)


def selfcheck_facts(connection, result_id: int | None) -> tuple[str | None, str | None]:
    """Return the band and the credit need (decimal text) of a self-check result."""
    if result_id is None:
        return None, None
    row = connection.execute(
        sa.select(AssessmentResult.band, AssessmentResult.result)
        .where(AssessmentResult.id == result_id)
    ).first()
    return (row.band, result_credit_need(row.result)) if row else (None, None)


def aging_overdue_90(connection, diagnosis_id: int | None) -> str | None:
    """Return a health check's balance more than 90 days past due, as decimal text."""
    if diagnosis_id is None:
        return None
    amount = connection.execute(
        sa.select(AgingDiagnosis.overdue_90).where(AgingDiagnosis.id == diagnosis_id)
    ).scalar_one_or_none()
    return None if amount is None else str(amount)


def result_credit_need(result: dict | None) -> str | None:
    """Return the credit need (M × (T + 15) / 30) a stored result computed, as text."""
    need = ((result or {}).get("limit") or {}).get("need")
    return None if need is None else str(need)


_SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    # `ascii`: splits on ASCII spaces and punctuation only; every gram stays one token.
    "search_text, content='lead', content_rowid='id', tokenize='ascii')",
    f"""CREATE TRIGGER IF NOT EXISTS lead_fts_insert AFTER INSERT ON lead
    WHEN new.search_text IS NOT NULL BEGIN
      INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS lead_fts_delete AFTER DELETE ON lead
    WHEN old.search_text IS NOT NULL BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
      VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS lead_fts_update AFTER UPDATE OF search_text ON lead
    WHEN old.search_text IS NOT new.search_text BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
      SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
      INSERT INTO {FTS_TABLE}(rowid, search_text)
      SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    """CREATE TRIGGER IF NOT EXISTS lead_count_insert AFTER INSERT ON lead BEGIN
      INSERT INTO lead_status_count(status, n) VALUES (new.status, 1)
      ON CONFLICT(status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER IF NOT EXISTS lead_count_update AFTER UPDATE OF status ON lead
    WHEN old.status IS NOT new.status BEGIN
      UPDATE lead_status_count SET n = n - 1 WHERE status = old.status;
      INSERT INTO lead_status_count(status, n) VALUES (new.status, 1)
      ON CONFLICT(status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER IF NOT EXISTS lead_count_delete AFTER DELETE ON lead BEGIN
      UPDATE lead_status_count SET n = n - 1 WHERE status = old.status;
    END""",
]

_POSTGRESQL = [
    *(f"DROP INDEX IF EXISTS {name}" for name in OLD_GIN_INDEXES),
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON lead USING gin ({TERMS_SQL})",
    """CREATE OR REPLACE FUNCTION lead_status_count_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM lead_status_count;
        RETURN NULL;
      END IF;
      -- Counter rows are locked in status order, so two opposite status changes
      -- at the same moment cannot deadlock.
      IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.status < NEW.status) THEN
        UPDATE lead_status_count SET n = n - 1 WHERE status = OLD.status;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO lead_status_count (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = lead_status_count.n + 1;
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.status > NEW.status THEN
        UPDATE lead_status_count SET n = n - 1 WHERE status = OLD.status;
      END IF;
      RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS lead_count_row ON lead",
    """CREATE TRIGGER lead_count_row AFTER INSERT OR DELETE ON lead
    FOR EACH ROW EXECUTE FUNCTION lead_status_count_sync()""",
    "DROP TRIGGER IF EXISTS lead_count_status ON lead",
    """CREATE TRIGGER lead_count_status AFTER UPDATE OF status ON lead
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION lead_status_count_sync()""",
    "DROP TRIGGER IF EXISTS lead_count_truncate ON lead",
    """CREATE TRIGGER lead_count_truncate AFTER TRUNCATE ON lead
    FOR EACH STATEMENT EXECUTE FUNCTION lead_status_count_sync()""",
]

_RECOUNT = [
    "DELETE FROM lead_status_count",
    "INSERT INTO lead_status_count (status, n) SELECT status, count(*) FROM lead GROUP BY status",
]


def install(connection: sa.Connection) -> None:
    """Create the search index and the counters' triggers, and fill both from the rows."""
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}[connection.dialect.name]
    for statement in [*statements, *_RECOUNT]:
        connection.exec_driver_sql(statement)


def uninstall(connection: sa.Connection) -> None:
    """Drop what `install` made outside the lead table (its triggers go with the table)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS lead_status_count_sync() CASCADE")


def include_name(name, type_, _parent_names) -> bool:
    """Alembic filter: leave the FTS table (and its shadow tables) and the GIN index alone."""
    if type_ == "table":
        return not (name == FTS_TABLE or name.startswith(FTS_TABLE + "_"))
    return name not in UNMODELLED


@sa.event.listens_for(db.metadata, "after_create")
def _after_create(_metadata, connection, **_kw) -> None:
    install(connection)


@sa.event.listens_for(db.metadata, "before_drop")
def _before_drop(_metadata, connection, **_kw) -> None:
    uninstall(connection)

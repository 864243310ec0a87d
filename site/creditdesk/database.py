"""Engine tuning per backend and the read-then-write transaction helper."""

import sqlalchemy as sa
from flask import Flask

from .extensions import db

IMMEDIATE = "creditdesk_immediate"


def init_app(app: Flask) -> None:
    """Tune SQLite connections (WAL, busy timeout, explicit BEGIN) once the engine exists."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"],
                         app.config["SQLITE_CACHE_MIB"])


def _tune_sqlite(engine: sa.Engine, busy_ms: int, cache_mib: int = 2) -> None:
    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, emit BEGIN, so we can choose its kind.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cur.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")  # negative: KiB
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(conn):
        # A deferred BEGIN that later writes can fail with "database is locked"
        # without waiting for the busy timeout; IMMEDIATE takes the write lock up front.
        kind = "IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {kind}")


def begin_write() -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite).

    Call first in a view whose transaction reads and then writes; on other
    backends it only opens the transaction.
    """
    session = db.session()
    if session.in_transaction():
        # Only a read transaction may be open here (e.g. Flask-Login loading the user).
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unsaved changes in the session")
        session.commit()
    session.connection(execution_options={IMMEDIATE: True})


def database_ok() -> bool:
    """Return whether the database answers a trivial query."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False

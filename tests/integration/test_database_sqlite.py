"""The default SQLite database: WAL mode, a busy timeout, foreign keys; wsgi.py's instance."""

import importlib.util
from pathlib import Path

import sqlalchemy as sa

from creditdesk import create_app
from creditdesk.extensions import db

REPO = Path(__file__).parents[2]


def pragmas(app) -> dict[str, object]:
    with app.app_context():
        with db.engine.connect() as conn:
            found = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                     for name in ("journal_mode", "busy_timeout", "foreign_keys")}
        db.engine.dispose()
    return found


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/cd.db"},
                     instance_path=str(tmp_path / "instance"))
    assert pragmas(app) == {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1}


def test_busy_timeout_is_configurable(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/cd.db",
                      "SQLITE_BUSY_TIMEOUT_MS": 1234}, instance_path=str(tmp_path / "i"))
    assert pragmas(app)["busy_timeout"] == 1234


def test_wsgi_points_the_app_at_the_top_level_instance_folder(monkeypatch, tmp_path):
    # Keep the real instance/ untouched: a configured key and database, nothing generated.
    monkeypatch.setenv("CREDITDESK_SECRET_KEY", '"test"')
    monkeypatch.setenv("CREDITDESK_SQLALCHEMY_DATABASE_URI", f'"sqlite:///{tmp_path}/w.db"')
    spec = importlib.util.spec_from_file_location("creditdesk_wsgi", REPO / "wsgi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert Path(module.app.instance_path) == REPO / "instance"
    with module.app.app_context():
        assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
        db.session.remove()
        db.engine.dispose()

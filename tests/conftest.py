"""Fixtures shared by every test: the app and its clients.

Tests run on SQLite; a test of database behaviour (queries, counters, the search index,
outbox leasing, migrations, concurrency) is marked `both_databases` and runs on SQLite
and on PostgreSQL. The content and the questionnaire definitions are read once per run.
"""

import os
import uuid

import pytest
import sqlalchemy as sa

from creditdesk import create_app, read_content
from creditdesk.config import Defaults
from creditdesk.extensions import db
from creditdesk.origin import LOOPBACK_HOSTS, host_of

POSTGRES_SERVER = os.environ.get(
    "CREDITDESK_TEST_POSTGRES_URI", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]
# Cheap password hashing: no real password is stored here. One unit test checks the
# production cost (tests/unit/test_admin_units.py).
FAST_PASSWORD_HASH = {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8,
                      "PASSWORD_HASH_PARALLELISM": 1}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_databases: a test of database behaviour, run on SQLite and PostgreSQL"
    )


def pytest_generate_tests(metafunc):
    """Give `db_backend` both backends for tests marked both_databases, else SQLite."""
    if "db_backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_databases") is not None
        metafunc.parametrize("db_backend", BACKENDS if both else ["sqlite"])


@pytest.fixture(scope="session")
def shipped_content():
    """The shipped content and definitions, read once per run and shared by every app."""
    return read_content({"CONTENT_DIR": Defaults.CONTENT_DIR,
                         "ASSESSMENTS_DIR": Defaults.ASSESSMENTS_DIR,
                         "AGING_RATES_FILE": Defaults.AGING_RATES_FILE})


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's fixture of this name with one that does nothing.

    pytest-flask pushes a request context around every test that uses `app`. That
    hides a view that forgets to commit (the test's session sees uncommitted rows)
    and leaks `g` between requests. Tests push contexts themselves where needed.
    """
    yield


@pytest.fixture(scope="session")
def postgres_database():
    """Create a throw-away database on the local PostgreSQL server for this run."""
    name = f"creditdesk_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as err:
        pytest.fail(f"PostgreSQL is needed for the tests ({POSTGRES_SERVER}): {err}")
    url = sa.engine.make_url(POSTGRES_SERVER).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _postgres_schema(postgres_database, shipped_content):
    """Create the schema once per run; tests then only empty the tables."""
    app = create_app(_test_config(postgres_database), content=shipped_content)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return postgres_database


def _test_config(uri: str, **extra) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # The test client's host: absolute links are http://localhost/...
        "SITE_URL": "http://localhost",
        "SERVER_NAME": None,
        **FAST_PASSWORD_HASH,
    }
    config.update(extra)
    if "SERVER_NAME" not in extra:
        # The app answers only SITE_URL's host: the test client speaks to that host.
        host = host_of(config["SITE_URL"] or "")
        config["SERVER_NAME"] = None if host in ("", *LOOPBACK_HOSTS) else host
    return config


@pytest.fixture
def db_uri(request, db_backend, tmp_path):
    """Yield an empty database of this test's backend."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    uri = request.getfixturevalue("_postgres_schema")
    engine = sa.create_engine(uri)
    with engine.begin() as conn:
        tables = [t.name for t in db.metadata.sorted_tables]
        conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield uri


@pytest.fixture
def make_app(db_uri, tmp_path, shipped_content):
    """Return a factory for apps on this test's database, with config overrides."""
    apps = []

    def factory(**overrides):
        instance = str(tmp_path / "instance")
        # Apps on the shipped folders share the content read once for the run.
        own_content = {"CONTENT_DIR", "ASSESSMENTS_DIR", "AGING_RATES_FILE"} & overrides.keys()
        app = create_app(_test_config(db_uri, **overrides), instance_path=instance,
                         content=None if own_content else shipped_content)
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                db.create_all()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["creditdesk.viewcounts"].close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()

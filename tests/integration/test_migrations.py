"""Migrations build the same schema as the models, on both backends."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from creditdesk.extensions import db
from creditdesk.models.lead_index import include_name

pytestmark = pytest.mark.both_databases  # the migration on both databases


def test_upgrade_from_empty_matches_models(make_app, db_uri):
    app = make_app()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                          "include_name": include_name})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        assert_search_index_and_counters_work()
        # Leave the PostgreSQL schema as the other tests expect it.
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()


def assert_search_index_and_counters_work():
    """The hand-added DDL (not compared above) exists: a lead is counted and found."""
    from creditdesk.admin.lead_query import search_clause
    from creditdesk.models import Lead, LeadStatusCount, lead_index

    db.session.add(Lead(reference="RMIGRATE", idempotency_key="k", need="other",
                        company="上海华信", status="new"))
    db.session.commit()
    counts = dict(db.session.execute(sa.select(LeadStatusCount.status, LeadStatusCount.n)).all())
    assert counts == {"new": 1}
    found = db.session.execute(sa.select(Lead.reference).where(search_clause("华信"))).all()
    assert found == [("RMIGRATE",)]
    if db.engine.dialect.name == "postgresql":
        indexes = sa.text("SELECT count(*) FROM pg_indexes WHERE indexname = :name")
        assert db.session.scalar(indexes, {"name": lead_index.GIN_INDEX}) == 1
        assert db.session.scalar(indexes, {"name": "ix_lead_search_grams"}) == 0  # replaced
    db.session.remove()

"""The inbox's search index and status counters stay in step with the leads."""

import re

import pytest
import sqlalchemy as sa

from creditdesk.admin.lead_query import Filters, rows_query, search_clause
from creditdesk.admin.tab_counts import status_counts
from creditdesk.extensions import db
from creditdesk.models import Lead, LeadStatusCount, lead_index
from creditdesk_demo.cli import demo
from tests.integration.admin_helpers import logged_in, make_lead, make_result

pytestmark = pytest.mark.both_databases  # the search index: FTS5 or gram arrays


@pytest.fixture
def client(app):
    return logged_in(app)


def found(app, q: str) -> list[int]:
    with app.app_context():
        ids = db.session.execute(
            sa.select(Lead.id).where(search_clause(q)).order_by(Lead.id)
        ).scalars().all()
        db.session.remove()
    return ids


def tab_counts(client) -> dict[str, int]:
    body = client.get("/admin/leads").get_data(as_text=True)
    return {label: int(n) for label, n in
            re.findall(r'>([^<>]+?) <span class="count">(\d+)</span>', body)}


def test_search_follows_orm_updates_and_erasure(app, client):
    lead_id = make_lead(app, name="李娜", company="甲公司", detail="想了解费率",
                        phone_e164="+8613700001234")
    assert found(app, "华信") == [] and found(app, "甲公司") == [lead_id]
    with app.app_context():
        db.session.get(Lead, lead_id).company = "上海华信"
        db.session.commit()
        db.session.remove()
    assert found(app, "华信") == [lead_id] and found(app, "甲公司") == []
    assert found(app, "0000 1234") == [lead_id]  # phone digits across a space
    client.post(f"/admin/leads/{lead_id}/erase", data={"confirm": "y"})
    for q in ("华信", "李娜", "费率", "13700001234"):
        assert found(app, q) == [], q
    with app.app_context():
        assert db.session.get(Lead, lead_id).search_text is None
        db.session.remove()


@pytest.mark.parametrize("q,expected", [
    ("信贸", [True, False]),  # across a word boundary inside the company name
    ("HUA XIN", [False, True]),  # the index ignores the space; LIKE then refuses it
    ("hua xin", [False, True]),
    ("Hua-Xin", [True, False]),
    ("华", [True, True]),  # one character: no index, the scan still finds both
])
def test_index_candidates_are_rechecked_exactly(app, q, expected):
    first = make_lead(app, company="上海华信贸易 Hua-Xin", detail="")
    second = make_lead(app, company="华 Hua Xin", detail="")
    assert found(app, q) == [i for i, hit in zip((first, second), expected, strict=True) if hit]


def test_counters_match_a_real_count(app, client):
    ids = [make_lead(app, status=s) for s in ("new", "new", "won", "spam")]
    client.post(f"/admin/leads/{ids[0]}/status", data={"status": "contacted"})
    client.post(f"/admin/leads/{ids[1]}/spam")
    client.post(f"/admin/leads/{ids[3]}/not-spam")
    with app.app_context():
        real = dict(db.session.execute(
            sa.select(Lead.status, sa.func.count()).group_by(Lead.status)).all())
        kept = dict(db.session.execute(
            sa.select(LeadStatusCount.status, LeadStatusCount.n).where(LeadStatusCount.n > 0)
        ).all())
        assert kept == real == {"contacted": 1, "spam": 1, "won": 1, "new": 1}
        db.session.execute(sa.delete(Lead).where(Lead.id == ids[2]))
        db.session.commit()
        counts = status_counts(Filters(), None)
        assert (counts["won"], counts["new"], counts[""]) == (0, 1, 2)
        db.session.remove()
    assert tab_counts(client)["新线索"] == 1


def test_demo_leads_are_indexed(app, runner):
    assert runner.invoke(demo, args=["seed", "--leads", "200", "--seed", "3"]).exit_code == 0
    with app.app_context():
        for q in ("华信", "有限公司", "账期", "8613"):
            indexed = db.session.execute(
                sa.select(sa.func.count()).select_from(Lead).where(search_clause(q))
            ).scalar_one()
            scan = sum(1 for lead in db.session.execute(sa.select(Lead)).scalars()
                       if any(q in (v or "") for v in (lead.name, lead.company, lead.detail))
                       or q in (lead.phone_e164 or ""))
            assert indexed == scan > 0, q
        db.session.remove()


def plan_of(stmt) -> str:
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return " ".join(str(r) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        # An empty table is scanned anyway: forbid that to see the index match.
        conn.exec_driver_sql("SET enable_seqscan = off")
        return " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def test_search_uses_the_index(app):
    with app.app_context():
        plan = plan_of(rows_query(Filters(q="华信贸易"), None).limit(50))
        if db.engine.dialect.name == "sqlite":
            assert "VIRTUAL TABLE INDEX" in plan and "lead_fts" in plan, plan
        else:
            assert lead_index.GIN_INDEX in plan, plan
        db.session.remove()


@pytest.mark.parametrize("filters,terms", [
    (Filters(q="华信", status="new", need="credit_insurance"), "{华信,sn:new/credit_insurance}"),
    (Filters(q="华信", need="receivables"), "{华信,n:receivables}"),
    (Filters(q="华信", status="won"), "{华信,s:won}"),
])
def test_status_and_need_are_looked_up_with_the_grams(app, filters, terms):
    """On PostgreSQL one index lookup selects the grams, the status and the need: no
    separate condition the planner would answer by reading a whole status's index."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite's FTS5 table holds the grams only")
        plan = plan_of(rows_query(filters, None).limit(50))
        db.session.remove()
    assert f"@> '{terms}'" in plan, plan
    assert "(status)::text = " not in plan and "(need)::text = " not in plan, plan


def test_status_and_need_terms_follow_the_lead(app, client):
    lead_id = make_lead(app, company="上海华信", need="receivables", status="new")
    other = make_lead(app, company="华信五金", need="credit_insurance", status="new")

    def listed(**filters):
        with app.app_context():
            ids = [row.id for row in db.session.execute(rows_query(Filters(**filters), None))]
            db.session.remove()
        return ids

    assert listed(q="华信", status="new", need="receivables") == [lead_id]
    client.post(f"/admin/leads/{lead_id}/status", data={"status": "contacted"})
    assert listed(q="华信", status="new", need="receivables") == []
    assert listed(q="华信", status="contacted", need="receivables") == [lead_id]
    assert listed(q="华信", status="new") == [other]
    assert sorted(listed(q="华信")) == sorted([lead_id, other])


def test_selfcheck_facts_follow_the_link(app, client):
    result = make_result(app, band="E", need="6000000.00")
    lead_id = make_lead(app, name="后来")
    assert names_with_band(client, "E") == []
    with app.app_context():
        db.session.get(Lead, lead_id).assessment_result_id = result
        db.session.commit()
        lead = db.session.get(Lead, lead_id)
        assert (lead.band, lead.credit_need) == ("E", "6000000.00")
        db.session.remove()
    assert names_with_band(client, "E") == ["后来"]
    body = client.get("/admin/leads").get_data(as_text=True)
    assert "信用需求 6.0 百万元" in body  # the priority reason names the credit need
    with app.app_context():
        db.session.get(Lead, lead_id).assessment_result_id = None
        db.session.commit()
        assert db.session.get(Lead, lead_id).band is None
        db.session.remove()
    assert names_with_band(client, "E") == []


def names_with_band(client, band: str) -> list[str]:
    body = client.get(f"/admin/leads?band={band}").get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/admin/leads/\d+">([^<]*)</a>', body)


@pytest.mark.parametrize("text,expected", [
    ("华信", True), ("13800138000", True), ("华信 (上海)", True),
    ("华信A", False), ("hua", False), ("ß", False), ("İ", False), ("e\u0301", False),
])
def test_caseless_queries_are_told_apart(text, expected):
    from creditdesk.admin.lead_query import caseless

    assert caseless(text) is expected


def test_mixed_case_queries_still_ignore_case(app):
    lead_id = make_lead(app, company="华信ABC贸易", detail="")
    assert found(app, "华信abc") == [lead_id] and found(app, "华信AbC") == [lead_id]
    assert found(app, "华信ABC贸易") == [lead_id]

"""count_upto: exact below the cap, the cap from it on, in an index's order when asked."""

import pytest
import sqlalchemy as sa

from creditdesk.counting import capped, count_upto
from creditdesk.extensions import db
from creditdesk.models import Lead
from tests.integration.admin_helpers import make_lead


@pytest.mark.both_databases
def test_count_upto_is_exact_below_the_cap_and_stops_at_it(app):
    for _ in range(5):
        make_lead(app, status="new")
    make_lead(app, status="won")
    new = sa.select(Lead).where(Lead.status == "new").order_by(Lead.created_at.desc())
    with app.app_context():
        assert [count_upto(new, cap) for cap in (3, 5, 6, 100)] == [3, 5, 5, 5]
        assert count_upto(new, 6, order_by=[Lead.status, Lead.id]) == 5
        assert count_upto(new.where(Lead.id < 0), 3) == 0


def test_count_upto_reads_in_the_order_it_is_given(app):
    """Ordered by an index's columns, the count is that index's range scan up to the cap."""
    seen = []
    stmt = sa.select(Lead).where(Lead.assignee_id == 1).order_by(Lead.created_at)
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute",
                        lambda _c, _cur, sql, *_a: seen.append(" ".join(sql.split())))
        count_upto(stmt, 10)
        count_upto(stmt, 10, order_by=[Lead.next_due_at])
    first, second = [sql for sql in seen if sql.startswith("SELECT count(*)")]
    assert "ORDER BY" not in first and "LIMIT" in first
    assert "ORDER BY lead.next_due_at LIMIT" in second


def test_capped_says_plus_at_the_cap():
    assert [capped(n, 1000) for n in (0, 999, 1000, 1234)] == ["0", "999", "1,000+", "1,234+"]

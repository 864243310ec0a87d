"""The dashboard's first-response numbers: per week median and share in time, per salesperson."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.followup.stats import first_response_stats
from creditdesk.models import Lead, now_utc
from creditdesk_demo.cli import demo
from tests.integration.admin_helpers import logged_in, make_lead, make_staff

SH = ZoneInfo("Asia/Shanghai")


def monday(weeks_ago: int):
    today = now_utc().astimezone(SH).date()
    return today - timedelta(days=today.weekday() + 7 * weeks_ago)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SH)


@pytest.mark.both_databases
def test_median_and_share_in_time_per_week_and_salesperson(app):
    ann = make_staff(app, email="ann@example.com", role="sales")
    bob = make_staff(app, email="bob@example.com", role="sales")
    week = monday(2)
    # Monday 10:00 → 11:30: 1.5 h. Friday 17:00 → next Monday 10:00: 2 h across the weekend.
    make_lead(app, assignee_id=ann, created_at=at(week, 10),
              first_response_at=at(week, 11, 30), status="contacted")
    make_lead(app, assignee_id=ann, created_at=at(week + timedelta(days=4), 17),
              first_response_at=at(week + timedelta(days=7), 10), status="contacted")
    # Tuesday 9:00 → Wednesday 9:00: 9 working hours, late.
    make_lead(app, assignee_id=bob, created_at=at(week + timedelta(days=1), 9),
              first_response_at=at(week + timedelta(days=2), 9), status="contacted")
    # Spam is not counted; an old unanswered request counts as late, not in the median.
    make_lead(app, assignee_id=bob, created_at=at(week, 12), status="spam")
    make_lead(app, created_at=at(week + timedelta(days=2), 9))
    with app.test_request_context():
        weeks, people = first_response_stats()
    row = next(r for r in weeks if r.key == week.isoformat())
    assert (row.received, row.answered, row.waiting) == (4, 3, 1)
    assert row.median_hours == 2.0
    assert row.in_time_share == pytest.approx(2 / 4)
    assert len(weeks) == 8 and weeks[0].key > weeks[-1].key
    by_key = {r.key: r for r in people}
    assert by_key[str(ann)].median_hours == 1.75 and by_key[str(ann)].in_time_share == 1
    assert by_key[str(bob)].median_hours == 9 and by_key[str(bob)].in_time_share == 0
    assert by_key[""].waiting == 1 and by_key[""].median_hours is None

    client = logged_in(app, role="admin")
    page = client.get("/admin/?lang=en").get_data(as_text=True)
    assert "First response per week" in page
    assert f'<time datetime="{week.isoformat()}">' in page
    assert "<td>2.0</td><td>50%</td>" in page
    assert "ann@example.com</th><td>2</td><td>0</td><td>1.8</td><td>100%</td>" in page


def test_demo_seed_gives_open_assigned_leads_next_steps(app, runner):
    make_staff(app, email="ann@example.com", role="sales")
    result = runner.invoke(demo, args=["seed", "--leads", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(sa.select(Lead.status, Lead.assignee_id, Lead.next_action,
                                            Lead.next_due_at, Lead.first_response_at,
                                            Lead.created_at)).all()
    planned = [r for r in rows if r.next_action]
    assert planned and all(r.assignee_id and r.status in ("new", "contacted", "qualified")
                           for r in planned)
    assert any(r.next_due_at < now_utc() for r in planned)  # some overdue
    assert any(r.next_due_at > now_utc() for r in planned)
    worked = [r for r in rows if r.status not in ("new", "spam")]
    assert worked and all(r.first_response_at and r.first_response_at >= r.created_at
                          for r in worked)

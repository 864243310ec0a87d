"""My queue, the header's counts, the inbox's next-step column and overdue filter,
the profile page and the calendar feed (parsed back with icalendar)."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from creditdesk.extensions import db
from creditdesk.models import AuditEvent, StaffUser, now_utc
from tests.integration.admin_helpers import logged_in, make_lead, make_staff

SH = ZoneInfo("Asia/Shanghai")


def staff_id(app, email):
    with app.app_context():
        return db.session.execute(
            sa.select(StaffUser.id).where(StaffUser.email == email)).scalar_one()


def later_today(now):
    """A time later today in Shanghai (or None just before midnight)."""
    local = now.astimezone(SH)
    end = datetime.combine(local.date(), time(23, 59), tzinfo=SH)
    return now + (end - local) / 2 if end - local > timedelta(minutes=10) else None


def seed_queue(app, me):
    now = now_utc()
    today = later_today(now)
    ids = {
        "overdue_old": make_lead(app, name="逾期一", assignee_id=me,
                                 next_action="call", next_due_at=now - timedelta(days=2)),
        "overdue_new": make_lead(app, name="逾期二", assignee_id=me,
                                 next_action="email", next_due_at=now - timedelta(minutes=5)),
        "later": make_lead(app, name="以后", assignee_id=me, next_action="visit",
                           next_due_at=now + timedelta(days=3)),
        "none": make_lead(app, name="无计划", assignee_id=me),
        "closed": make_lead(app, name="已成交", assignee_id=me, status="won",
                            next_action="call", next_due_at=now - timedelta(days=1)),
        "erased": make_lead(app, name=None, assignee_id=me, erased_at=now,
                            next_action="call", next_due_at=now - timedelta(days=1)),
        "others": make_lead(app, name="别人的", next_action="call",
                            next_due_at=now - timedelta(days=1)),
    }
    if today:
        ids["today"] = make_lead(app, name="今天", assignee_id=me, next_action="proposal",
                                 next_due_at=today)
    return ids


@pytest.mark.both_databases
def test_my_queue_orders_overdue_today_later_none(app):
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    ids = seed_queue(app, me)
    page = client.get("/admin/my?lang=en").get_data(as_text=True)
    names = re.findall(r'class="lead-card-title"><a href="/admin/leads/\d+">([^<]+)</a>', page)
    expected = ["逾期一", "逾期二"] + (["今天"] if "today" in ids else []) + ["以后", "无计划"]
    assert names == expected
    assert page.index('id="q-overdue"') < page.index('id="q-later"') < page.index('id="q-none"')
    assert page.count('class="lead-card is-overdue"') == 2
    assert "138****8000" in page and "+8613800138000" not in page
    # The header's counts, on this and every other admin page.
    today = 1 if "today" in ids else 0
    for url in ("/admin/my?lang=en", "/admin/leads?lang=en", "/admin/?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "2 overdue" in page
        assert (f"{today} today" in page) == bool(today)


@pytest.mark.both_databases
def test_a_long_queue_shows_the_first_of_each_group_and_counts_all(app, monkeypatch):
    from creditdesk.followup import queue as queue_module

    monkeypatch.setattr(queue_module, "GROUP_LIMIT", 2)
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    now = now_utc()
    for hours in (5, 1, 3):
        make_lead(app, name=f"逾期{hours}", assignee_id=me, next_action="call",
                  next_due_at=now - timedelta(hours=hours))
    make_lead(app, name="无计划", assignee_id=me)
    page = client.get("/admin/my?lang=en").get_data(as_text=True)
    names = re.findall(r'class="lead-card-title"><a href="/admin/leads/\d+">([^<]+)</a>', page)
    assert names == ["逾期5", "逾期3", "无计划"]
    assert 'id="q-overdue">Overdue <span class="count">3</span>' in page
    assert "The first 2 of 3 are shown." in page
    assert "4 open requests assigned to you" in page


@pytest.mark.both_databases
def test_the_header_counts_exactly_below_the_cap_and_says_plus_from_it(app, monkeypatch):
    from creditdesk.followup import queue as queue_module

    monkeypatch.setattr(queue_module, "BADGE_CAP", 3)
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    seed_queue(app, me)  # two overdue; closed, erased and someone else's do not count
    page = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert "2 overdue" in page and "2+ overdue" not in page
    make_lead(app, name="逾期三", assignee_id=me, next_action="call",
              next_due_at=now_utc() - timedelta(hours=1))
    page = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert "2+ overdue" in page and "3 overdue" not in page
    page = client.get("/admin/leads?lang=zh_CN").get_data(as_text=True)
    assert "2+ 条逾期" in page


@pytest.mark.both_databases
def test_a_group_past_the_count_cap_says_plus(app, monkeypatch):
    from creditdesk.followup import queue as queue_module

    monkeypatch.setattr(queue_module, "GROUP_LIMIT", 2)
    monkeypatch.setattr(queue_module, "GROUP_CAP", 4)
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    now = now_utc()
    for hours in range(1, 6):
        make_lead(app, name=f"逾期{hours}", assignee_id=me, next_action="call",
                  next_due_at=now - timedelta(hours=hours))
    for days in (3, 4, 5):
        make_lead(app, name=f"以后{days}", assignee_id=me, next_action="visit",
                  next_due_at=now + timedelta(days=days))
    page = client.get("/admin/my?lang=en").get_data(as_text=True)
    assert 'id="q-overdue">Overdue <span class="count">4+</span>' in page
    assert "The first 2 of 4+ are shown." in page
    assert 'id="q-later">Later <span class="count">3</span>' in page
    assert "The first 2 of 3 are shown." in page
    assert "7+ open requests assigned to you" in page
    page = client.get("/admin/my?lang=zh_CN").get_data(as_text=True)
    assert "共 4+ 条，显示前 2 条。" in page
    assert "分配给你的未结咨询 7+ 条" in page


@pytest.mark.both_databases
def test_capped_counts_equal_the_exact_counts_below_the_cap(app):
    from creditdesk.followup.queue import due_counts, end_of_today, my_queue, open_lead
    from creditdesk.models import Lead

    me = make_staff(app, email="me@example.com", role="sales")
    seed_queue(app, me)
    now = now_utc()
    for hours in (2, 30, 200):
        make_lead(app, assignee_id=me, next_action="call",
                  next_due_at=now + timedelta(hours=hours))
        make_lead(app, assignee_id=me, status="contacted")
    with app.test_request_context():
        midnight, due = end_of_today(now), Lead.next_due_at
        where = (due < now, sa.and_(due >= now, due < midnight), due >= midnight,
                 due.is_(None))
        exact = db.session.execute(  # the query the counts used to be
            sa.select(*(sa.func.count().filter(clause) for clause in where))
            .where(Lead.assignee_id == me, open_lead())
        ).one()
        queue = my_queue(me, now)
        assert tuple(queue.counts.values()) == tuple(exact)
        assert due_counts(me, now) == (exact[0], exact[1])
        db.session.remove()


def test_an_empty_queue_says_so_and_shows_no_counts(app):
    client = logged_in(app, role="sales")
    page = client.get("/admin/my?lang=en").get_data(as_text=True)
    assert "Nothing assigned to you is open." in page
    assert "due-count" not in page


def test_one_tap_outcome_from_the_queue_returns_to_the_queue(app):
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    lead_id = make_lead(app, assignee_id=me)
    response = client.post(f"/admin/leads/{lead_id}/contact",
                           data={"outcome": "no_answer", "next": "/admin/my"})
    assert response.status_code == 302 and response.location.endswith("/admin/my")


@pytest.mark.both_databases
def test_inbox_next_step_column_and_overdue_filter(app):
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    ids = seed_queue(app, me)
    page = client.get("/admin/leads?lang=en&due=overdue").get_data(as_text=True)
    shown = set(re.findall(r'<th scope="row"><a href="/admin/leads/(\d+)"', page))
    assert shown == {str(ids["overdue_old"]), str(ids["overdue_new"]), str(ids["others"])}
    assert "Next step" in page and "overdue-badge" in page
    page = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert "Send proposal" in page or "today" not in ids
    assert "Visit" in page
    response = client.get("/admin/leads?lang=en&due=soon")
    assert response.status_code == 400
    assert "Choose a value from the list." in response.get_data(as_text=True)


def test_inbox_has_cards_and_a_filters_button_for_phones(app):
    client = logged_in(app, role="sales")
    make_lead(app, created_at=now_utc() - timedelta(days=5))
    page = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert 'class="lead-cards inbox-cards"' in page
    assert 'class="button button-small button-secondary filters-toggle"' in page
    assert "waiting " in page and "waiting-late" in page


def test_profile_makes_and_rotates_the_calendar_link(app):
    client = logged_in(app, role="sales", email="me@example.com")
    page = client.get("/admin/profile?lang=en").get_data(as_text=True)
    assert "Make my calendar link" in page
    client.post("/admin/profile/calendar-token")
    page = client.get("/admin/profile?lang=en").get_data(as_text=True)
    [first] = re.findall(r'calendar\.ics\?token=([\w-]+)', page)
    assert client.get(f"/admin/my/calendar.ics?token={first}").status_code == 200
    client.post("/admin/profile/calendar-token")
    page = client.get("/admin/profile?lang=en").get_data(as_text=True)
    [second] = re.findall(r'calendar\.ics\?token=([\w-]+)', page)
    assert second != first
    anonymous = app.test_client()
    assert anonymous.get(f"/admin/my/calendar.ics?token={first}").status_code == 404
    assert anonymous.get(f"/admin/my/calendar.ics?token={second}").status_code == 200
    assert anonymous.get("/admin/my/calendar.ics").status_code == 404
    assert anonymous.get("/admin/my/calendar.ics?token=x").status_code == 404
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).where(
            AuditEvent.action == "calendar_token")).scalar() == 2


def test_profile_saves_a_chat_robot_and_refuses_a_bad_one(app):
    client = logged_in(app, role="sales", email="me@example.com")
    response = client.post("/admin/profile?lang=en",
                           data={"chat_format": "wecom", "chat_url": "ftp://x"})
    assert response.status_code == 400
    assert "Enter the robot&#39;s https:// webhook address." in response.get_data(as_text=True)
    response = client.post("/admin/profile?lang=en",
                           data={"chat_format": "telegram", "chat_url": "https://r.example/x"})
    assert response.status_code == 400
    client.post("/admin/profile", data={"chat_format": "dingtalk",
                                        "chat_url": "https://oapi.example/robot?t=1"})
    with app.app_context():
        user = db.session.get(StaffUser, staff_id(app, "me@example.com"))
        assert (user.chat_webhook_url, user.chat_webhook_format) == (
            "https://oapi.example/robot?t=1", "dingtalk")


@pytest.mark.both_databases
def test_calendar_feed_lists_my_due_steps_without_phone_numbers(app):
    client = logged_in(app, role="sales", email="me@example.com")
    me = staff_id(app, "me@example.com")
    ids = seed_queue(app, me)
    with_note = make_lead(app, name="王芳", assignee_id=me, next_action="call",
                          next_due_at=now_utc() + timedelta(days=1),
                          next_note="打她手机 139 1234 5678 或 021-55551234")
    client.post("/admin/profile/calendar-token")
    with app.app_context():
        token = db.session.get(StaffUser, me).calendar_token
    response = app.test_client().get(f"/admin/my/calendar.ics?token={token}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    for phone in ("13800138000", "138 0013 8000", "1391234", "5678", "55551234"):
        assert phone not in body
    cal = Calendar.from_ical(response.data)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    lead_ids = {int(uid.split("-")[1]) for uid in events}
    expected = {ids["overdue_old"], ids["overdue_new"], ids["later"], with_note}
    if "today" in ids:
        expected.add(ids["today"])
    assert lead_ids == expected  # none closed, erased, unplanned or someone else's
    event = events[f"lead-{with_note}-next-step@localhost"]
    assert str(event["summary"]) == "致电 · 王芳"
    assert event.decoded("dtstart") == db_due(app, with_note).replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert str(event["url"]).endswith(f"/admin/leads/{with_note}")


def db_due(app, lead_id):
    from creditdesk.models import Lead
    with app.app_context():
        return db.session.get(Lead, lead_id).next_due_at



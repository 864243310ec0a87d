"""Automatic assignment of new requests (off, round robin, by need), fair under concurrent
submissions on both databases, and the assignee's notice through the outbox."""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from creditdesk.admin.accounts import disable_staff
from creditdesk.extensions import db
from creditdesk.followup import assign as assign_module
from creditdesk.models import AuditEvent, Lead, NotificationOutbox, StaffUser
from tests.integration.admin_helpers import logged_in, make_lead, make_staff
from tests.integration.leads_support import all_leads, form_data


def _team(app):
    ids = {email: make_staff(app, email=email, role=role) for email, role in (
        ("boss@example.com", "admin"), ("a@example.com", "sales"), ("b@example.com", "sales"),
        ("gone@example.com", "sales"), ("c@example.com", "sales"))}
    with app.app_context():
        disable_staff(db.session.get(StaffUser, ids["gone@example.com"]))
        db.session.commit()
    return ids


def _submit_concurrently(app, n, **fields):
    forms = []
    for i in range(n):
        client = app.test_client()
        forms.append((client, form_data(client, phone=f"1390000{i:04d}", **fields)))
    barrier, statuses = threading.Barrier(n), []

    def post(client, data):
        barrier.wait()
        statuses.append(client.post("/consult", data=data).status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * n


def _emails(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())


@pytest.mark.both_databases
def test_round_robin_is_fair_under_concurrent_submissions(make_app, monkeypatch):
    app = make_app(LEADS_MIN_FILL_SECONDS=0, LEADS_AUTO_ASSIGN="round_robin",
                   NOTIFY_AFTER_RESPONSE=False)
    _team(app)
    # Widen the window between choosing the assignee and committing. (On PostgreSQL the
    # status-count trigger's row lock already orders lead inserts; the cursor's own lock
    # keeps the turns safe without relying on that.)
    real_notify = assign_module.notify_assignee

    def slow_notify(*args):
        threading.Event().wait(0.05)
        return real_notify(*args)

    monkeypatch.setattr(assign_module, "notify_assignee", slow_notify)
    _submit_concurrently(app, 12)
    emails = _emails(app)
    leads = all_leads(app)
    counts = Counter(emails[lead.assignee_id] for lead in leads)
    # Only active sales users, each exactly in turn: nobody gets a second while one waits.
    assert counts == {"a@example.com": 4, "b@example.com": 4, "c@example.com": 4}
    with app.app_context():
        events = db.session.execute(sa.select(AuditEvent).where(
            AuditEvent.action == "assign")).scalars().all()
        assert len(events) == 12
        assert all(e.detail["auto"] == "round_robin" and e.actor_id is None for e in events)
        # Each assignee got their notice, written with the lead.
        rows = db.session.execute(sa.select(NotificationOutbox)).scalars().all()
        notices = Counter(r.target for r in rows if r.payload["lead"].get("notice"))
        assert notices == {"a@example.com": 4, "b@example.com": 4, "c@example.com": 4}


@pytest.mark.both_databases
def test_round_robin_continues_where_it_stopped(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0, LEADS_AUTO_ASSIGN="round_robin",
                   NOTIFY_AFTER_RESPONSE=False)
    _team(app)
    emails = _emails(app)
    order = []
    for i in range(5):
        client = app.test_client()
        client.post("/consult", data=form_data(client, phone=f"1370000{i:04d}"))
        order.append(emails[all_leads(app)[-1].assignee_id])
    assert order == ["a@example.com", "b@example.com", "c@example.com",
                     "a@example.com", "b@example.com"]


def test_by_need_round_robins_inside_the_need_and_falls_back_for_others(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0, LEADS_AUTO_ASSIGN="by_need",
                   NOTIFY_AFTER_RESPONSE=False,
                   LEADS_ASSIGN_BY_NEED={"credit_insurance": ["C@example.com", "boss@example.com",
                                                              "gone@example.com"]})
    _team(app)
    emails = _emails(app)
    got = []
    for i in range(4):
        client = app.test_client()
        client.post("/consult", data=form_data(client, phone=f"1360000{i:04d}"))
        got.append(emails[all_leads(app)[-1].assignee_id])
    # The mapping's active users (any role) by id: boss (1), c (5); gone is disabled.
    assert got == ["boss@example.com", "c@example.com", "boss@example.com", "c@example.com"]
    client = app.test_client()
    client.post("/consult", data=form_data(client, phone="13500000001", need="receivables"))
    assert all_leads(app)[-1].need == "receivables"
    assert emails[all_leads(app)[-1].assignee_id] == "a@example.com"


def test_off_by_default_and_spam_is_never_assigned(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0)
    _team(app)
    client = app.test_client()
    client.post("/consult", data=form_data(client))
    assert all_leads(app)[-1].assignee_id is None
    app = make_app(LEADS_MIN_FILL_SECONDS=3600, LEADS_AUTO_ASSIGN="round_robin")
    client = app.test_client()
    client.post("/consult", data=form_data(client, phone="13900001111"))  # too fast: spam
    lead = all_leads(app)[-1]
    assert lead.status == "spam" and lead.assignee_id is None


def test_nobody_to_assign_to_leaves_the_request_unassigned(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0, LEADS_AUTO_ASSIGN="round_robin")
    make_staff(app, email="boss@example.com", role="admin")
    client = app.test_client()
    assert client.post("/consult", data=form_data(client)).status_code == 303
    assert all_leads(app)[-1].assignee_id is None


def test_assignee_chat_robot_gets_a_masked_phone_and_email_the_full_one(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0, LEADS_AUTO_ASSIGN="round_robin",
                   NOTIFY_AFTER_RESPONSE=False)
    user_id = make_staff(app, email="a@example.com", role="sales")
    with app.app_context():
        user = db.session.get(StaffUser, user_id)
        user.chat_webhook_url, user.chat_webhook_format = "https://robot.example/hook", "wecom"
        db.session.commit()
    client = app.test_client()
    client.post("/consult", data=form_data(client))
    with app.app_context():
        rows = {r.channel: r for r in db.session.execute(sa.select(NotificationOutbox)).scalars()}
    assert rows["webhook"].target == "https://robot.example/hook"
    chat = rows["webhook"].payload["lead"]
    assert chat["notice"] == "assigned" and chat["phone_masked"] == "138****8000"
    assert "13800138000" not in str(rows["webhook"].payload)
    assert rows["email"].target == "a@example.com"
    assert rows["email"].payload["lead"]["phone"] == "+8613800138000"


def test_reassignment_notifies_the_new_assignee_only(make_app):
    app = make_app(NOTIFY_AFTER_RESPONSE=False)
    client = logged_in(app, role="admin", email="boss@example.com")
    other = make_staff(app, email="b@example.com", role="sales")
    lead_id = make_lead(app)
    client.post(f"/admin/leads/{lead_id}/assign", data={"assignee": str(other)})
    me = _emails(app)
    me_id = next(i for i, e in me.items() if e == "boss@example.com")
    client.post(f"/admin/leads/{lead_id}/assign", data={"assignee": str(me_id)})
    with app.app_context():
        rows = db.session.execute(sa.select(NotificationOutbox)).scalars().all()
        assert [r.target for r in rows] == ["b@example.com"]  # not to myself
        assert db.session.get(Lead, lead_id).assignee_id == me_id

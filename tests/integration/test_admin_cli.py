"""`flask users`, `flask leads purge`, `flask demo seed`, the setup link and the dashboard."""

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from creditdesk.admin.accounts import CLAIM as SETUP_CLAIM
from creditdesk.admin.accounts import SALT as setup_salt
from creditdesk.extensions import db
from creditdesk.models import AssessmentResult, AuditEvent, Lead, StaffUser, now_utc
from creditdesk_demo.cli import demo
from tests.integration.admin_helpers import PASSWORD, logged_in, make_lead


def staff(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars()
        values = [(u.email, u.role, u.active) for u in rows]
        db.session.remove()
    return values


def test_users_create_from_stdin_list_and_disable(app, runner):
    result = runner.invoke(args=["users", "create", "Sales@Example.com", "--role", "sales",
                                 "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert staff(app) == [("sales@example.com", "sales", True)]
    with app.app_context():
        user = db.session.execute(db.select(StaffUser)).scalar_one()
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
        db.session.remove()
    listing = runner.invoke(args=["users", "list"])
    assert "sales@example.com\tsales\tactive" in listing.output
    assert runner.invoke(args=["users", "disable", "sales@example.com"]).exit_code == 0
    assert staff(app) == [("sales@example.com", "sales", False)]
    assert runner.invoke(args=["users", "disable", "who@example.com"]).exit_code != 0


def test_users_create_prompts_twice(app, runner):
    result = runner.invoke(args=["users", "create", "a@example.com", "--role", "admin"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input
    assert staff(app) == [("a@example.com", "admin", True)]


def test_users_create_refuses_weak_passwords_and_duplicates(app, runner):
    for password in ("short", "1qaz2wsx3edc", "woaini1314520", "aaaaaaaaaaaaaaaa",
                     "carol-is-my-password-ok"):
        result = runner.invoke(args=["users", "create", "carol@example.com", "--role", "sales",
                                     "--password-stdin"], input=password + "\n")
        assert result.exit_code != 0, password
    result = runner.invoke(args=["users", "create", "not-an-email", "--role", "sales",
                                 "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert staff(app) == []
    runner.invoke(args=["users", "create", "b@example.com", "--role", "sales",
                        "--password-stdin"], input=PASSWORD + "\n")
    again = runner.invoke(args=["users", "create", "B@example.com", "--role", "admin",
                                "--password-stdin"], input=PASSWORD + "\n")
    assert again.exit_code != 0 and "账号已存在" in again.output
    bad_role = runner.invoke(args=["users", "create", "c@example.com", "--role", "boss",
                                   "--password-stdin"], input=PASSWORD + "\n")
    assert bad_role.exit_code != 0


def test_setup_link_creates_the_first_admin_once(make_app):
    app = make_app(SITE_URL="http://127.0.0.1:8000")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "setup-link"])
    assert result.exit_code == 0
    url = re.search(r"http://127\.0\.0\.1:8000(/admin/setup/\S+)", result.output).group(1)
    client = app.test_client()
    assert client.get(url).status_code == 200
    weak = client.post(url, data={"email": "boss@example.com", "password": "123456789012",
                                  "confirm": "123456789012"})
    assert weak.status_code == 400 and staff(app) == []
    differ = client.post(url, data={"email": "boss@example.com", "password": PASSWORD,
                                    "confirm": PASSWORD + "x"})
    assert differ.status_code == 400
    done = client.post(url, data={"email": "boss@example.com", "password": PASSWORD,
                                  "confirm": PASSWORD})
    assert done.status_code == 302 and done.location == "/admin/"
    assert staff(app) == [("boss@example.com", "admin", True)]
    assert client.get("/admin/").status_code == 200  # logged in
    assert app.test_client().get(url).status_code == 404  # used up
    again = runner.invoke(args=["users", "setup-link"])
    assert again.exit_code == 0 and again.output == ""


def _setup_url(app, hours_ago: float) -> str:
    """Return a first-admin link signed as if it had been printed `hours_ago` hours ago."""
    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - hours_ago * 3600)

    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=setup_salt,
                                        signer=Backdated)
    return f"/admin/setup/{serializer.dumps(SETUP_CLAIM)}"


def test_setup_link_refuses_forged_and_expired_tokens(app, runner):
    hours = app.config["ADMIN_SETUP_LINK_HOURS"]
    # A link just inside its lifetime works: only the age makes the difference below.
    assert app.test_client().get(_setup_url(app, hours - 0.01)).status_code == 200
    assert app.test_client().get(_setup_url(app, hours + 0.01)).status_code == 404  # expired
    assert app.test_client().get("/admin/setup/forged.token").status_code == 404


@pytest.mark.both_databases  # bulk updates and per-day counts in SQL
def test_purge_dry_run_then_real(app, runner):
    old = now_utc() - timedelta(days=800)
    closed = make_lead(app, status="won", updated_at=old, created_at=old)
    spam = make_lead(app, status="spam", updated_at=old, created_at=old)
    still_open = make_lead(app, status="qualified", updated_at=old, created_at=old)
    recent = make_lead(app, status="lost")
    dry = runner.invoke(args=["leads", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "would erase 2 " in dry.output
    with app.app_context():
        assert db.session.get(Lead, closed).name == "张伟"
        db.session.remove()
    real = runner.invoke(args=["leads", "purge"])
    assert real.exit_code == 0 and "erased 2 " in real.output
    with app.app_context():
        erased = {i: db.session.get(Lead, i) for i in (closed, spam, still_open, recent)}
        assert erased[closed].name is None and erased[closed].phone_e164 is None
        assert erased[closed].erased_at is not None and erased[closed].status == "won"
        assert erased[spam].detail is None
        assert erased[still_open].name == "张伟" and erased[recent].name == "张伟"
        actions = db.session.execute(db.select(AuditEvent.action, AuditEvent.lead_id)).all()
        assert sorted(actions) == sorted([("purge", closed), ("purge", spam)])
        db.session.remove()
    short = runner.invoke(args=["leads", "purge", "--older-than", "1"])
    assert "erased 0 " in short.output  # the recent one was changed today
    assert runner.invoke(args=["leads", "purge", "--older-than", "0"]).exit_code != 0


@pytest.mark.both_databases  # bulk updates and per-day counts in SQL
def test_demo_seed_and_dashboard(app, runner):
    result = runner.invoke(demo, args=["seed", "--leads", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        leads = db.session.scalar(db.select(db.func.count()).select_from(Lead))
        results = db.session.execute(db.select(AssessmentResult)).scalars().all()
        linked = db.session.scalar(db.select(db.func.count(Lead.assessment_result_id)))
        statuses = set(db.session.execute(db.select(Lead.status).distinct()).scalars())
        db.session.remove()
    assert leads == 300 and linked > 0 and len(results) > linked
    assert {"new", "won", "spam"} <= statuses
    assert all(r.result["factors"] and r.band == r.result["band"]["code"] for r in results)
    client = logged_in(app)
    body = client.get("/admin/").get_data(as_text=True)
    assert body.count("<svg") >= 5 and "<script" not in body and 'style="' not in body
    assert f"<td>{len(results)}</td>" in body or f">{len(results)}<" in body
    assert "<caption" in body and 'scope="row"' in body


@pytest.mark.both_databases  # bulk updates and per-day counts in SQL
def test_dashboard_counts(app):
    make_lead(app, need="receivables")
    make_lead(app, need="receivables", status="won")
    client = logged_in(app)
    body = client.get("/admin/?lang=en").get_data(as_text=True)
    assert re.search(r'<th scope="row">Receivables management and collections</th><td>2</td>',
                     body)
    assert re.search(r'<th scope="row">Won</th><td>1</td>', body)


def test_purge_reads_the_configured_retention(make_app):
    app = make_app(LEADS_RETENTION_DAYS=30)
    old = now_utc() - timedelta(days=31)
    closed = make_lead(app, status="lost", updated_at=old, created_at=old)
    result = app.test_cli_runner().invoke(args=["leads", "purge"])
    assert result.exit_code == 0 and "erased 1 closed leads older than 30 days" in result.output
    with app.app_context():
        assert db.session.get(Lead, closed).name is None
        db.session.remove()


def test_privacy_page_states_the_default_retention(app, client):
    months = round(app.config["LEADS_RETENTION_DAYS"] / 30.44)
    body = client.get("/privacy").get_data(as_text=True)
    assert f"后 {months} 个月内删除" in body

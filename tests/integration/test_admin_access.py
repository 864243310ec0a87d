"""Access to /admin: the blueprint-wide guard, roles, sessions, lockout, logout."""

import re
import time

import pytest
from werkzeug.routing import IntegerConverter

from creditdesk.admin.access import LOGIN_AT, OPEN_ENDPOINTS, SEEN_AT
from creditdesk.extensions import db
from creditdesk.models import LoginAttempt
from tests.integration.admin_helpers import PASSWORD, logged_in, login, make_lead, make_staff


def admin_urls(app):
    """Yield (endpoint, url, method, view) for every admin route, with dummy arguments."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint in OPEN_ENDPOINTS:
            continue
        url = rule.rule
        for name, converter in rule._converters.items():
            value = "1" if isinstance(converter, IntegerConverter) else "x"
            url = re.sub(rf"<[^>]*{name}>", value, url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, url, method, app.view_functions[rule.endpoint]


def test_every_admin_endpoint_sends_anonymous_visitors_to_login(app, client):
    routes = list(admin_urls(app))
    assert len(routes) >= 12
    for endpoint, url, method, _view in routes:
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, response.status_code)
        assert response.location.startswith("/admin/login"), endpoint
        assert response.headers["Cache-Control"] == "no-store"


# What only admins may do, as the design names it (not read back from the decorators, so a
# view that forgets its decorator fails here).
ADMIN_ONLY = {"admin.audit", "admin.lead_erase", "admin.content_export", "admin.export_csv",
              "admin.export_xlsx"}


def test_admin_only_endpoints_refuse_sales_and_only_those(app):
    client = logged_in(app, role="sales")
    make_lead(app)
    routes = list(admin_urls(app))
    assert ADMIN_ONLY <= {r[0] for r in routes}
    for endpoint, url, method, _view in routes:
        if endpoint == "admin.logout":
            continue  # ends the session the rest of the loop uses
        status = client.open(url, method=method).status_code
        if endpoint in ADMIN_ONLY:
            assert status == 403, endpoint
        else:
            assert status != 403, (endpoint, method, status)


def test_sales_reaches_ordinary_pages(app):
    client = logged_in(app, role="sales")
    for url in ("/admin/", "/admin/leads"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
    assert "/admin/audit" not in client.get("/admin/").get_data(as_text=True)


def test_login_page_open_and_not_cached(client):
    response = client.get("/admin/login")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'name="password"' in response.get_data(as_text=True)


@pytest.mark.parametrize("email,password", [
    ("admin@example.com", "wrong password 123"),
    ("nobody@example.com", PASSWORD),
    ("", ""),
])
def test_login_failure_is_generic(app, client, email, password):
    make_staff(app)
    response = login(client, email, password)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    if email:
        assert "电子邮箱或密码不正确" in body or "not correct" in body
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_disabled_account_cannot_log_in(app, client):
    make_staff(app)
    with app.app_context():
        from creditdesk.admin.accounts import disable_staff, find_staff

        disable_staff(find_staff("admin@example.com"))
        db.session.commit()
        db.session.remove()
    assert login(client).status_code == 400


def test_every_attempt_is_logged(app, client):
    make_staff(app)
    login(client, password="wrong password 123")
    login(client)
    with app.app_context():
        attempts = db.session.execute(db.select(LoginAttempt).order_by(LoginAttempt.id)).scalars()
        assert [(a.email, a.success) for a in attempts] == [
            ("admin@example.com", False), ("admin@example.com", True)]
        db.session.remove()


def test_login_rotates_the_session_and_goes_to_next(app, client):
    make_staff(app)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = login(client, query_string={"next": "/admin/leads?status=new"})
    assert response.location == "/admin/leads?status=new"
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":0")
        assert isinstance(session[LOGIN_AT], int)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/admin", "/", "/\\evil"])
def test_login_never_redirects_off_admin(app, client, target):
    make_staff(app)
    response = login(client, query_string={"next": target})
    assert response.location == "/admin/"


def test_cookie_flags(app, make_app):
    make_staff(app)
    secure = make_app(HTTPS=True)
    client = secure.test_client()
    response = login(client, base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_lockout_by_account(app):
    make_staff(app)
    for n in range(5):
        client = app.test_client()
        ip = {"REMOTE_ADDR": f"10.0.0.{n}"}
        assert login(client, password="wrong password 123", environ_base=ip).status_code == 400
    # The right password from a fresh address is refused while the account is locked.
    response = login(app.test_client(), environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429
    assert "15" in response.get_data(as_text=True)


def test_lockout_by_ip(app, client):
    make_staff(app)
    for n in range(5):
        login(client, f"guess{n}@example.com", "wrong password 123")
    assert login(client).status_code == 429
    other = app.test_client()
    assert login(other, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 302


def test_four_failures_do_not_lock(app, client):
    make_staff(app)
    for _ in range(4):
        login(client, password="wrong password 123")
    assert login(client).status_code == 302


def test_lockout_ends_after_the_window(app, client):
    make_staff(app)
    for _ in range(5):
        login(client, password="wrong password 123")
    with app.app_context():
        from datetime import timedelta

        for attempt in db.session.execute(db.select(LoginAttempt)).scalars():
            attempt.at -= timedelta(minutes=16)
        db.session.commit()
        db.session.remove()
    assert login(client).status_code == 302


def _age_session(client, login_ago: int, seen_ago: int) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session[LOGIN_AT] = now - login_ago
        session[SEEN_AT] = now - seen_ago


def test_idle_session_expires(app):
    client = logged_in(app)
    _age_session(client, login_ago=31 * 60, seen_ago=29 * 60)
    assert client.get("/admin/leads").status_code == 200
    _age_session(client, login_ago=40 * 60, seen_ago=31 * 60)
    response = client.get("/admin/leads")
    assert response.status_code == 302 and response.location.startswith("/admin/login")
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_absolute_session_limit(app):
    client = logged_in(app)
    _age_session(client, login_ago=12 * 3600 - 60, seen_ago=0)
    assert client.get("/admin/").status_code == 200
    _age_session(client, login_ago=12 * 3600 + 1, seen_ago=0)
    assert client.get("/admin/").status_code == 302


def test_session_without_timestamps_is_refused(app):
    client = logged_in(app)
    with client.session_transaction() as session:
        del session[LOGIN_AT]
    assert client.get("/admin/").status_code == 302


def test_disabling_a_user_ends_their_session(app):
    client = logged_in(app, role="sales")
    with app.app_context():
        from creditdesk.admin.accounts import disable_staff, find_staff

        disable_staff(find_staff("sales@example.com"))
        db.session.commit()
        db.session.remove()
    assert client.get("/admin/").status_code == 302


def test_logout_needs_post_and_csrf(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_staff(app)
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/admin/login", data={"email": "admin@example.com",
                                                 "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.get("/admin/logout").status_code == 405
    assert client.post("/admin/logout").status_code == 400  # no token
    assert client.get("/admin/").status_code == 200  # still logged in
    dashboard = client.get("/admin/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', dashboard).group(1)
    response = client.post("/admin/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_login_without_csrf_token_is_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_staff(app)
    response = login(app.test_client())
    assert response.status_code == 400


def test_every_admin_response_to_staff_is_not_cached(app):
    client = logged_in(app)
    make_lead(app)  # lead 1, so the lead pages answer 200
    gets = [url for _e, url, method, _v in admin_urls(app) if method == "GET"]
    assert {"/admin/", "/admin/leads/1", "/admin/audit", "/admin/leads/export.csv"} <= set(gets)
    responses = [client.get(url) for url in gets]
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    responses.append(client.post("/admin/leads/1/reveal"))  # the full phone number
    responses.append(client.post("/admin/leads/1/status", data={"status": "x"}))  # 400 page
    responses.append(client.get("/admin/leads/999"))  # 404 page
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store", response.request.path
    assert [r.status_code for r in responses[-3:]] == [200, 400, 404]


# Who may use each admin endpoint, written out on purpose: a new admin view must be added
# here, and the test below checks that the app enforces exactly this.
# None: anyone (logging in, the first-admin link); "staff": any logged-in staff member;
# "admin": admins only.
ACCESS = {
    "admin.login": None,
    "admin.setup": None,
    "admin.calendar_feed": None,  # a calendar app fetches it with the secret token in its URL
    "admin.logout": "staff",
    "admin.dashboard": "staff",
    "admin.lead_list": "staff",
    "admin.lead_counts": "staff",
    "admin.lead": "staff",
    "admin.lead_status": "staff",
    "admin.lead_assign": "staff",
    "admin.lead_note": "staff",
    "admin.lead_reveal": "staff",
    "admin.lead_spam": "staff",
    "admin.lead_not_spam": "staff",
    "admin.lead_next_step": "staff",
    "admin.lead_next_step_done": "staff",
    "admin.lead_contact": "staff",
    "admin.my_queue_page": "staff",
    "admin.profile": "staff",
    "admin.rotate_calendar_token": "staff",
    "admin.content": "staff",  # marketers and sales see what each article brings in
    "admin.content_article": "staff",
    "admin.lead_erase": "admin",
    "admin.audit": "admin",
    "admin.export_csv": "admin",
    "admin.export_xlsx": "admin",
    "admin.content_export": "admin",
}


def all_admin_urls(app, lead_id: int):
    """Yield (endpoint, url, method) for every admin rule, logout last."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = re.sub(r"<int:lead_id>", str(lead_id), rule.rule)
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, url, method))
    return sorted(routes, key=lambda r: r[0] == "admin.logout")


def test_access_map_names_every_admin_endpoint(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}
    missing = endpoints - set(ACCESS)
    assert not missing, f"admin endpoints missing from ACCESS (say who may use them): {missing}"
    assert not set(ACCESS) - endpoints, "ACCESS names endpoints the app no longer has"
    assert {e for e, role in ACCESS.items() if role is None} == OPEN_ENDPOINTS - {"admin.static"}


def test_the_app_enforces_the_access_map(app):
    lead_id = make_lead(app)
    anonymous = app.test_client()
    sales, admin = logged_in(app, role="sales"), logged_in(app, role="admin")
    for endpoint, url, method in all_admin_urls(app, lead_id):
        role = ACCESS[endpoint]
        response = anonymous.open(url, method=method)
        response.close()  # a streamed export keeps its request context open until closed
        sent_to_login = response.status_code == 302 and response.location.startswith(
            "/admin/login")
        assert sent_to_login is (role is not None), (endpoint, method, response.status_code)
        if role is None:
            continue
        by_sales = sales.open(url, method=method)
        by_sales.close()
        assert (by_sales.status_code == 403) is (role == "admin"), (endpoint, method)
        by_admin = admin.open(url, method=method)
        by_admin.close()
        assert by_admin.status_code != 403, (endpoint, method)
        if endpoint != "admin.logout":  # which sends everyone to the login page
            for response in (by_sales, by_admin):
                assert not response.location or not response.location.startswith(
                    "/admin/login"), (endpoint, method)


def test_every_admin_only_view_carries_the_decorator(app):
    for endpoint, role in ACCESS.items():
        view = app.view_functions[endpoint]
        assert (getattr(view, "required_role", None) == "admin") is (role == "admin"), endpoint

"""No 5xx from any request a client can send: the URL map crossed with hostile requests.

Every rule of the app's URL map (public and admin, so routes added later are covered too)
is sent every query string, header set, method and body of `tests/integration/hostile.py`,
as an anonymous visitor, as a logged-in sales member and as a logged-in admin, on SQLite
and PostgreSQL. A 5xx fails; so does a 4xx HTML page outside the site's layout, and a 405
without an Allow header.
"""

import re
from urllib.parse import quote

import pytest
from flask import got_request_exception
from werkzeug.routing import IntegerConverter, PathConverter

from creditdesk.extensions import db
from creditdesk.library import published
from creditdesk.models import AssessmentResult
from tests.integration import hostile
from tests.integration.admin_helpers import PASSWORD, login, make_lead, make_staff
from tests.integration.leads_support import form_data
from tests.integration.selfcheck_walk import band_b_answers, complete

# Ending the session would turn the rest of a logged-in sweep into an anonymous one.
LAST = ("admin.logout",)

pytestmark = pytest.mark.both_databases  # SQLite and PostgreSQL


@pytest.fixture(params=["csrf-off", "csrf-on"])
def app(make_app, request):
    # Exceptions become 500 responses, as in production, so that one sweep lists them all.
    # Without CSRF the requests reach the views; with it, the CSRF error handlers (as in
    # production, where they too read the body).
    return make_app(LEADS_MIN_FILL_SECONDS=0, PROPAGATE_EXCEPTIONS=False,
                    WTF_CSRF_ENABLED=request.param == "csrf-on")


@pytest.fixture
def helper(app, make_app):
    """An app on the same database and secret without CSRF, to prepare sessions."""
    if not app.config["WTF_CSRF_ENABLED"]:
        return app
    return make_app(LEADS_MIN_FILL_SECONDS=0, WTF_CSRF_ENABLED=False)


def hand_over(source, target) -> None:
    """Give the target client the source client's session (same secret key)."""
    target.set_cookie("session", source.get_cookie("session").value)


@pytest.fixture
def world(app, helper):
    """Real values for view arguments: a lead, a self-check result, a sent request."""
    make_staff(app, "admin@example.com", "admin")
    make_staff(app, "sales@example.com", "sales")
    preparer = helper.test_client()
    result_path = complete(preparer, band_b_answers())
    sent = preparer.post("/consult", data=form_data(preparer))
    visitor = app.test_client()
    hand_over(preparer, visitor)
    assert sent.status_code == 303, sent.get_data(as_text=True)[:1000]
    reference = sent.headers["Location"].rsplit("/", 1)[1]
    lead_id = make_lead(app)
    with app.app_context():
        view = published()
        article = view.articles[0]
        assert db.session.execute(db.select(AssessmentResult)).scalars().first() is not None
    return {
        "visitor": visitor,
        "values": {
            "slug": article.slug,
            "name": article.category,
            "token": result_path.rsplit("/", 1)[1],
            "reference": reference,
            "lead_id": str(lead_id),
            "number": "1",
            "filename": "css/site.css",
        },
        "tag": article.tags[0] if article.tags else "x",
    }


def rule_urls(app, values: dict) -> list[tuple[object, list[str]]]:
    """Return every rule with the URLs to try: a real one first, then hostile arguments."""
    out = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        names = list(rule._converters)
        if not names:
            out.append((rule, [rule.rule]))
            continue
        urls = []
        candidates = []
        for name in names:
            converter = rule._converters[name]
            kind = ("int" if isinstance(converter, IntegerConverter)
                    else "path" if isinstance(converter, PathConverter) else "default")
            real = [quote(values[name], safe="/")] if name in values else []
            candidates.append((name, real + hostile.ARG_VALUES[kind]))
        for index in range(max(len(c[1]) for c in candidates)):
            url = rule.rule
            for name, options in candidates:
                url = re.sub(rf"<[^>]*{name}>", options[min(index, len(options) - 1)], url)
            urls.append(url)
        out.append((rule, urls))
    out.sort(key=lambda item: item[0].endpoint in LAST)
    return out


def requests_for(rule, urls: list[str]):
    """Yield (label, url, kwargs) for one rule: hostile queries and headers on each URL,
    every method and every body on the first."""
    for url in urls:
        for query in hostile.QUERY_STRINGS:
            yield f"GET {url} ?{query!r:.80}", url, {"query_string": query}
        for headers in hostile.HEADERS:
            yield f"GET {url} {list(headers)}", url, {"headers": headers}
    first = urls[0]
    for method in hostile.METHODS:
        yield f"{method} {first}", first, {"method": method}
    for content_type, body in hostile.BODIES:
        for method in ("POST", "PUT"):
            yield (f"{method} {first} {content_type} {body[:40]!r}", first,
                   {"method": method, "data": body, "content_type": content_type})
    for query in hostile.QUERY_STRINGS[:12]:
        yield f"POST {first} ?{query}", first, {"method": "POST", "query_string": query,
                                                "data": {"action": "next", "q": "x"}}


def problem(response, kwargs) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if status == 405 and not response.headers.get("Allow"):
        return "405 without Allow"
    method = kwargs.get("method", "GET")
    if 400 <= status < 500 and response.mimetype == "text/html" and method != "HEAD":
        body = response.get_data(as_text=True)
        if '<html lang="' not in body or 'id="main"' not in body:
            return f"{status} outside the site's layout"
    return None


def sweep(app, client, rules, relogin=None) -> tuple[list[str], int]:
    failures: list[str] = []
    errors: list[BaseException] = []

    def note(sender, exception, **extra):
        errors.append(exception)

    got_request_exception.connect(note, app)
    try:
        return _sweep(app, client, rules, relogin, failures, errors)
    finally:
        got_request_exception.disconnect(note, app)


def _sweep(app, client, rules, relogin, failures, errors) -> tuple[list[str], int]:
    sent = 0
    for rule, urls in rules:
        for label, url, kwargs in requests_for(rule, urls):
            kwargs = dict(kwargs)
            method = kwargs.pop("method", "GET")
            if isinstance(kwargs.get("query_string"), bytes):  # raw, as WSGI carries it
                kwargs["query_string"] = kwargs["query_string"].decode("latin-1")
            use = client
            if "Cookie" in kwargs.get("headers", {}):
                use = app.test_client(use_cookies=False)
            response = use.open(url, method=method, **kwargs)
            sent += 1
            found = problem(response, {"method": method})
            if found:
                cause = f" ({errors[-1]!r:.200})" if errors else ""
                failures.append(f"{found}: {rule.endpoint}: {label}{cause}")
            errors.clear()
            response.close()
        if relogin is not None:
            relogin()
    return failures, sent


def summary(failures: list[str]) -> str:
    """First failures, then one line per distinct (problem, endpoint)."""
    kinds = sorted({" ".join(f.split(" ")[:3]) for f in failures})
    return "\n".join([f"{len(failures)} failures", *failures[:10], "--", *kinds])


def test_sweep_covers_every_rule_of_the_url_map(app, world):
    rules = rule_urls(app, world["values"])
    endpoints = {rule.endpoint for rule, _urls in rules}
    assert endpoints == {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"public.article", "admin.lead_erase", "selfcheck.step", "leads.request"} <= endpoints
    # Arguments named by the fixtures are tried with a real value first.
    by_endpoint = {rule.endpoint: urls for rule, urls in rules}
    assert by_endpoint["public.article"][0] == "/articles/" + world["values"]["slug"]


def test_anonymous_visitor_never_gets_a_5xx(app, world):
    failures, sent = sweep(app, world["visitor"], rule_urls(app, world["values"]))
    assert sent > 3000
    assert failures == [], summary(failures)


@pytest.mark.parametrize("role", ["admin", "sales"])
def test_logged_in_staff_never_get_a_5xx(app, helper, world, role):
    client = app.test_client()
    email = f"{role}@example.com"

    def relogin():
        with client.session_transaction() as session:
            if "_user_id" in session:
                return
        staff = helper.test_client()
        assert login(staff, email, PASSWORD).status_code == 302
        hand_over(staff, client)

    relogin()
    rules = rule_urls(app, world["values"])
    if role == "sales":  # public pages are the same for every staff member
        rules = [(rule, urls) for rule, urls in rules if rule.endpoint.startswith("admin.")]
    failures, sent = sweep(app, client, rules, relogin=relogin)
    assert sent > 1000
    assert failures == [], summary(failures)


# Searches as an attacker types them: the index's own syntax (FTS5, arrays), LIKE's
# wildcards, letters whose case changes their length, and a status and need that a search
# on PostgreSQL folds into its index lookup.
LARGE_INBOX_QUERIES = [
    'q="', "q=*", "q=NEAR(华信 上海)", "q=华信 OR 1=1", 'q=华信"*^-:', "q=%25_%5C",
    "q=' OR 1=1 --", "q=ＡＢＣ", "q=İstanbul", "q=%CC%81", "q=𠀀𠀁", "q=a", "q=!!!",
    "q=华信&need=credit_insurance&status=new", "q=华信&status=won&need=" + "x" * 40,
    "q=华信&page=999999", "q=华信&status=new&due=overdue", "q=华信&sort=-due&page=2",
    "q=华信&assignee=me&band=none", "q=13800138000&status=new",
]


def test_large_inbox_and_its_counts_never_give_a_5xx(make_app):
    """The sweep's app counts exactly; a large inbox's page and /admin/leads/counts take
    other queries (the capped page, one count per status), so they get the hostile
    queries too."""
    app = make_app(INBOX_EXACT_COUNTS_UPTO=0, PROPAGATE_EXCEPTIONS=False)
    for n in range(3):
        make_lead(app, name=f"华信{n}")
    make_lead(app, status="spam")
    make_staff(app, "admin@example.com", "admin")
    client = app.test_client()
    assert login(client, "admin@example.com", PASSWORD).status_code == 302
    failures = []
    for query in [*hostile.QUERY_STRINGS, *LARGE_INBOX_QUERIES]:
        if isinstance(query, bytes):
            query = query.decode("latin-1")
        for path in ("/admin/leads", "/admin/leads/counts"):
            response = client.get(path, query_string=query)
            found = problem(response, {})
            if found is None and path.endswith("counts") and not response.is_json:
                found = f"{response.status_code} {response.mimetype}, not JSON"
            if found:
                failures.append(f"{found}: {path} ?{query!r:.80}")
    assert failures == [], "\n".join(failures)

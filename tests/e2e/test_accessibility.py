"""axe-core finds no violation (WCAG 2.0/2.1/2.2 A+AA, best practice, experimental rules) at
390 and 1280 px on every public page and on the admin login, inbox, lead and dashboard.

Pages that need a visitor's state (a self-check step, the thank-you page) or a staff
session are prepared through a test client of the same app (same database and secret key)
and the session cookie is handed to the browser.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from creditdesk import create_app
from creditdesk.extensions import db
from creditdesk.library import published
from creditdesk.models import Lead
from tests.e2e.axe_rules import AXE_OPTIONS, describe
from tests.e2e.conftest import DESKTOP, PHONE
from tests.integration.admin_helpers import PASSWORD, login, make_staff
from tests.integration.leads_support import form_data
from tests.integration.selfcheck_walk import band_b_answers, complete, walk
from tests.unit.assessment.answersets import DEFINITION

STAFF = "a11y-admin@example.com"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def states(live_app, live_server):
    """Return {name: (path, session cookie or None)} for every page to audit."""
    helper = create_app({"SECRET_KEY": live_app.config["SECRET_KEY"],
                         "SQLALCHEMY_DATABASE_URI": live_app.config["SQLALCHEMY_DATABASE_URI"],
                         "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                         "LEADS_MIN_FILL_SECONDS": 0},
                        instance_path=live_app.instance_path)
    with helper.app_context():
        view = published()
        article, category, tag = view.articles[0], view.categories[0].name, view.tags[0].name
    pages = {
        "home": "/", "home-en": "/?lang=en", "articles": "/articles/",
        "category": f"/articles/category/{category}", "tag": f"/articles/tag/{tag}",
        "article": f"/articles/{article.slug}", "article-en": f"/articles/{article.slug}?lang=en",
        "faq": "/faq", "search": "/search?q=坏账", "search-empty": "/search?q=",
        "search-none": "/search?q=zzqx", "selfcheck": "/self-check", "tools": "/tools",
        "tools-result": "/tools?calc=dso&receivables=1000000&credit_sales=3000000&days=90",
        "tools-errors": "/tools?calc=z2&working_capital=abc", "aging": "/tools/aging",
        "consult": "/consult",
        "consult-en": "/consult?lang=en", "privacy": "/privacy", "about": "/about",
        "404": "/no-such-page", "admin-login": "/admin/login",
    }
    found = {name: (path, None) for name, path in pages.items()}

    def cookie(client):
        found = client.get_cookie("session")
        return found.value if found is not None else None

    visitor = helper.test_client()
    for number in range(1, len(DEFINITION.sections) + 1):
        if number > 1:
            walk(visitor, band_b_answers(), upto=number - 1)
        found[f"step-{number}"] = (f"/self-check/step/{number}", cookie(visitor))
    errors = helper.test_client()
    found["step-errors"] = ("/self-check/step/1", None)  # posted in the browser below
    found["result"] = (complete(errors, band_b_answers()), None)
    sender = helper.test_client()
    sent = sender.post("/consult", data=form_data(sender))
    assert sent.status_code == 303
    found["thanks"] = (sent.headers["Location"], cookie(sender))
    with helper.app_context():
        lead_id = db.session.execute(db.select(Lead.id)).scalars().first()
    try:
        make_staff(helper, STAFF, "admin")
    except Exception:  # the module ran before in this session
        pass
    staff = helper.test_client()
    assert login(staff, STAFF, PASSWORD).status_code == 302
    for name, path in {"admin-dashboard": "/admin/", "admin-inbox": "/admin/leads",
                       "admin-lead": f"/admin/leads/{lead_id}",
                       "admin-lead-en": f"/admin/leads/{lead_id}?lang=en"}.items():
        found[name] = (path, cookie(staff))
    with helper.app_context():
        db.session.remove()
        db.engine.dispose()
    return found


NAMES = ["home", "home-en", "articles", "category", "tag", "article", "article-en", "faq",
         "search", "search-empty", "search-none", "selfcheck",
         *[f"step-{n}" for n in range(1, len(DEFINITION.sections) + 1)], "step-errors",
         "result", "tools", "tools-result", "tools-errors", "aging", "consult", "consult-en",
         "thanks", "privacy", "about", "404", "admin-login", "admin-dashboard", "admin-inbox",
         "admin-lead", "admin-lead-en"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("name", NAMES)
def test_page_has_no_axe_violations(live_server, states, page_at, axe, name, size):
    path, session = states[name]
    page = page_at(size)
    if session:
        page.context.add_cookies([{"name": "session", "value": session, "url": live_server}])
    response = page.goto(live_server + path)
    expected = {"404": 404, "tools-errors": 422}.get(name, 200)
    assert response.status == expected, (name, response.status, page.url)
    assert "/admin/login" not in page.url or name == "admin-login", page.url
    if name == "step-errors":
        page.click('button[name="action"][value="next"]')
        page.wait_for_selector("#error-summary")
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], "\n".join(describe(violations, f"{name} {size['width']}px: "))


def test_rule_set_includes_wcag22_best_practice_and_experimental_rules(live_server, page_at,
                                                                      axe):
    page = page_at(DESKTOP)
    page.goto(live_server + "/")
    results = axe.run(page, options={**AXE_OPTIONS, "resultTypes": ["passes"]}).response
    ran = {rule["id"] for key in ("passes", "violations", "incomplete", "inapplicable")
           for rule in results.get(key, [])}
    assert {"target-size", "region", "heading-order", "landmark-unique"} <= ran

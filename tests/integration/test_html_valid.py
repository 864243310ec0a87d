"""The Nu HTML Checker (npm vnu-jar, Java) finds no error on any public page or admin page.

Pages are rendered through the test client in both languages and in their error states,
written to files and checked in one run of the checker. `make test` installs vnu-jar
into .venv/vnu (CREDITDESK_VNU_JAR overrides the path).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from creditdesk.library import published
from tests.integration.admin_helpers import logged_in, make_lead
from tests.integration.leads_support import form_data
from tests.integration.selfcheck_walk import band_b_answers, complete, walk
from tests.unit.assessment.answersets import DEFINITION

REPO = Path(__file__).parents[2]
VNU_JAR = Path(os.environ.get(
    "CREDITDESK_VNU_JAR", REPO / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

pytestmark = pytest.mark.both_databases  # SQLite and PostgreSQL


@pytest.fixture
def app(make_app):
    return make_app(LEADS_MIN_FILL_SECONDS=0, ARTICLES_PER_PAGE=4)  # lists paginate


def public_pages(app) -> dict[str, tuple[str, int]]:
    """Return {name: (html, status)} for every kind of public page, in their states."""
    with app.app_context():
        view = published()
        article = view.articles[0]
        category, tag = view.categories[0].name, view.tags[0].name
    visitor = app.test_client()
    paths = {
        "home": "/", "articles": "/articles/", "articles-page-2": "/articles/?page=2",
        "category": f"/articles/category/{category}", "tag": f"/articles/tag/{tag}",
        "article": f"/articles/{article.slug}", "faq": "/faq",
        "search": "/search?q=坏账", "search-empty": "/search?q=", "search-none": "/search?q=zzqx",
        "search-too-long": "/search?q=" + "x" * 300,
        "selfcheck": "/self-check", "tools": "/tools", "aging": "/tools/aging",
        "consult": "/consult",
        "privacy": "/privacy", "about": "/about", "404": "/no-such-page",
        "home-en": "/?lang=en", "article-en": f"/articles/{article.slug}?lang=en",
        "consult-en": "/consult?lang=en", "tools-en": "/tools?lang=en",
    }
    pages = {}
    for name, path in paths.items():
        response = visitor.get(path)
        pages[name] = (response.get_data(as_text=True), response.status_code)
    visitor.get("/?lang=zh_CN")
    for number in range(1, len(DEFINITION.sections) + 1):
        response = visitor.get(f"/self-check/step/{number}")
        pages[f"selfcheck-step-{number}"] = (response.get_data(as_text=True),
                                             response.status_code)
        walk(visitor, band_b_answers(), upto=number)
    errors = visitor.post("/self-check/step/1", data={"action": "next", "_q": ["x"]})
    pages["selfcheck-step-errors"] = (errors.get_data(as_text=True), errors.status_code)
    result = visitor.get(complete(visitor, band_b_answers()))
    pages["selfcheck-result"] = (result.get_data(as_text=True), result.status_code)
    invalid = visitor.post("/consult", data=form_data(visitor, phone="12", name=""))
    pages["consult-errors"] = (invalid.get_data(as_text=True), invalid.status_code)
    sent = visitor.post("/consult", data=form_data(visitor))
    thanks = visitor.get(sent.headers["Location"])
    pages["thanks"] = (thanks.get_data(as_text=True), thanks.status_code)
    tools = visitor.get("/tools?calc=dso&receivables=1000000&credit_sales=3000000&days=90")
    pages["tools-result"] = (tools.get_data(as_text=True), tools.status_code)
    tools = visitor.get("/tools?calc=z2&working_capital=x&book_equity=-1")
    pages["tools-errors"] = (tools.get_data(as_text=True), tools.status_code)
    return pages


def admin_pages(app, make_app) -> dict[str, tuple[str, int]]:
    lead_id = make_lead(app)
    anonymous = app.test_client()
    login = anonymous.get("/admin/login")
    pages = {"admin-login": (login.get_data(as_text=True), login.status_code)}
    client = logged_in(app)
    for name, path in {"admin-dashboard": "/admin/", "admin-inbox": "/admin/leads",
                       "admin-inbox-filtered": "/admin/leads?status=new&q=张&from=bad",
                       "admin-lead": f"/admin/leads/{lead_id}", "admin-audit": "/admin/audit",
                       "admin-lead-en": f"/admin/leads/{lead_id}?lang=en"}.items():
        response = client.get(path)
        pages[name] = (response.get_data(as_text=True), response.status_code)
    # A large inbox's filtered page: other tabs' numbers left empty (hidden) for admin.js
    # to fetch from the URL in data-counts.
    large = logged_in(make_app(INBOX_EXACT_COUNTS_UPTO=0), email="large@example.com")
    response = large.get("/admin/leads?q=华信&status=new")
    html = response.get_data(as_text=True)
    assert 'data-counts="/admin/leads/counts?' in html and 'data-status="won" hidden' in html
    pages["admin-inbox-large"] = (html, response.status_code)
    return pages


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu HTML Checker: apt-get install -y "
                    "default-jre-headless")
    if not VNU_JAR.exists():
        pytest.fail(f"vnu.jar not found at {VNU_JAR}: run `make test` (it installs vnu-jar)")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout",
         "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    return json.loads(result.stdout)["messages"]


def test_every_page_is_valid_html(app, make_app, tmp_path):
    pages = {**public_pages(app), **admin_pages(app, make_app)}
    statuses = {name: status for name, (_html, status) in pages.items()}
    failing = {"404": 404, "consult-errors": 422, "selfcheck-step-errors": 422,
               "tools-errors": 422, "admin-inbox-filtered": 400}
    assert {name: statuses[name] for name in failing} == failing
    assert {n: s for n, s in statuses.items() if n not in failing and s != 200} == {}
    files = []
    for name, (html, _status) in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    messages = run_vnu(files)
    errors = [m for m in messages if m.get("type") == "error"
              or m.get("subType") == "fatal"]
    report = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} "
              f"[{m.get('extract', '').strip()[:80]}]" for m in errors]
    assert errors == [], f"{len(errors)} errors\n" + "\n".join(report[:80])

"""axe-core finds no WCAG 2 A/AA violations (contrast included) on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import DESKTOP, PHONE

PAGES = [
    "/",
    "/articles/",
    "/articles/reducing-dso",
    "/faq",
    "/search?q=坏账",
    "/search?q=",
    "/privacy",
    "/about",
    "/no-such-page",
    "/?lang=en",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(live_server, page_at, axe, path, size):
    page = page_at(size)
    page.goto(live_server + path)
    results = axe.run(page, options=WCAG_AA)
    violations = results.response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in violations
    ]
    assert violations == [], "\n".join(report)

"""axe-core finds no violation (tests/e2e/axe_rules.py) on the self-check pages and the
calculators, filled in through the browser (JavaScript-revealed questions included)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.axe_rules import AXE_OPTIONS
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_selfcheck_journey import answer, next_step
from tests.integration.selfcheck_walk import band_b_answers
from tests.unit.assessment.answersets import DEFINITION


def violations(page) -> list[str]:
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(str(n["target"]) for n in v["nodes"][:5]) for v in found]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_selfcheck_pages_have_no_wcag_violations(live_server, page_at, size):
    page = page_at(size)
    found = []
    page.goto(live_server + "/self-check")
    found += violations(page)
    page.goto(live_server + "/self-check/step/1")
    page.click('button[name="action"][value="next"]')
    page.wait_for_selector("#error-summary")
    found += violations(page)
    raw = band_b_answers()
    for number, section in enumerate(DEFINITION.sections, 1):
        answer(page, raw, section.question_ids)
        if section.id == "financials":
            found += violations(page)
        next_step(page, number)
    found += violations(page)  # the result
    page.goto(live_server + "/tools?calc=dso&receivables=1000&credit_sales=3000&days=30")
    found += violations(page)
    page.goto(live_server + "/tools?calc=z2&working_capital=abc")
    found += violations(page)
    assert found == [], "\n".join(found)

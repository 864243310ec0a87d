"""The receivables health check in a real browser: both layouts, phone and desktop, print."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.axe_rules import AXE_OPTIONS as WCAG_AA  # the one shared axe rule set

FIXTURES = Path(__file__).parents[1] / "unit" / "aging" / "fixtures"
LAYOUTS = {
    # file, what the page must show (total receivables, over-90 balance)
    "invoices": ("invoices_zh.csv", "¥240,000.50", "¥200,000"),
    "buckets": ("buckets_zh.xlsx", "¥255,000", "¥70,000"),
}


def no_wcag_violations(page):
    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def no_sideways_scroll(page, size):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], (page.url, width)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_upload_diagnose_save(live_server, page_at, viewport, shot, layout):
    name, size = viewport
    filename, total, over_90 = LAYOUTS[layout]
    page = page_at(size)
    page.goto(f"{live_server}/tools/aging")
    no_sideways_scroll(page, size)
    no_wcag_violations(page)
    shot(page, f"aging-{name}-upload")
    page.set_input_files("#report", str(FIXTURES / filename))
    page.fill("#as_of", "2025-10-15")
    page.fill("#sales", "1,200,000")
    page.click("button[type=submit] >> text=诊断")
    page.wait_for_selector(".aging-report")
    figures = page.locator(".aging-figures").first.inner_text()
    assert total in figures and over_90 in figures
    assert page.locator(".aging-chart svg rect.chart-bar").count() == 6
    assert 3 <= page.locator(".aging-actions > li").count() <= 5
    assert page.locator(".aging-actions a.action-link").count() >= 3
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    no_sideways_scroll(page, size)
    no_wcag_violations(page)
    shot(page, f"aging-{name}-{layout}-diagnosis")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".consult-block").is_hidden()
    assert page.locator(".aging-chart").is_visible()
    shot(page, f"aging-{name}-{layout}-print")
    page.emulate_media(media="screen")
    # Save without keeping names: the saved page numbers the customers.
    page.click("text=保存并获取链接")
    page.wait_for_url(re.compile(r".*/tools/aging/r/[A-Za-z0-9_-]+$"))
    body = page.locator(".aging-report").inner_text()
    assert total in body and "客户 1" in body and "华东机械" not in body
    no_sideways_scroll(page, size)
    shot(page, f"aging-{name}-{layout}-saved")


def test_bad_file_keeps_the_figures_typed(live_server, page_at, shot):
    page = page_at({"width": 390, "height": 844})
    page.goto(f"{live_server}/tools/aging")
    page.set_input_files("#report", str(FIXTURES / "bad_dates_amounts.csv"))
    page.fill("#as_of", "2025-10-15")
    page.fill("#sales", "5,000,000")
    page.click("button[type=submit] >> text=诊断")
    page.wait_for_selector("#report-error")
    assert page.locator(".problem-list li").count() == 20
    assert page.input_value("#as_of") == "2025-10-15"
    assert page.input_value("#sales") == "5,000,000"
    no_wcag_violations(page)
    shot(page, "aging-phone-bad-file")

"""The self-check's suggested-terms links (full article titles) on a phone and a desktop, and
the privacy page's health-check section."""

from tests.e2e.test_selfcheck_journey import no_sideways_scroll, walk_without_js
from tests.integration.selfcheck_walk import band_b_answers


def test_band_e_term_links_fit_and_open_their_articles(live_server, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size, java_script_enabled=False)
    raw = {**band_b_answers(), "public_records": "severe"}  # knockout: band E
    page.goto(live_server + "/self-check/step/1")
    walk_without_js(page, raw)
    assert page.locator(".band-badge .band-letter").inner_text() == "E"
    links = page.locator(".term-links a")
    assert links.count() == 4
    texts = links.all_inner_texts()
    assert texts[2] == "逾期账款的法律工具：律师函、支付令、财产保全、诉讼与仲裁"
    no_sideways_scroll(page, size)
    shot(page, f"term-links-band-e-{name}")
    page.locator(".terms").screenshot(path=str(shot(page, f"term-links-band-e-{name}-section")))
    links.nth(3).click()
    assert page.locator("h1").inner_text().startswith("如何查询企业信用")


def test_privacy_page_health_check_section(live_server, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size)
    page.goto(live_server + "/privacy")
    section = page.locator("h2", has_text="应收账款账龄诊断")
    assert section.is_visible()
    no_sideways_scroll(page, size)
    shot(page, f"privacy-health-check-{name}")

"""A reader's journey: home → an article → FAQ → search, at phone and desktop width."""

import re


def test_reader_journey(live_server, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("link", name=re.compile("自测")).first.is_visible()
    shot(page, f"journey-{name}-1-home")

    page.locator(".article-card h3 a").first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url
    assert page.locator("h1").inner_text()
    assert page.locator("nav.toc").is_visible()
    # The body never overflows the viewport sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], width
    shot(page, f"journey-{name}-2-article")

    page.goto(live_server + "/faq")
    first = page.locator("details.faq-item").first
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    shot(page, f"journey-{name}-3-faq")

    page.goto(live_server + "/search?q=坏账")
    assert page.locator(".search-results li").count() >= 1
    assert page.locator(".search-results mark").first.inner_text() == "坏账"
    shot(page, f"journey-{name}-4-search")

    # Keyboard users get a skip link first.
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert errors == []


def test_english_switch(live_server, page_at):
    page = page_at({"width": 390, "height": 844})
    page.goto(live_server + "/")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server + "/faq")
    assert page.locator("html").get_attribute("lang") == "en"

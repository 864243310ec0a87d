"""The consultation form in a real browser: from an article at phone width, and a bad phone."""

import re
from pathlib import Path

SCREENSHOTS = Path(__file__).parent / "screenshots"


def _no_sideways_scroll(page, size):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], width


def test_submit_from_an_article_at_phone_width(live_server, page_at, shot, backdate_form):
    size = {"width": 390, "height": 844}
    page = page_at(size)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/articles/")
    page.locator(".article-card h2 a").first.click()  # h2 on lists (under the h1)
    page.wait_for_load_state()
    block = page.locator(".consult-block")
    block.scroll_into_view_if_needed()
    assert block.get_by_role("heading", name="获取企业信用风险管理方案").is_visible()
    assert not block.locator("input[name=consent]").is_checked()
    honeypot = block.locator("input[name=website]").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0  # off screen for people
    _no_sideways_scroll(page, size)
    shot(page, "leads-phone-1-article")
    block.screenshot(path=str(SCREENSHOTS / "leads-phone-1-article-block.png"))

    block.locator("select[name=need]").select_option(label="应收账款管理与催收")
    block.locator("input[name=phone]").fill("138 0013 8000")
    block.locator("input[name=name]").fill("李女士 🌷")
    block.locator("textarea[name=detail]").fill("老客户逾期 90 天,约 80 万元,想了解催收。")
    block.locator("input[name=consent]").check()
    backdate_form(block)
    block.get_by_role("button", name="提交咨询").click()
    page.wait_for_url(re.compile(r"/consult/thanks/CD-\d{8}-[A-Z0-9]{5}$"))
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"CD-\d{8}-[A-Z0-9]{5}", reference)
    assert page.url.endswith(reference)
    assert page.get_by_text("李女士 🌷").first.is_visible()
    assert page.get_by_role("heading", name="接下来会怎样").is_visible()
    _no_sideways_scroll(page, size)
    shot(page, "leads-phone-2-thanks")
    assert errors == []


def test_bad_phone_shows_the_message_next_to_the_field(live_server, page_at, viewport, shot,
                                                      backdate_form):
    name, size = viewport
    page = page_at(size)
    page.goto(live_server + "/consult")
    shot(page, f"leads-{name}-3-form")
    page.locator("select[name=need]").select_option("credit_insurance")
    page.locator("input[name=name]").fill("王先生")
    page.locator("input[name=company]").fill("宁波某某外贸有限公司")
    page.locator("input[name=phone]").fill("12345")
    page.locator("textarea[name=detail]").fill("我们向欧洲客户赊销,想了解贸易信用保险的费率和流程。")
    page.locator("input[name=consent]").check()
    backdate_form(page.locator("form.consult-form"))
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_load_state()

    message = page.locator("#phone-error")
    assert message.is_visible()
    assert "138 0013 8000" in message.inner_text()
    # Next to its field: in the same field block, right under the input.
    field = page.locator(".field", has=page.locator("input[name=phone]"))
    assert field.locator("#phone-error").count() == 1
    assert page.locator("input[name=phone]").get_attribute("aria-invalid") == "true"
    # Everything else is kept.
    assert page.locator("input[name=phone]").input_value() == "12345"
    assert page.locator("input[name=name]").input_value() == "王先生"
    assert page.locator("input[name=company]").input_value() == "宁波某某外贸有限公司"
    assert "欧洲客户" in page.locator("textarea[name=detail]").input_value()
    assert page.locator("select[name=need]").input_value() == "credit_insurance"
    assert page.locator("input[name=consent]").is_checked()
    assert page.locator(".form-errors").is_visible()
    _no_sideways_scroll(page, size)
    shot(page, f"leads-{name}-4-error")

    page.locator("input[name=phone]").fill("+86 138-0013-8000")
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_url(re.compile(r"/consult/thanks/"))
    assert page.locator("#reference").is_visible()
    shot(page, f"leads-{name}-5-thanks")


def test_form_error_state_and_thank_you_page_pass_axe(live_server, page_at, viewport,
                                                     backdate_form):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.axe_rules import AXE_OPTIONS as options

    axe = Axe()
    _name, size = viewport
    page = page_at(size)

    def violations():
        found = axe.run(page, options=options).response["violations"]
        return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in found]

    page.goto(live_server + "/consult")
    assert violations() == []
    page.locator("select[name=need]").select_option("other")
    page.locator("input[name=phone]").fill("010-12345678")
    page.locator("textarea[name=detail]").fill("太短")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_load_state()
    assert page.locator("#detail-error").is_visible()
    assert violations() == []
    page.locator("textarea[name=detail]").fill("想请顾问评估一家新客户的信用风险。")
    backdate_form(page.locator("form.consult-form"))
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_url(re.compile(r"/consult/thanks/"))
    assert violations() == []

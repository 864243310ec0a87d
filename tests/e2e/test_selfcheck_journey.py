"""The self-check in a real browser: with and without JavaScript, the result and its print view."""

import re

from creditdesk.assessment.definition import MULTIPLE, NUMBER
from tests.integration.selfcheck_walk import band_b_answers
from tests.unit.assessment.answersets import DEFINITION, FIGURES, Z2_SAFE

PHONE = {"width": 390, "height": 844}


def answer(page, raw, qids):
    for qid in qids:
        question = DEFINITION.question(qid)
        value = raw.get(qid)
        if value in (None, ""):
            continue
        if question.type == NUMBER:
            page.fill(f"#f-{qid}", value)
        else:
            values = value if question.type == MULTIPLE else [value]
            for v in values:
                page.check(f'input[name="{qid}"][value="{v}"]')


def next_step(page, number):
    page.click('button[name="action"][value="next"]')
    if number < len(DEFINITION.sections):
        page.wait_for_url(f"**/self-check/step/{number + 1}")
    else:
        page.wait_for_url("**/self-check/r/*")


def no_sideways_scroll(page, size):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], (page.url, width)


def pdf_pages(page) -> int:
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def check_result(page, shot, name):
    assert page.locator(".band-badge .band-letter").inner_text() == "B"
    assert page.locator(".limit-value").inner_text() == "¥2,000,000"
    assert page.locator("svg.bar").count() == len(DEFINITION.factors)
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    shot(page, f"selfcheck-{name}-result")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".next-steps").is_hidden()
    assert page.locator(".consult-block").count() == 0 or page.locator(".consult-block").is_hidden()
    assert page.locator(".limit-value").is_visible()
    shot(page, f"selfcheck-{name}-print")
    assert pdf_pages(page) == 1
    page.emulate_media(media="screen")


def test_selfcheck_with_javascript(live_server, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    raw = band_b_answers()

    page.goto(live_server + "/self-check")
    shot(page, f"selfcheck-{name}-0-intro")
    page.click('a[href="/self-check/step/1"]')
    page.wait_for_url("**/self-check/step/1")

    # An empty step: errors next to the questions and a summary that takes focus.
    page.click('button[name="action"][value="next"]')
    page.wait_for_selector("#error-summary")
    # selfcheck.js (deferred) moves the focus to the summary once the page is parsed.
    page.wait_for_function("document.activeElement?.id === 'error-summary'")
    assert page.locator(".field-error").count() == 5
    shot(page, f"selfcheck-{name}-step1-errors")

    for number, section in enumerate(DEFINITION.sections, 1):
        assert f"第 {number} 步" in page.locator(".progress-text").inner_text()
        if section.id == "financials":
            # Conditional questions follow the answer at once, without a reload.
            wc = page.locator("#q-working_capital")
            assert wc.is_hidden()
            page.check('input[name="has_statements"][value="yes"]')
            assert wc.is_visible() and page.locator("#q-profitability").is_hidden()
            answer(page, dict(zip(FIGURES, Z2_SAFE, strict=True)), FIGURES)
            shot(page, f"selfcheck-{name}-step{number}-statements")
            page.check('input[name="has_statements"][value="no"]')
            assert wc.is_hidden() and page.locator("#q-profitability").is_visible()
        if section.id == "deal":
            # What is typed survives a reload before Next.
            answer(page, raw, ["monthly_sales"])
            page.reload()
            assert page.input_value("#f-monthly_sales") == raw["monthly_sales"]
        answer(page, raw, section.question_ids)
        no_sideways_scroll(page, size)
        shot(page, f"selfcheck-{name}-step{number}-{section.id}")
        if number == 2:
            # Back and forward again: the answers are still there.
            page.click('button[name="action"][value="back"]')
            page.wait_for_url("**/self-check/step/1")
            assert page.is_checked(f'input[name="ownership"][value="{raw["ownership"]}"]')
            next_step(page, 1)
            assert page.is_checked(f'input[name="payment_record"][value="{raw["payment_record"]}"]')
        next_step(page, number)

    no_sideways_scroll(page, size)
    check_result(page, shot, name)
    # The refused empty step answers 422, which Chromium logs; nothing else may.
    assert [e for e in errors if "status of 422" not in e] == []


def walk_without_js(page, raw, shot=None):
    """Answer every step; conditional questions appear after the answer they depend on."""
    for number, section in enumerate(DEFINITION.sections, 1):
        if section.id == "financials":
            assert page.locator("#q-profitability").is_hidden()
            answer(page, raw, ["disclosure", "has_statements"])
            page.click('button[name="action"][value="next"]')
            page.wait_for_selector("#more-notice")
            # The page came back with the questions that now apply, and no errors.
            assert page.locator("#q-profitability").is_visible()
            assert page.locator(".field-error").count() == 0
            if shot:
                shot(page, f"selfcheck-nojs-step{number}-conditional")
        answer(page, raw, section.question_ids)
        next_step(page, number)


def test_selfcheck_without_javascript(live_server, page_at, shot):
    page = page_at(PHONE, java_script_enabled=False)
    page.goto(live_server + "/self-check/step/1")
    walk_without_js(page, band_b_answers(), shot)
    check_result(page, shot, "nojs")


def test_tools(live_server, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size)
    page.goto(live_server + "/tools")
    no_sideways_scroll(page, size)
    shot(page, f"tools-{name}")
    page.fill("#dso-receivables", "1,000,000")
    page.fill("#dso-credit_sales", "3,000,000")
    page.fill("#dso-days", "90")
    page.fill("#dso-current_receivables", "600000")
    page.click("#dso button[type=submit]")
    page.wait_for_selector("#dso-result")
    assert "30.0" in page.locator("#dso-result").inner_text()
    page.fill("#z2-working_capital", "abc")
    page.click("#z2 button[type=submit]")
    page.wait_for_selector("#z2-working_capital-error")
    assert page.input_value("#z2-working_capital") == "abc"
    no_sideways_scroll(page, size)
    shot(page, f"tools-{name}-errors")


def test_longest_result_prints_on_one_page(live_server, page_at, shot):
    """Two overrides, every limit note and the longest answer texts still fit one A4 page."""
    page = page_at(PHONE, java_script_enabled=False)
    raw = {**band_b_answers(), "public_records": "severe", "country_risk": "d",
           "net_worth": "", "sales_share": "gt_20"}
    page.goto(live_server + "/self-check/step/1?lang=en")  # English runs longer
    walk_without_js(page, raw)
    assert page.locator(".overrides li").count() == 2
    assert page.locator("html").get_attribute("lang") == "en"
    page.emulate_media(media="print")
    shot(page, "selfcheck-long-print")
    assert pdf_pages(page) == 1

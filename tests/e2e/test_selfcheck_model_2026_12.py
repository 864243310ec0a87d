"""Model 2026.12 in a real browser: band D's secured limit, the ceiling, the re-scoring note."""

from creditdesk.assessment import answers_to_json, parse_answers, score
from creditdesk.extensions import db
from creditdesk.models.assessment import AssessmentResult
from tests.e2e.test_selfcheck_journey import PHONE, no_sideways_scroll, pdf_pages, walk_without_js
from tests.integration.selfcheck_walk import band_b_answers
from tests.unit.assessment.answersets import DEFINITION


def test_band_d_shows_a_secured_limit_and_an_unsecured_limit_of_0(
    live_server, page_at, viewport, shot
):
    name, size = viewport
    page = page_at(size, java_script_enabled=False)
    raw = {**band_b_answers(), "country_risk": "d", "net_worth": "", "sales_share": "gt_20"}
    page.goto(live_server + "/self-check/step/1")
    walk_without_js(page, raw)
    assert page.locator(".band-badge .band-letter").inner_text() == "D"
    kinds = page.locator(".limit-kind").all_inner_texts()
    assert kinds == ["有担保额度", "无担保额度"]
    assert page.locator(".limit-unsecured .limit-value").inner_text() == "¥0"
    # unknown net worth: the band D ceiling is 0, so the secured limit is 0 too
    assert page.locator(".limit-value").first.inner_text() == "¥0"
    no_sideways_scroll(page, size)
    shot(page, f"model-2026-12-band-d-{name}")
    page.emulate_media(media="print")
    shot(page, f"model-2026-12-band-d-{name}-print")
    assert pdf_pages(page) == 1


def test_a_stored_2026_11_result_shows_the_current_model(live_app, live_server, page_at, viewport,
                                                         shot):
    name, size = viewport
    raw = {**band_b_answers(), "has_statements": "no", "current_ratio_band": "lt_1",
           "profitability": "loss"}
    answers, _ = parse_answers(DEFINITION, raw)
    result = score(DEFINITION, answers)
    data = result.to_dict()
    old_band = DEFINITION.band_for_score(result.score)  # 2026.11 had no such override
    data.update(definition_version="2026.11", band=old_band.to_dict(), overrides=[])
    with live_app.app_context():
        row = AssessmentResult(definition_id=DEFINITION.id, definition_version="2026.11",
                               answers=answers_to_json(answers), score=result.score,
                               band=old_band.code, result=data)
        db.session.add(row)
        db.session.commit()
        token = row.token
        db.session.remove()
    page = page_at(size)
    page.goto(f"{live_server}/self-check/r/{token}")
    note = page.locator(".rescored")
    assert note.is_visible()
    assert "按当前模型 2026.12 为 D 级" in note.inner_text()
    assert page.locator(".band-badge .band-letter").inner_text() == old_band.code
    no_sideways_scroll(page, size)
    shot(page, f"model-2026-12-rescored-{name}")
    path = shot(page, f"model-2026-12-rescored-{name}-head")
    page.locator(".result-head").screenshot(path=str(path))


def test_quick_ratio_on_tools(live_server, page_at, shot):
    page = page_at(PHONE)
    page.goto(live_server + "/tools#ratios")
    assert "含应收票据和应收款项融资" in page.locator("#ratios .formula-line").inner_text()
    for field, value in (("current_assets", "1,000"), ("current_liabilities", "500"),
                         ("cash", "100"), ("inventories", "300"), ("prepayments", "50")):
        page.fill(f"#ratios-{field}", value)
    page.click("#ratios button[type=submit]")
    page.wait_for_selector("#ratios-result")
    assert "速动比率：1.30" in page.locator("#ratios-result").inner_text()
    no_sideways_scroll(page, PHONE)
    shot(page, "model-2026-12-tools-ratios-phone")

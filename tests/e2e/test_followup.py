"""A salesperson in a real browser, at 390 and 1280 px: a new request arrives and is
assigned to them, they call, log the outcome, plan the next step and complete it."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from creditdesk.admin.accounts import create_staff
from creditdesk.extensions import db
from creditdesk.models import now_utc

PASSWORD = "plum-orchard-lantern-42"
SH = ZoneInfo("Asia/Shanghai")


def _no_sideways_scroll(page, size):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], width


@pytest.fixture
def salesperson(live_app, live_server, viewport, monkeypatch):
    """A sales account of its own per viewport, the only one new credit-terms requests go to."""
    name, _size = viewport
    email = f"e2e-sales-{name}@example.com"
    with live_app.app_context():
        create_staff(email, PASSWORD, "sales")
        db.session.commit()
        db.session.remove()
    monkeypatch.setitem(live_app.config, "LEADS_AUTO_ASSIGN", "by_need")
    monkeypatch.setitem(live_app.config, "LEADS_ASSIGN_BY_NEED", {"credit_terms": [email]})
    monkeypatch.setitem(live_app.config, "NOTIFY_AFTER_RESPONSE", False)
    return email


def test_from_new_request_to_completed_next_step(live_server, page_at, viewport, shot,
                                                 backdate_form, salesperson):
    name, size = viewport
    visitor = page_at(size)
    visitor.goto(live_server + "/consult")
    visitor.locator("select[name=need]").select_option("credit_terms")
    visitor.locator("input[name=name]").fill(f"赵经理{name}")
    visitor.locator("input[name=company]").fill("苏州某某机械有限公司")
    visitor.locator("input[name=phone]").fill("139 1234 5678")
    visitor.locator("textarea[name=detail]").fill("新客户要求 90 天账期，想知道给多少额度合适。")
    visitor.locator("input[name=consent]").check()
    backdate_form(visitor.locator("form[action='/consult']").first)
    visitor.get_by_role("button", name="提交咨询").click()
    visitor.wait_for_url(re.compile(r"/consult/thanks/"))

    page = page_at(size)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/admin/my")
    page.fill("#email", salesperson)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/admin/my$"))
    card = page.locator(".queue-none .lead-card").filter(has_text=f"赵经理{name}")
    assert card.count() == 1
    assert "139****5678" in card.inner_text() and "已等待" in card.inner_text()
    _no_sideways_scroll(page, size)
    shot(page, f"followup-{name}-1-queue-new")

    card.get_by_role("link", name=f"赵经理{name}").click()
    page.wait_for_url(re.compile(r"/admin/leads/\d+$"))
    lead_url = page.url
    next_step = page.locator("#next-step")
    if name == "phone":  # the next step and the call come first on a phone
        assert next_step.bounding_box()["y"] < page.locator("#request-title").bounding_box()["y"]
    next_step.get_by_role("button", name="显示号码并拨打").click()
    page.wait_for_load_state()
    call = page.locator("#next-step a.call-button")
    assert call.get_attribute("href") == "tel:+8613912345678"
    assert page.locator("a.phone-full").get_attribute("href") == "tel:+8613912345678"
    shot(page, f"followup-{name}-2-lead-revealed")

    # One tap after the call: they were reached.
    page.locator("#next-step").get_by_role("button", name="已接通").click()
    page.wait_for_load_state()
    assert page.locator(".lead-badges .status-badge").inner_text() == "已联系"
    assert "联系记录：已接通" in page.locator(".timeline").inner_text()

    # Plan the next step: a proposal tomorrow at 10:00 (site time).
    tomorrow = (now_utc().astimezone(SH) + timedelta(days=1)).strftime("%Y-%m-%d")
    form = page.locator("form.next-step-form")
    if not form.is_visible():
        page.get_by_text("安排下一步").click()
    form.locator("select[name=action]").select_option("proposal")
    form.locator("input[name=due]").fill(f"{tomorrow}T10:00")
    form.locator("textarea[name=note]").fill("发 90 天账期的额度建议")
    form.get_by_role("button", name="保存下一步").click()
    page.wait_for_load_state()
    assert "下一步已保存" in page.locator(".notice-ok").inner_text()
    assert f"{tomorrow} 10:00" in page.locator(".next-step-now").inner_text()
    _no_sideways_scroll(page, size)
    shot(page, f"followup-{name}-3-next-step-planned")

    # A bad due time is refused next to the field and nothing changes.
    if not form.is_visible():
        page.get_by_text("改期或修改下一步").click()
    form.locator("input[name=due]").evaluate("i => { i.type = 'text'; i.value = '明天'; }")
    form.get_by_role("button", name="保存下一步").click()
    page.wait_for_load_state()
    assert "请按 YYYY-MM-DDTHH:MM 格式填写到期时间。" in page.locator("#due-error").inner_text()
    assert f"{tomorrow} 10:00" in page.locator(".next-step-now").inner_text()
    assert len(errors) == 1 and "400" in errors.pop()  # the refused form's status

    page.goto(live_server + "/admin/my")
    later = page.locator(".queue-later .lead-card, .queue-today .lead-card").filter(
        has_text=f"赵经理{name}")
    assert "发送方案" in later.inner_text()
    shot(page, f"followup-{name}-4-queue-planned")

    # Moved to two hours ago (allowed: within a day), it is overdue: highlighted first in
    # the queue and counted in the header of every workspace page.
    page.goto(lead_url)
    page.get_by_text("改期或修改下一步").click()
    earlier = (now_utc().astimezone(SH) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    form.locator("input[name=due]").fill(earlier)
    form.get_by_role("button", name="保存下一步").click()
    page.wait_for_load_state()
    assert page.locator(".next-step-card.is-overdue").count() == 1
    page.goto(live_server + "/admin/my")
    assert page.locator(".queue-overdue .lead-card.is-overdue").filter(
        has_text=f"赵经理{name}").count() == 1
    assert page.locator(".due-overdue").inner_text() == "1 条逾期"
    _no_sideways_scroll(page, size)
    shot(page, f"followup-{name}-4b-queue-overdue")

    page.goto(lead_url)
    page.fill("#outcome", "方案已发，客户下周回复")
    page.get_by_role("button", name="标记完成").click()
    page.wait_for_load_state()
    assert "下一步已完成" in page.locator(".notice-ok").inner_text()
    assert "尚未安排下一步" in page.locator("#next-step").inner_text()
    timeline = page.locator(".timeline").inner_text()
    assert "已完成：发送方案" in timeline and "方案已发，客户下周回复" in timeline
    _no_sideways_scroll(page, size)
    shot(page, f"followup-{name}-5-done")

    page.goto(live_server + "/admin/leads")
    if name == "phone":
        assert page.locator(".inbox-cards").is_visible()
        assert not page.locator("table.leads-table").is_visible()
        assert not page.locator("#lead-filters").is_visible()
        page.locator(".filters-toggle").click()
        assert page.locator("#lead-filters").is_visible()
    else:
        assert page.locator("table.leads-table").is_visible()
        assert page.locator("#lead-filters").is_visible()
        assert not page.locator(".filters-toggle").is_visible()
    _no_sideways_scroll(page, size)
    shot(page, f"followup-{name}-6-inbox")
    assert errors == []

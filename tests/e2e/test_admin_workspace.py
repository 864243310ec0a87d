"""The sales workspace in a real browser: log in, filter, work a lead, export, log out."""

import re

import pytest

from creditdesk.admin.accounts import create_staff, find_staff
from creditdesk.extensions import db
from creditdesk_demo.seed import seed
from tests.e2e import staff

EMAIL = "e2e-admin@example.com"
PASSWORD = "plum-orchard-lantern-42"


@pytest.fixture(scope="module")
def staffed(live_app, live_server):
    """Seed a staff account and demo leads into the live app's database (once)."""
    with live_app.app_context():
        if find_staff(EMAIL) is None:
            create_staff(EMAIL, PASSWORD, "admin")
            db.session.commit()
            seed(120, random_seed=3)
        db.session.remove()
    return live_server


def log_in(page, base):
    staff.log_in(page, base, EMAIL, PASSWORD, start="/admin/leads")


def test_sales_journey_at_desktop(staffed, page_at, shot):
    page = page_at({"width": 1280, "height": 900}, accept_downloads=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, staffed)
    assert re.search(r"/admin/leads$", page.url)
    assert page.locator("table.leads-table tbody tr").count() >= 10

    page.select_option("#f-need", "credit_insurance")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert "need=credit_insurance" in page.url
    needs = page.locator("table.leads-table tbody td:nth-child(2)").all_inner_texts()
    assert needs and set(needs) == {"贸易信用保险"}

    page.locator("table.leads-table tbody th a").first.click()
    page.wait_for_load_state()
    assert re.search(r"/admin/leads/\d+$", page.url)
    page.select_option("#status", "qualified")
    page.get_by_role("button", name="保存状态").click()
    page.wait_for_load_state()
    assert page.locator(".status-badge").inner_text() == "有意向"
    page.fill("#body", "浏览器测试：客户约好周四面谈")
    page.get_by_role("button", name="添加备注").click()
    page.wait_for_load_state()
    assert page.locator(".timeline .note-body").first.inner_text() == "浏览器测试：客户约好周四面谈"
    assert "状态：" in page.locator(".timeline").inner_text()

    page.goto(staffed + "/admin/leads?need=credit_insurance")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 CSV").click()
    download = info.value
    assert re.fullmatch(r"leads-export-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    text = download.path().read_text(encoding="utf-8-sig")
    assert text.startswith("收到时间,编号,需求")
    assert "贸易信用保险" in text and "客户信用评估" not in text

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()
    assert "/admin/login" in page.url
    page.goto(staffed + "/admin/leads")
    assert "/admin/login" in page.url
    assert errors == []


def test_screens(staffed, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size)
    page.goto(staffed + "/admin/login")
    shot(page, f"admin-{name}-1-login")
    log_in(page, staffed)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"] + 1, width  # the table scrolls inside its own box
    shot(page, f"admin-{name}-2-inbox")
    # At phone width the inbox is a list of cards; the table is for wider screens.
    links = ".inbox-cards .lead-card-title a" if name == "phone" else "table.leads-table tbody th a"
    page.locator(links).first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1
    shot(page, f"admin-{name}-3-lead")
    page.goto(staffed + "/admin/")
    assert page.locator("svg.chart").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1
    shot(page, f"admin-{name}-4-dashboard")

"""A large inbox in a real browser, at 390 and 1280 px: a filtered page counts its own
status tab, admin.js fills the other tabs from /admin/leads/counts; without JavaScript
(or when that request fails) the page still works, the other tabs without numbers.

Its own app and server: INBOX_EXACT_COUNTS_UPTO=0 makes every filtered list "large".
"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from creditdesk.admin.accounts import create_staff
from creditdesk.extensions import db
from creditdesk.models import now_utc
from tests.e2e import staff
from tests.e2e.axe_rules import AXE_OPTIONS, describe
from tests.e2e.conftest import build_live_app, serving
from tests.integration.admin_helpers import make_lead

EMAIL = "e2e-large@example.com"
PASSWORD = "plum-orchard-lantern-42"
PATH = "/admin/leads?q=华信&status=new"
COUNTS = "**/admin/leads/counts?*"
# The tabs as the page shows them once the numbers are in (label: number); the page
# itself counts 新线索, the request the others. 全部 leaves out spam.
EXPECTED = {"全部": "7", "新线索": "5", "已联系": "1", "有意向": "0", "已成交": "1",
            "未成交": "0", "垃圾信息": "1"}


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """Serve an app that treats every filtered inbox as large, with a few 华信 leads."""
    app = build_live_app(tmp_path_factory.mktemp("large"), INBOX_EXACT_COUNTS_UPTO=0)
    with app.app_context():
        create_staff(EMAIL, PASSWORD, "admin")
        db.session.commit()
        db.session.remove()
    now = now_utc()
    for n in range(5):
        make_lead(app, name=f"新客户{n}", company="上海华信贸易有限公司",
                  created_at=now - timedelta(minutes=n))
    make_lead(app, name="已联系客户", company="华信五金", status="contacted")
    make_lead(app, name="成交客户", company="苏州华信机械", status="won")
    make_lead(app, name="垃圾", company="华信", status="spam")
    make_lead(app, name="别家客户", company="恒达机械")  # new, but not 华信
    with serving(app) as url:
        yield url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def axe():
    return Axe()


def log_in(page, base):
    staff.log_in(page, base, EMAIL, PASSWORD, start="/admin/login")


def tabs(page) -> list[dict]:
    """Return each status tab: its label, number, and whether the number is on screen."""
    return page.locator(".status-tabs li a").evaluate_all("""links => links.map(a => {
        const count = a.querySelector('.count');
        const box = count.getBoundingClientRect();
        return {label: a.firstChild.textContent.trim(), count: count.textContent,
                hidden: count.hidden, shown: box.width > 0 && box.height > 0,
                current: a.getAttribute('aria-current') === 'page'};
    })""")


def layout(page) -> dict:
    """Return where the tabs and what follows them are, to compare before and after."""
    nav = page.locator("nav.status-tabs").bounding_box()
    after = page.locator("#lead-filters, .filters-toggle").filter(visible=True).first
    return {"nav_y": nav["y"], "nav_height": nav["height"],
            "next_y": after.bounding_box()["y"]}


def no_sideways_scroll(page, size):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], width


def no_axe_violations(page, axe, where):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], "\n".join(describe(violations, where))


def listed_names(page, phone: bool) -> list[str]:
    links = ".inbox-cards .lead-card-title a" if phone else "table.leads-table tbody th a"
    return page.locator(links).all_inner_texts()


def test_other_tabs_get_their_numbers_after_the_page(large, page_at, viewport, shot, axe):
    name, size = viewport
    page = page_at(size)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, large)
    held = []  # the counts request waits until the page is measured without its numbers
    page.route(COUNTS, lambda route: held.append(route))
    response = page.goto(large + PATH)
    assert response.status == 200
    nav = page.locator("nav.status-tabs")
    counts_url = nav.get_attribute("data-counts")
    assert counts_url.startswith("/admin/leads/counts?") and "q=%E5%8D%8E%E4%BF%A1" in counts_url
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1 and held[0].request.url == large + counts_url

    before = tabs(page)
    assert [(t["label"], t["count"], t["shown"]) for t in before if t["current"]] == [
        ("新线索", "5", True)]
    assert all(t["hidden"] and not t["shown"] and t["count"] == ""
               for t in before if not t["current"])  # no empty pill while waiting
    where = layout(page)
    shot(page, f"admin-inbox-large-{name}-waiting")

    held[0].continue_()
    page.wait_for_selector('.status-tabs .count[data-status=""]:not([hidden])')
    after = tabs(page)
    assert {t["label"]: t["count"] for t in after} == EXPECTED
    assert all(t["shown"] and not t["hidden"] for t in after)
    moved = layout(page)
    assert moved == where, (where, moved)  # numbers arriving move nothing below the tabs
    assert listed_names(page, name == "phone") == [f"新客户{n}" for n in range(5)]
    no_sideways_scroll(page, size)
    no_axe_violations(page, axe, f"large inbox {size['width']}px: ")
    shot(page, f"admin-inbox-large-{name}")
    assert errors == []


def test_without_javascript_the_page_counts_its_own_tab(large, page_at, viewport, shot):
    name, size = viewport
    page = page_at(size, java_script_enabled=False)
    log_in(page, large)
    response = page.goto(large + PATH)
    assert response.status == 200
    shown = tabs(page)
    assert [t["label"] for t in shown] == list(EXPECTED)
    assert [(t["label"], t["count"]) for t in shown if t["shown"]] == [("新线索", "5")]
    assert all(t["hidden"] and t["count"] == "" for t in shown if not t["current"])
    # The filters stay open with no button that would need the script to do anything.
    assert page.locator("#lead-filters").is_visible()
    assert page.locator(".filters-toggle").bounding_box() is None
    assert listed_names(page, name == "phone") == [f"新客户{n}" for n in range(5)]
    assert page.locator("nav.status-tabs").bounding_box()["height"] < 80  # one row of tabs
    no_sideways_scroll(page, size)
    shot(page, f"admin-inbox-large-{name}-nojs")


def test_a_failed_counts_request_leaves_the_tabs_as_they_were(large, page_at, viewport, axe):
    name, size = viewport
    page = page_at(size)
    log_in(page, large)
    failed = []
    page.route(COUNTS, lambda route: (failed.append(route.request.url),
                                      route.fulfill(status=500, body="")))
    page.goto(large + PATH)
    page.wait_for_load_state("networkidle")
    assert len(failed) == 1
    shown = tabs(page)
    assert [(t["label"], t["count"]) for t in shown if t["shown"]] == [("新线索", "5")]
    no_sideways_scroll(page, size)
    no_axe_violations(page, axe, f"large inbox, counts failed {size['width']}px: ")



def test_the_all_tab_fetches_the_others_too(large, page_at):
    page = page_at({"width": 1280, "height": 900})
    log_in(page, large)
    page.goto(large + "/admin/leads?q=华信")
    page.wait_for_selector('.status-tabs .count[data-status="new"]:not([hidden])')
    shown = tabs(page)
    assert {t["label"]: t["count"] for t in shown} == EXPECTED
    assert [t["label"] for t in shown if t["current"]] == ["全部"]
    assert all(t["shown"] for t in shown)

"""收藏 in a real browser, with and without JavaScript, at 390 and 1280 px; sharing; print;
/admin/content and the dashboard's bar labels."""

import re
from datetime import timedelta

import pytest

from creditdesk.admin.accounts import create_staff, find_staff
from creditdesk.extensions import db
from creditdesk.models import ArticleViewDay, SelfCheckStartDay
from creditdesk.templating import site_today
from creditdesk_demo.seed import seed
from tests.e2e import staff

EMAIL = "e2e-content@example.com"
PASSWORD = "plum-orchard-lantern-42"


def _slugs(app):
    with app.app_context():
        return [a.slug for a in app.extensions["creditdesk.library"].view(site_today()).articles]


def _count(page):
    text = page.locator(".article-header .save-count").inner_text()
    return int(re.match(r"\d+", text).group(0))


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_save_and_unsave(live_app, live_server, page_at, shot, viewport, js):
    name, size = viewport
    slug = _slugs(live_app)[{"phone": 0, "desktop": 1}[name] + (2 if js else 0)]
    page = page_at(size, java_script_enabled=js)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/articles/{slug}")
    button = page.locator(".article-header .save-button")
    assert button.get_attribute("aria-pressed") == "false"
    before = _count(page)
    if js:
        page.evaluate("window.notReloaded = true")
    button.click()
    if js:
        page.wait_for_selector('.article-header .save-button[aria-pressed="true"]')
        assert page.evaluate("window.notReloaded === true")  # no reload
        assert page.locator('.article-header input[name="action"]').input_value() == "unsave"
    else:
        page.wait_for_url(re.compile(rf"/articles/{slug}#save$"))
        assert button.get_attribute("aria-pressed") == "true"
    assert _count(page) == before + 1
    assert page.locator(".article-header .save-count").inner_text() == f"{before + 1} 个收藏"
    # The state is the server's: a reload shows it too.
    page.reload()
    assert button.get_attribute("aria-pressed") == "true"
    shot(page, f"article-saved-{'js' if js else 'nojs'}-{name}")
    # 我的收藏 is linked from the header and lists the article.
    page.locator(".saved-link").click()
    page.wait_for_url(re.compile(r"/saved$"))
    assert page.locator(f'.saved-list a[href="/articles/{slug}"]').count() == 1
    shot(page, f"saved-{'js' if js else 'nojs'}-{name}")
    # Unsave on the article page.
    page.goto(f"{live_server}/articles/{slug}")
    button.click()
    if js:
        page.wait_for_selector('.article-header .save-button[aria-pressed="false"]')
        assert page.evaluate("window.notReloaded === undefined")  # (a new page was loaded)
    else:
        page.wait_for_url(re.compile(r"#save$"))
    assert button.get_attribute("aria-pressed") == "false"
    assert _count(page) == before
    assert errors == []  # no CSP violation, no script error


def test_unsave_from_saved_page_with_javascript(live_app, live_server, page_at):
    slug = _slugs(live_app)[4]
    page = page_at({"width": 390, "height": 844})
    page.goto(f"{live_server}/articles/{slug}")
    page.locator(".article-header .save-button").click()
    page.wait_for_selector('.article-header .save-button[aria-pressed="true"]')
    page.goto(f"{live_server}/saved")
    item = page.locator(".saved-item", has=page.locator(f'a[href="/articles/{slug}"]'))
    item.locator(".save-button").click()
    item.locator('.save-button[aria-pressed="false"]').wait_for()
    page.reload()
    assert page.locator(f'.saved-list a[href="/articles/{slug}"]').count() == 0


def test_share_block_and_print(live_app, live_server, page_at, shot, viewport):
    name, size = viewport
    slug = _slugs(live_app)[5]
    page = page_at(size)
    page.goto(f"{live_server}/articles/{slug}")
    qr = page.locator(".share .qr-code")
    box = qr.bounding_box()
    assert box and 100 <= box["width"] <= 140 and box["width"] == box["height"]
    link = page.locator("a.copy-link")
    assert link.get_attribute("href") == f"{live_server}/articles/{slug}"
    shot(page, f"article-share-{name}")
    page.emulate_media(media="print")
    for selector in (".site-header", ".share", ".save-form", ".consult-block", ".toc",
                     ".breadcrumbs"):
        locator = page.locator(selector).first
        assert locator.count() == 0 or not locator.is_visible(), selector
    assert page.locator(".article .prose").first.is_visible()
    shot(page, f"article-print-{name}")


def test_copy_link_copies_with_javascript(live_app, live_server, page_at):
    slug = _slugs(live_app)[5]
    page = page_at({"width": 1280, "height": 900}, permissions=["clipboard-read",
                                                                  "clipboard-write"])
    page.goto(f"{live_server}/articles/{slug}")
    page.locator("a.copy-link").click()
    page.locator("[data-copy-status]", has_text="链接已复制").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server}/articles/{slug}"
    assert page.url.endswith(f"/articles/{slug}")  # stayed on the page


@pytest.fixture(scope="module")
def staffed(live_app, live_server):
    with live_app.app_context():
        if find_staff(EMAIL) is None:
            create_staff(EMAIL, PASSWORD, "admin")
            db.session.commit()
            if not find_staff("e2e-admin@example.com"):
                seed(120, random_seed=3)
            today = site_today()
            for i, slug in enumerate(_slugs(live_app)[:8]):
                for ago in range(0, 30, 3):
                    db.session.merge(ArticleViewDay(slug=slug, day=today - timedelta(days=ago),
                                                    count=(i + 1) * 3 + ago % 7))
                db.session.merge(SelfCheckStartDay(slug=slug, day=today, count=i + 1))
            db.session.commit()
        db.session.remove()
    return live_server


def log_in(page, base):
    staff.log_in(page, base, EMAIL, PASSWORD, start="/admin/content")


def test_admin_content_and_dashboard_labels(staffed, page_at, shot, viewport):
    name, size = viewport
    page = page_at(size)
    log_in(page, staffed)
    assert "/admin/content" in page.url
    assert page.locator(".content-table tbody tr").count() >= 8
    heads = page.locator(".content-table thead th").all_text_contents()
    assert [h.strip() for h in heads[3:5]] == ["已开始的自测", "已完成的自测"]
    shot(page, f"admin-content-{name}")
    page.locator(".content-table thead a", has_text="咨询").click()
    page.wait_for_url(re.compile(r"sort=-requests"))
    page.locator(".content-table tbody th a").first.click()
    page.wait_for_url(re.compile(r"/admin/content/[a-z0-9-]+\?"))
    assert page.locator(".chart-views rect").count() == 30
    shot(page, f"admin-content-article-{name}")
    page.goto(staffed + "/admin/")
    # No bar label runs into its bar: every label ends left of the bars' start.
    for chart in page.locator("svg.chart-bars").all():
        bars = chart.locator("rect")
        if bars.count() == 0:
            continue
        bar_left = bars.first.bounding_box()["x"]
        for label in chart.locator("text.chart-label").all():
            box = label.bounding_box()
            assert box["x"] + box["width"] <= bar_left + 0.5, label.text_content()
    shot(page, f"admin-dashboard-{name}")

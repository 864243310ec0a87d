"""Who runs the site is configuration (ORG_*), shown on /privacy, /about and the footer."""

import pytest

from creditdesk.config import Defaults

ORG = {"ORG_NAME": "上海信达信用咨询有限公司", "ORG_ADDRESS": "上海市黄浦区中山东一路 18 号",
       "ORG_EMAIL": "privacy@xinda-credit.cn", "ORG_PHONE": "+86 21 6000 1234"}


@pytest.fixture
def app(make_app):
    return make_app(**ORG)


def test_privacy_names_the_handler_and_its_contact(client):
    html = client.get("/privacy").get_data(as_text=True)
    card = html[html.index('class="org-card'):html.index('class="prose"')]
    for value in ORG.values():
        assert value in card
    assert 'href="mailto:privacy@xinda-credit.cn"' in card
    assert 'href="tel:+862160001234"' in card
    assert ">我们是谁，如何联系我们</h2>" in card
    assert Defaults.ORG_EMAIL not in html and "示例" not in html


def test_about_and_every_footer_show_the_organisation(client):
    about = client.get("/about").get_data(as_text=True)
    assert about.count("上海市黄浦区中山东一路 18 号") == 2  # contact card and footer
    for path in ("/", "/faq", "/consult", "/no-such-page", "/?lang=en"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer'):]
        for value in ORG.values():
            assert value in footer, (path, value)


def test_shipped_defaults_are_visibly_examples(make_app):
    html = make_app().test_client().get("/privacy").get_data(as_text=True)
    assert Defaults.ORG_NAME in html and "示例" in Defaults.ORG_NAME
    assert Defaults.ORG_EMAIL.endswith(".example")


def test_content_does_not_hard_code_the_operator():
    from pathlib import Path

    pages = Path(__file__).parents[2] / "content" / "pages"
    for page in pages.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "@" not in text, page.name
        assert "个人信息处理者:" not in text, page.name

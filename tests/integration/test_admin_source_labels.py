"""A lead's source page is shown by name: fixed pages translated, articles by title."""

import csv
import io

import pytest

from creditdesk.library import library
from tests.integration.admin_helpers import logged_in, make_lead


@pytest.fixture
def client(app):
    return logged_in(app)


def article_title(app, slug: str) -> str:
    with app.app_context():
        return next(a.title for a in library().all_articles if a.slug == slug)


def test_inbox_filter_and_dashboard_name_the_sources(app, client):
    title = article_title(app, "reducing-dso")
    make_lead(app, name="文章", source_page="reducing-dso")
    make_lead(app, name="自测", source_page="self-check")
    make_lead(app, name="旧文", source_page="removed-article")
    inbox = client.get("/admin/leads").get_data(as_text=True)
    for text in (f"<td>{title}</td>", "<td>自测结果页</td>", "<td>removed-article</td>"):
        assert text in inbox, text
    assert '<option value="reducing-dso" >' + title + "</option>" in inbox
    assert '<option value="consult" >咨询页</option>' in inbox
    assert '<option value="home" >首页</option>' in inbox
    assert "<td>reducing-dso</td>" not in inbox
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert title in dashboard and "自测结果页" in dashboard
    assert "<td>self-check</td>" not in dashboard and ">reducing-dso<" not in dashboard


def test_filter_keeps_an_unknown_source_selected(app, client):
    make_lead(app, name="旧文", source_page="removed-article")
    inbox = client.get("/admin/leads?source=removed-article").get_data(as_text=True)
    assert '<option value="removed-article" selected>removed-article</option>' in inbox


def test_lead_page_and_english_labels(app, client):
    title = article_title(app, "reducing-dso")
    article = make_lead(app, source_page="reducing-dso")
    consult = make_lead(app, source_page="consult")
    assert title in client.get(f"/admin/leads/{article}").get_data(as_text=True)
    assert "咨询页" in client.get(f"/admin/leads/{consult}").get_data(as_text=True)
    english = client.get(f"/admin/leads/{consult}?lang=en").get_data(as_text=True)
    assert "Consultation page" in english


def test_export_names_the_source(app, client):
    title = article_title(app, "reducing-dso")
    make_lead(app, source_page="reducing-dso")
    make_lead(app, source_page="home")
    text = client.get("/admin/leads/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("来源")
    assert sorted(r[column] for r in rows[1:]) == sorted([title, "首页"])


def test_dashboard_names_delivery_states_in_the_readers_language(client):
    html = client.get("/admin/").get_data(as_text=True)
    for label in ("待发送", "发送中", "已发送", "发送失败", "已取消"):
        assert f'<th scope="row">{label}</th>' in html, label
    assert '<th scope="row">pending</th>' not in html
    english = client.get("/admin/?lang=en").get_data(as_text=True)
    assert '<th scope="row">Waiting to send</th>' in english

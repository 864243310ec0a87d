"""Pages rendered once per locale and content, with per-visitor tokens filled per request."""

import pytest

from creditdesk import fragments
from creditdesk.extensions import db
from creditdesk.models import Lead

from .leads_support import VALID, hidden_fields


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def _cache(app):
    return app.extensions[fragments.EXTENSION]


@pytest.mark.parametrize("path", ["/consult", "/", "/articles/reducing-dso"])
def test_cached_pages_give_each_visitor_fresh_tokens(csrf_app, path):
    pages = []
    for _ in range(2):
        client = csrf_app.test_client()
        pages.append(hidden_fields(client.get(path).get_data(as_text=True)))
    first, second = pages
    assert first["csrf_token"] and second["csrf_token"]
    assert first["form_token"] != second["form_token"]
    assert first["csrf_token"] != second["csrf_token"]
    assert "\x00" not in str(pages)
    assert _cache(csrf_app).hits >= 1  # the second visitor got the stored page


@pytest.mark.parametrize("path", ["/consult", "/articles/reducing-dso"])
def test_a_form_from_a_cached_page_can_be_sent(csrf_app, path):
    client = csrf_app.test_client()
    client.get(path)  # the stored page, rendered for another visitor
    client = csrf_app.test_client()
    hidden = hidden_fields(client.get(path).get_data(as_text=True))
    response = client.post("/consult", data={**hidden, **VALID}, headers={"Referer": path})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with csrf_app.app_context():
        lead = db.session.scalars(db.select(Lead)).one()
        assert lead.source_page == ("consult" if path == "/consult" else "reducing-dso")
        db.session.remove()


def test_each_locale_is_its_own_page(client, app):
    zh = client.get("/consult").get_data(as_text=True)
    en = client.get("/consult", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Send my request" in en and "Send my request" not in zh
    zh_again = client.get("/consult").get_data(as_text=True)
    assert "Send my request" not in zh_again


def test_a_self_check_link_is_not_served_from_the_cache(client, app):
    html = client.get("/consult?assessment=abc123").get_data(as_text=True)
    assert hidden_fields(html)["assessment_token"] == "abc123"
    html = client.get("/consult").get_data(as_text=True)
    assert hidden_fields(html)["assessment_token"] == ""


def test_cache_off_renders_the_same_page(make_app):
    cached, plain = make_app(), make_app(FRAGMENT_CACHE=False)
    pages = []
    for app in (cached, plain):
        html = app.test_client().get("/articles/reducing-dso").get_data(as_text=True)
        token = hidden_fields(html)["form_token"]
        pages.append(html.replace(token, "TOKEN"))
    assert pages[0] == pages[1]
    assert _cache(plain).hits == _cache(plain).misses == 0


def test_the_cache_is_bounded(app):
    cache = fragments.PageCache(size=3)
    for i in range(5):
        cache.put(i, [str(i)])
    assert list(cache.pages) == [2, 3, 4]
    assert cache.get(0) is None and cache.get(4) == ["4"]


def test_a_slot_missing_from_the_page_is_an_error():
    with pytest.raises(RuntimeError):
        fragments._split("<p>no marker</p>", [("csrf", ())])
    assert fragments._split("a\x00slot:0\x00b", [("csrf", ())]) == ["a", ("csrf", ()), "b"]


def test_self_check_start_is_cached_for_new_visitors_only(client, app):
    client.get("/self-check")
    client.get("/self-check")
    assert _cache(app).hits >= 1
    assert "Start again" not in client.get("/self-check?lang=en").get_data(as_text=True)


def test_a_templates_own_csrf_token_is_never_stored_in_a_page(csrf_app):
    from jinja2 import ChoiceLoader, DictLoader

    csrf_app.jinja_env.loader = ChoiceLoader(
        [DictLoader({"probe.html": '<input value="{{ csrf_token() }}">'}),
         csrf_app.jinja_env.loader])

    @csrf_app.get("/__probe")
    def probe():
        return fragments.render_cached("probe.html", ("probe",), dict)

    first = csrf_app.test_client().get("/__probe").get_data(as_text=True)
    second = csrf_app.test_client().get("/__probe").get_data(as_text=True)
    assert first != second and "\x00" not in first + second
    assert _cache(csrf_app).hits == 1

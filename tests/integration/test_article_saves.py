"""收藏: a reader cookie, one save per reader and article, limits, /saved, concurrency."""

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import ArticleSave, AssessmentResult, now_utc
from creditdesk.public import saves
from creditdesk.templating import site_today
from tests.integration.selfcheck_walk import band_b_answers, complete

BROWSER = {"User-Agent": "Mozilla/5.0"}
BOT = {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
JSON = {**BROWSER, "Accept": "application/json"}


def _slugs(app, n=2):
    with app.app_context():
        view = app.extensions["creditdesk.library"].view(site_today())
        return [a.slug for a in view.articles[:n]]


def _count(app, slug=None):
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(ArticleSave)
        if slug:
            query = query.where(ArticleSave.slug == slug)
        n = db.session.scalar(query)
        db.session.remove()
        return n


def _reader(client, slug):
    """Visit an article as a browser: the visit gives the reader cookie."""
    response = client.get(f"/articles/{slug}", headers=BROWSER)
    assert response.status_code == 200
    cookie = client.get_cookie(saves.COOKIE)
    assert cookie is not None and re.fullmatch(r"[A-Za-z0-9_-]{22}", cookie.value)
    return cookie.value


def _control(html):
    """The save button's pressed state and the count text next to it."""
    pressed = re.search(r'class="save-button" aria-pressed="(true|false)"', html).group(1)
    count = re.search(r'class="save-count"[^>]*>([^<]*)<', html).group(1)
    return pressed, count


def test_article_page_gives_a_reader_cookie_and_shows_the_control(app, client):
    slug = _slugs(app)[0]
    response = client.get(f"/articles/{slug}", headers=BROWSER)
    set_cookie = response.headers["Set-Cookie"]
    assert "cd_reader=" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    assert "Max-Age=63072000" in set_cookie
    assert response.headers["Cache-Control"].startswith("private")
    assert "ETag" not in response.headers
    html = response.get_data(as_text=True)
    assert _control(html) == ("false", "0 个收藏")
    assert f'action="/articles/{slug}/save"' in html
    # A returning reader keeps the id: no new cookie.
    again = client.get(f"/articles/{slug}", headers=BROWSER)
    assert saves.COOKIE not in again.headers.get("Set-Cookie", "")


def test_bots_get_no_reader_cookie(app, client):
    slug = _slugs(app)[0]
    response = client.get(f"/articles/{slug}", headers=BOT)
    assert "cd_reader" not in response.headers.get("Set-Cookie", "")


@pytest.mark.both_databases
def test_save_and_unsave_without_javascript(app, client):
    slug = _slugs(app)[0]
    _reader(client, slug)
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert response.status_code == 303
    assert response.location.endswith(f"/articles/{slug}#save")
    html = client.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    assert _control(html) == ("true", "1 个收藏")
    assert 'name="action" value="unsave"' in html
    # Saving again (a double click, Back and resend) keeps one save.
    client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert _count(app, slug) == 1
    client.post(f"/articles/{slug}/save", data={"action": "unsave"}, headers=BROWSER)
    assert _count(app, slug) == 0
    html = client.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    assert _control(html) == ("false", "0 个收藏")


@pytest.mark.both_databases
def test_save_with_javascript_answers_json(app):
    # Separate clients: pytest-flask's `client` keeps its last context (and g) pushed.
    client = app.test_client()
    slug = _slugs(app)[0]
    _reader(client, slug)
    data = client.post(f"/articles/{slug}/save?lang=en", data={"action": "save"},
                       headers=JSON).get_json()
    assert data == {"saved": True, "count": 1, "count_text": "1 save", "action": "unsave",
                    "message": "Saved"}
    other = app.test_client()
    _reader(other, slug)
    data = other.post(f"/articles/{slug}/save", data={"action": "save"}, headers=JSON).get_json()
    assert data["count"] == 2 and data["count_text"] == "2 个收藏"
    data = client.post(f"/articles/{slug}/save", data={"action": "unsave"}, headers=JSON).get_json()
    assert data["saved"] is False and data["count"] == 1 and data["action"] == "save"


@pytest.mark.both_databases
def test_the_page_shows_each_reader_their_own_state(app):
    """The article is rendered once (fragment cache): the save state must not leak."""
    slug = _slugs(app)[0]
    first, second = app.test_client(), app.test_client()
    _reader(first, slug)
    _reader(second, slug)
    first.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert _control(first.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)) \
        == ("true", "1 个收藏")
    assert _control(second.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)) \
        == ("false", "1 个收藏")


def test_without_the_cookie_nothing_counts(app, client):
    slug = _slugs(app)[0]
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert response.status_code == 400
    assert "Cookie" in response.get_data(as_text=True)
    assert _count(app) == 0
    # The answer gives the cookie, so a browser that keeps cookies can try again.
    assert client.get_cookie(saves.COOKIE) is not None
    fresh = app.test_client()
    response = fresh.post(f"/articles/{slug}/save", data={"action": "save"}, headers=JSON)
    assert response.status_code == 400 and "error" in response.get_json()
    assert _count(app) == 0


def test_bots_count_nothing_even_with_a_cookie(app, client):
    slug = _slugs(app)[0]
    client.set_cookie(saves.COOKIE, "A" * 22)
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BOT)
    assert response.status_code == 403
    assert _count(app) == 0


@pytest.mark.parametrize("cookie", ["short", "A" * 23, "A" * 21 + "!", ""])
def test_a_malformed_reader_cookie_counts_nothing(app, client, cookie):
    slug = _slugs(app)[0]
    client.set_cookie(saves.COOKIE, cookie)
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert response.status_code == 400
    assert _count(app) == 0


@pytest.mark.parametrize("data", [{}, {"action": "delete"}, {"action": "save", "next": "//evil"}])
def test_bad_form_is_a_clear_400(app, client, data):
    slug = _slugs(app)[0]
    _reader(client, slug)
    response = client.post(f"/articles/{slug}/save", data=data, headers=BROWSER)
    assert response.status_code == 400
    assert "未能理解" in response.get_data(as_text=True)
    assert _count(app) == 0


def test_unknown_article_is_404(app, client):
    _reader(client, _slugs(app)[0])
    assert client.post("/articles/no-such-article/save", data={"action": "save"},
                       headers=BROWSER).status_code == 404


def test_get_is_not_allowed(app, client):
    slug = _slugs(app)[0]
    assert client.get(f"/articles/{slug}/save", headers=BROWSER).status_code == 405


def test_csrf_token_is_required(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    slug = _slugs(app)[0]
    html = client.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert response.status_code == 400
    assert _count(app) == 0
    form = html[html.index('<form class="save-form"'):]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(f"/articles/{slug}/save", data={"action": "save", "csrf_token": token},
                           headers=BROWSER)
    assert response.status_code == 303
    assert _count(app) == 1


@pytest.mark.both_databases
def test_at_most_200_saves_per_reader(app, client):
    slug = _slugs(app)[0]
    reader = _reader(client, slug)
    with app.app_context():
        db.session.add_all(ArticleSave(reader=reader, slug=f"old-{i}") for i in range(200))
        db.session.commit()
        db.session.remove()
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert response.status_code == 409
    assert "200" in response.get_data(as_text=True)
    response = client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=JSON)
    assert response.status_code == 409 and "200" in response.get_json()["error"]
    assert _count(app, slug) == 0
    # Unsaving one makes room again.
    client.post("/articles/old-0/save", data={"action": "unsave"}, headers=BROWSER)
    with app.app_context():
        saves.unsave(reader, "old-0")
        db.session.remove()
    assert client.post(f"/articles/{slug}/save", data={"action": "save"},
                       headers=BROWSER).status_code == 303
    assert _count(app, slug) == 1


@pytest.mark.both_databases
def test_saved_page_lists_newest_first_with_unsave(app, client):
    first, second = _slugs(app, 2)
    reader = _reader(client, first)
    with app.app_context():
        db.session.add(ArticleSave(reader=reader, slug=first,
                                   created_at=now_utc() - timedelta(days=2)))
        db.session.add(ArticleSave(reader=reader, slug=second, created_at=now_utc()))
        db.session.add(ArticleSave(reader="B" * 22, slug=first))
        db.session.commit()
        db.session.remove()
    response = client.get("/saved", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response.headers
    html = response.get_data(as_text=True)
    assert html.index(f"/articles/{second}\"") < html.index(f"/articles/{first}\"")
    assert html.count('name="next" value="saved"') == 2
    assert "2 个收藏" in html  # the first article's count includes the other reader
    response = client.post(f"/articles/{first}/save", data={"action": "unsave", "next": "saved"},
                           headers=BROWSER)
    assert response.status_code == 303 and response.location.endswith("/saved")
    html = client.get("/saved", headers=BROWSER).get_data(as_text=True)
    assert f"/articles/{first}\"" not in html.split('class="saved-list"')[1]


def test_saved_page_for_a_new_visitor_is_empty_and_linked_from_the_header(app, client):
    html = client.get("/saved", headers=BROWSER).get_data(as_text=True)
    assert "您还没有收藏文章" in html
    home = client.get("/", headers=BROWSER).get_data(as_text=True)
    assert 'href="/saved"' in home and "我的收藏" in home


def test_privacy_page_explains_the_reader_cookie(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "cd_reader" in html
    assert 'id="阅读者-cookie"' in html


def _hammer(app, jobs):
    """Run jobs (callables needing an app context) at once from threads; return errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        with app.app_context():
            barrier.wait()
            try:
                job()
            except saves.SaveLimitReached:
                errors.append("limit")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.both_databases
def test_concurrent_saves_count_exactly(app):
    readers = [f"{i:022d}" for i in range(12)]
    jobs = [lambda r=r: saves.save(r, "same-article") for r in readers]
    jobs += [lambda r=r: saves.save(r, "same-article") for r in readers[:6]]  # double clicks
    assert _hammer(app, jobs) == []
    assert _count(app, "same-article") == 12
    with app.app_context():
        assert saves.save_counts(["same-article"]) == {"same-article": 12}


@pytest.mark.both_databases
def test_concurrent_saves_never_pass_the_limit(app):
    reader = "R" * 22
    with app.app_context():
        db.session.add_all(ArticleSave(reader=reader, slug=f"held-{i}") for i in range(195))
        db.session.commit()
        db.session.remove()
    jobs = [lambda i=i: saves.save(reader, f"new-{i}") for i in range(12)]
    errors = _hammer(app, jobs)
    assert _count(app) == 200
    assert errors == ["limit"] * 7


@pytest.mark.both_databases
def test_self_check_started_from_an_article_is_attributed(app, client):
    slug = _slugs(app)[0]
    html = client.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    assert f'href="/self-check?source={slug}"' in html
    client.get(f"/self-check?source={slug}", headers=BROWSER)
    complete(client, band_b_answers())
    client.get("/self-check?source=no-such-article", headers=BROWSER)
    complete(client, band_b_answers())
    with app.app_context():
        sources = db.session.scalars(
            sa.select(AssessmentResult.source_page).order_by(AssessmentResult.id)).all()
    assert sources == [slug, None]


def test_saving_is_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, SAVES_RATELIMIT_IP="3/minute")
    slug = _slugs(app)[0]
    client = app.test_client()
    _reader(client, slug)
    codes = [client.post(f"/articles/{slug}/save", data={"action": a}, headers=BROWSER).status_code
             for a in ("save", "unsave", "save", "unsave")]
    assert codes == [303, 303, 303, 429]
    assert _count(app, slug) == 1


def _anonymous_count(app, slug):
    """The count a visitor without the reader cookie sees (no cookie jar: every visit new)."""
    html = app.test_client(use_cookies=False).get(f"/articles/{slug}", headers=BROWSER)
    return _control(html.get_data(as_text=True))[1]


def _save_elsewhere(app, slug, reader):
    """A save made by another worker: straight into the database."""
    with app.app_context():
        db.session.add(ArticleSave(reader=reader, slug=slug, created_at=now_utc()))
        db.session.commit()
        db.session.remove()


def test_visitors_without_the_cookie_see_this_workers_count_until_it_ages(app, monkeypatch):
    slug = _slugs(app)[0]
    clock = [1000.0]
    monkeypatch.setattr(saves.time, "monotonic", lambda: clock[0])
    assert _anonymous_count(app, slug) == "0 个收藏"
    _save_elsewhere(app, slug, "A" * 22)
    assert _anonymous_count(app, slug) == "0 个收藏"  # this worker's copy, read 0 s ago
    clock[0] += app.config["SAVE_COUNTS_CACHE_SECONDS"] - 0.5
    assert _anonymous_count(app, slug) == "0 个收藏"
    clock[0] += 1
    assert _anonymous_count(app, slug) == "1 个收藏"  # older than the limit: read again


def test_a_save_here_is_counted_at_once_and_the_saver_always_reads_fresh(app, monkeypatch):
    slug = _slugs(app)[0]
    monkeypatch.setattr(saves.time, "monotonic", lambda: 1000.0)  # the copy never ages
    assert _anonymous_count(app, slug) == "0 个收藏"
    client = app.test_client()
    _reader(client, slug)
    client.post(f"/articles/{slug}/save", data={"action": "save"}, headers=BROWSER)
    assert _anonymous_count(app, slug) == "1 个收藏"  # the save forgot the copy
    _save_elsewhere(app, slug, "B" * 22)
    html = client.get(f"/articles/{slug}", headers=BROWSER).get_data(as_text=True)
    assert _control(html) == ("true", "2 个收藏")  # a reader with the cookie: fresh
    assert _anonymous_count(app, slug) == "2 个收藏"  # ... and that read refreshed the copy
    client.post(f"/articles/{slug}/save", data={"action": "unsave"}, headers=BROWSER)
    assert _anonymous_count(app, slug) == "1 个收藏"


def test_no_copy_when_the_limit_is_0(make_app):
    app = make_app(SAVE_COUNTS_CACHE_SECONDS=0)
    slug = _slugs(app)[0]
    assert _anonymous_count(app, slug) == "0 个收藏"
    _save_elsewhere(app, slug, "C" * 22)
    assert _anonymous_count(app, slug) == "1 个收藏"

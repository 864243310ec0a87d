"""Self-checks started from an article: counted once per session and article, on both databases."""

import threading

import pytest
import sqlalchemy as sa

from creditdesk.extensions import db
from creditdesk.models import AssessmentResult, SelfCheckStartDay
from creditdesk.selfcheck import starts
from creditdesk.templating import site_today
from tests.integration.admin_helpers import logged_in
from tests.integration.selfcheck_walk import band_b_answers, complete, step_form, walk

pytestmark = pytest.mark.both_databases  # an upsert of daily rows and concurrent writers
BROWSER = {"User-Agent": "Mozilla/5.0"}


def _slugs(app):
    with app.app_context():
        return [a.slug for a in app.extensions["creditdesk.library"].view(site_today()).articles]


def _starts(app):
    with app.app_context():
        rows = db.session.execute(sa.select(SelfCheckStartDay.slug, SelfCheckStartDay.day,
                                            SelfCheckStartDay.count)).all()
        db.session.remove()
        return {(slug, day): n for slug, day, n in rows}


def _from(client, slug):
    response = client.get(f"/self-check?source={slug}", headers=BROWSER)
    assert response.status_code == 200


def test_a_start_is_the_first_step_sent_and_counts_once_per_session(app):
    a, b = _slugs(app)[:2]
    today = _today(app)
    client = app.test_client()
    _from(client, a)
    assert _starts(app) == {}  # opening the self-check is not starting it
    walk(client, band_b_answers(), upto=1)
    assert _starts(app) == {(a, today): 1}
    complete(client, band_b_answers())  # the later steps and the result add nothing
    assert _starts(app) == {(a, today): 1}
    client.post("/self-check/reset")
    _from(client, a)
    walk(client, band_b_answers(), upto=2)  # again from the same article, same session
    assert _starts(app) == {(a, today): 1}
    _from(client, b)
    walk(client, band_b_answers(), upto=1)
    assert _starts(app) == {(a, today): 1, (b, today): 1}
    other = app.test_client()
    _from(other, a)
    walk(other, band_b_answers(), upto=1)
    assert _starts(app) == {(a, today): 2, (b, today): 1}
    with app.app_context():
        assert db.session.scalars(sa.select(AssessmentResult.source_page)).all() == [a]
        db.session.remove()


def test_no_start_without_a_published_source_or_when_going_back(app):
    a = _slugs(app)[0]
    client = app.test_client()
    walk(client, band_b_answers(), upto=1)  # no source at all
    client.get("/self-check?source=no-such-article", headers=BROWSER)
    walk(client, band_b_answers(), upto=1)
    client.get("/self-check?source=" + "x" * 200, headers=BROWSER)
    walk(client, band_b_answers(), upto=1)
    assert _starts(app) == {}
    fresh = app.test_client()
    _from(fresh, a)
    response = fresh.post("/self-check/step/1", data=step_form({}, 1, action="back"))
    assert response.status_code == 303
    assert _starts(app) == {}
    response = fresh.post("/self-check/step/1", data=step_form({}, 1))  # sent, though empty
    assert response.status_code == 422
    assert _starts(app) == {(a, _today(app)): 1}


def test_a_failed_count_never_stops_the_self_check_and_is_tried_again(app, monkeypatch):
    a = _slugs(app)[0]
    client = app.test_client()
    _from(client, a)
    real = starts.add_start

    def down(*args, **kwargs):
        raise sa.exc.OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(starts, "add_start", down)
    walk(client, band_b_answers(), upto=1)
    assert _starts(app) == {}
    monkeypatch.setattr(starts, "add_start", real)
    client.post("/self-check/step/2", data=step_form(band_b_answers(), 2))
    assert _starts(app) == {(a, _today(app)): 1}


def test_concurrent_starts_are_all_counted(app):
    a = _slugs(app)[0]
    clients = []
    for _ in range(8):
        client = app.test_client()
        _from(client, a)
        clients.append(client)
    barrier, codes = threading.Barrier(len(clients)), []

    def start(client):
        barrier.wait()
        response = client.post("/self-check/step/1", data=step_form(band_b_answers(), 1))
        codes.append(response.status_code)

    threads = [threading.Thread(target=start, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [303] * len(clients)
    assert _starts(app) == {(a, _today(app)): len(clients)}


def test_the_report_shows_started_and_completed(app):
    a = _slugs(app)[0]
    for finish in (True, False, False):
        client = app.test_client()
        _from(client, a)
        if finish:
            complete(client, band_b_answers())
        else:
            walk(client, band_b_answers(), upto=1)
    staff = logged_in(app, role="sales")
    html = staff.get("/admin/content").get_data(as_text=True)
    row = html[html.index(f'href="/admin/content/{a}?'):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">3</td>\n      <td class="num">1</td>' in row
    page = staff.get(f"/admin/content/{a}").get_data(as_text=True)
    assert ('<span class="stat-value">3</span> <span class="stat-label">已开始的自测</span>'
            in page)
    assert ('<span class="stat-value">1</span> <span class="stat-label">已完成的自测</span>'
            in page)


def _today(app):
    with app.app_context():
        return site_today()

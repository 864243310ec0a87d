"""A large inbox: a filtered page counts its own tab up to a cap; the other tabs' numbers
come from /admin/leads/counts after the page (INBOX_EXACT_COUNTS_UPTO, COUNT_CAP)."""

import json
import re
from datetime import timedelta

import pytest

from creditdesk.admin import tab_counts
from creditdesk.models import now_utc
from tests.integration.admin_helpers import logged_in, make_lead

pytestmark = pytest.mark.both_databases  # the count queries use the search index

NAMES = re.compile(r'<th scope="row"><a href="/admin/leads/\d+">([^<]*)</a>')


@pytest.fixture
def large(make_app, monkeypatch):
    """An app that treats every inbox as large, with a cap of 3 (or the page's end) and
    pages of 2."""
    monkeypatch.setattr(tab_counts, "COUNT_CAP", 3)
    monkeypatch.setattr(tab_counts, "PAGES_AHEAD", 0)
    app = make_app(INBOX_EXACT_COUNTS_UPTO=0, ADMIN_PAGE_SIZE=2)
    now = now_utc()
    for n in range(5):  # five new 华信 leads needing insurance, newest first by name
        make_lead(app, name=f"n{n}", company="上海华信", need="credit_insurance",
                  created_at=now - timedelta(minutes=n))
    make_lead(app, name="won", company="华信五金", need="credit_insurance", status="won")
    make_lead(app, name="spam", company="华信", need="credit_insurance", status="spam")
    make_lead(app, name="other", company="恒达", need="credit_insurance")
    return app, logged_in(app)


def tabs(body: str) -> dict[str, str | None]:
    """Return each tab's number as shown ("" for a tab waiting for its number)."""
    found = re.findall(r'href="/admin/leads[^"]*"[^>]*>([^<]+?) <span class="count"'
                       r'(?: data-status="[^"]*" hidden)?>([^<]*)</span>', body)
    return dict(found)


def test_filtered_page_counts_its_own_tab_up_to_the_cap(large):
    _app, client = large
    response = client.get("/admin/leads?q=华信&status=new")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NAMES.findall(body) == ["n0", "n1"]
    shown = tabs(body)
    assert shown["新线索"] == "3+"  # at least three: five exist, the page read three
    assert shown["已成交"] == "" and shown["全部"] == ""
    assert "至少 3 条线索" in body and "第 1 页,至少共 2 页" in body
    assert '<a rel="next" href="/admin/leads?page=2&amp;status=new&amp;q=' in body
    counts_url = re.search(r'data-counts="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert counts_url.startswith("/admin/leads/counts?") and "q=" in counts_url


def test_the_all_tab_counts_itself_and_fetches_the_others(large):
    _app, client = large
    body = client.get("/admin/leads?q=华信").get_data(as_text=True)
    shown = tabs(body)
    assert shown["全部"] == "3+" and shown["新线索"] == "" and shown["已成交"] == ""
    assert 'data-counts="/admin/leads/counts?q=' in body


def test_paging_on_reaches_every_lead(large):
    _app, client = large
    second = client.get("/admin/leads?q=华信&status=new&page=2").get_data(as_text=True)
    assert NAMES.findall(second) == ["n2", "n3"] and tabs(second)["新线索"] == "4+"
    last = client.get("/admin/leads?q=华信&status=new&page=3").get_data(as_text=True)
    assert NAMES.findall(last) == ["n4"]
    assert tabs(last)["新线索"] == "5"  # the cap (six, three pages) holds them all: exact
    assert 'rel="next"' not in last and "第 3 页,共 3 页" in last
    past = client.get("/admin/leads?q=华信&status=new&page=40").get_data(as_text=True)
    assert NAMES.findall(past) == ["n4"]  # a page past the end shows the last


def test_counts_endpoint_gives_every_tab(large):
    _app, client = large
    response = client.get("/admin/leads/counts?q=华信&need=credit_insurance")
    assert response.status_code == 200 and response.is_json
    counts = response.get_json()["counts"]
    assert counts == {"": "4+", "new": "3+", "contacted": "0", "qualified": "0",
                      "won": "1", "lost": "0", "spam": "1"}
    assert client.get("/admin/leads/counts?q=恒达")
    exact = client.get("/admin/leads/counts?q=恒达").get_json()["counts"]
    assert exact[""] == "1" and exact["new"] == "1"


def test_counts_endpoint_refuses_bad_filters_with_a_message(large):
    _app, client = large
    response = client.get("/admin/leads/counts?status=deleted&from=2026-13-45")
    assert response.status_code == 400
    assert set(json.loads(response.data)["errors"]) == {"status", "from"}


def test_dates_at_the_ends_of_the_calendar_select_every_lead(large):
    """0001-01-01 and 9999-12-31 are dates, but their midnights in UTC are no datetime."""
    _app, client = large
    every = client.get("/admin/leads/counts?q=华信").get_json()["counts"]
    ends = client.get("/admin/leads/counts?q=华信&from=0001-01-01&to=9999-12-31")
    assert ends.status_code == 200 and ends.get_json()["counts"] == every
    page = client.get("/admin/leads?q=华信&status=new&from=0001-01-01&to=9999-12-31")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and NAMES.findall(body) == ["n0", "n1"]
    assert 'value="0001-01-01"' in body and 'value="9999-12-31"' in body  # as typed


def test_unfiltered_and_small_inboxes_stay_exact(large, make_app):
    _app, client = large
    body = client.get("/admin/leads").get_data(as_text=True)
    assert tabs(body)["新线索"] == "6" and "data-counts" not in body  # the kept counters
    small = make_app(ADMIN_PAGE_SIZE=2)  # the same leads; INBOX_EXACT_COUNTS_UPTO's default
    body = logged_in(small, email="b@example.com").get("/admin/leads?q=华信").get_data(
        as_text=True)
    assert tabs(body)["新线索"] == "5" and tabs(body)["全部"] == "6"
    assert "data-counts" not in body


def test_a_closed_tab_is_never_overdue(large):
    app, client = large
    counts = client.get("/admin/leads/counts?due=overdue").get_json()["counts"]
    assert counts["won"] == counts["lost"] == counts["spam"] == "0"
    with app.app_context():
        from creditdesk.admin.lead_query import Filters, rows_query
        from creditdesk.extensions import db

        sql = str(rows_query(Filters(status="won", due="overdue"), None).compile(db.engine))
        db.session.remove()
    assert "false" in sql.lower() or "0 = 1" in sql or "1 != 1" in sql, sql

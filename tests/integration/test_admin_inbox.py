"""The lead inbox: tabs with counts, each filter, search, sort, pagination, escaping."""

from datetime import UTC, datetime, timedelta

import pytest

from creditdesk.models import now_utc
from tests.integration.admin_helpers import logged_in, make_lead, make_result, make_staff

pytestmark = pytest.mark.both_databases  # the inbox queries: filters, sorts, NULL order, counters

XSS = '<script>alert("x")</script>'


def names_in(response) -> list[str]:
    """Return the lead names of the table's rows, in order."""
    import re

    body = response.get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/admin/leads/\d+">([^<]*)</a>', body)


@pytest.fixture
def client(app):
    return logged_in(app)


def test_columns_masked_phone_and_tabs(app, client):
    make_lead(app, name="张伟")
    make_lead(app, name="垃圾", status="spam", spam_reason="honeypot")
    make_lead(app, name="李娜", status="won", phone_e164="+447911123456")
    response = client.get("/admin/leads")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "138****8000" in body and "+8613800138000" not in body
    assert "+44 791****456" in body
    assert names_in(response) == ["李娜", "张伟"]  # spam only under its own tab
    assert '<th scope="col">' in body and "<caption>" in body
    assert "新线索 <span class=\"count\">1</span>" in body
    assert "垃圾信息 <span class=\"count\">1</span>" in body
    assert "全部 <span class=\"count\">2</span>" in body
    assert names_in(client.get("/admin/leads?status=spam")) == ["垃圾"]


@pytest.mark.parametrize("query,expected", [
    ("need=receivables", ["收款"]),
    ("band=D", ["风险"]),
    ("band=none", ["收款", "来源", "赢单"]),
    ("source=cash-flow", ["来源"]),
    ("status=new", ["收款", "来源", "风险"]),
])
def test_filters(app, client, query, expected):
    result = make_result(app, band="D")
    make_lead(app, name="收款", need="receivables")
    make_lead(app, name="来源", source_page="cash-flow")
    make_lead(app, name="风险", assessment_result_id=result)
    make_lead(app, name="赢单", status="won")
    assert sorted(names_in(client.get(f"/admin/leads?{query}"))) == sorted(expected)


def test_assignee_filter(app, client):
    other = make_staff(app, "sales2@example.com", "sales")
    make_lead(app, name="他的", assignee_id=other)
    make_lead(app, name="没人")
    assert names_in(client.get(f"/admin/leads?assignee={other}")) == ["他的"]
    assert names_in(client.get("/admin/leads?assignee=none")) == ["没人"]
    assert names_in(client.get("/admin/leads?assignee=me")) == []


def test_date_range_uses_local_days(app, client):
    # 2026-03-01 23:30 in Shanghai is 15:30 UTC the same day; 2026-03-02 00:30 local is
    # 16:30 UTC on 03-01: it must count as the 2nd.
    make_lead(app, name="一日", created_at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
    make_lead(app, name="二日", created_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    make_lead(app, name="三日", created_at=datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    assert names_in(client.get("/admin/leads?from=2026-03-02&to=2026-03-02")) == ["二日"]
    assert names_in(client.get("/admin/leads?from=2026-03-02")) == ["三日", "二日"]
    assert names_in(client.get("/admin/leads?to=2026-03-01")) == ["一日"]


@pytest.mark.parametrize("q,expected", [
    ("华信", ["a"]),
    ("理赔", ["a"]),
    ("王", ["b"]),
    ("trading", ["b"]),  # ASCII case ignored on both backends
    ("13800138000", ["a"]),
    ("138 0013 8000", ["a"]),
    ("+86 139-0000", ["b"]),
    ("１３９０", ["b"]),  # full-width digits
    ("100%", []),  # LIKE wildcards are literal
    ("_", []),
])
def test_search(app, client, q, expected):
    make_lead(app, name="a", company="上海华信", detail="想了解理赔流程")
    make_lead(app, name="b", company="王氏 Trading", phone_e164="+8613900001111", detail="其他问题")
    assert names_in(client.get("/admin/leads", query_string={"q": q})) == expected


def test_sort(app, client):
    now = now_utc()
    make_lead(app, name="b", company="乙", created_at=now - timedelta(days=2))
    make_lead(app, name="a", company=None, created_at=now - timedelta(days=1))
    make_lead(app, name="c", company="甲", created_at=now)
    assert names_in(client.get("/admin/leads")) == ["c", "a", "b"]
    assert names_in(client.get("/admin/leads?sort=received")) == ["b", "a", "c"]
    assert names_in(client.get("/admin/leads?sort=name")) == ["a", "b", "c"]
    assert names_in(client.get("/admin/leads?sort=-name")) == ["c", "b", "a"]
    assert names_in(client.get("/admin/leads?sort=company"))[-1] == "a"  # empty last
    assert names_in(client.get("/admin/leads?sort=bogus")) == ["c", "a", "b"]
    body = client.get("/admin/leads?sort=name").get_data(as_text=True)
    assert 'aria-sort="ascending"' in body and "sort=-name" in body


def test_pagination_keeps_filters(make_app):
    app = make_app(ADMIN_PAGE_SIZE=2)
    client = logged_in(app)
    now = now_utc()
    for n in range(5):
        make_lead(app, name=f"n{n}", need="other", created_at=now - timedelta(minutes=n))
    make_lead(app, name="x", need="receivables")
    first = client.get("/admin/leads?need=other")
    assert names_in(first) == ["n0", "n1"]
    body = first.get_data(as_text=True)
    assert '<a rel="next" href="/admin/leads?page=2&amp;need=other">' in body
    assert 'rel="prev"' not in body
    last = client.get("/admin/leads?need=other&page=3").get_data(as_text=True)
    assert '<a rel="prev" href="/admin/leads?page=2&amp;need=other">' in last
    assert 'rel="next"' not in last and "第 3 页,共 3 页" in last
    assert names_in(client.get("/admin/leads?need=other&page=3")) == ["n4"]
    assert names_in(client.get("/admin/leads?need=other&page=99")) == ["n4"]  # clamped
    assert names_in(client.get("/admin/leads?need=other&page=abc")) == ["n0", "n1"]


@pytest.mark.parametrize("query,field", [
    ("from=2026-13-45", "from"), ("to=yesterday", "to"), ("band=Z", "band"),
    ("status=deleted", "status"), ("assignee=robert'); DROP TABLE lead;--", "assignee"),
    ("from=2026-03-05&to=2026-03-01", "to"), ("q=" + "x" * 150, "q"),
])
def test_bad_filters_get_a_message_not_a_500(app, client, query, field):
    make_lead(app)
    response = client.get(f"/admin/leads?{query}")
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)


def test_user_input_is_escaped(app, client):
    make_lead(app, name=XSS, company='"><img src=x onerror=alert(1)>', source_page=XSS)
    body = client.get("/admin/leads").get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body


def test_priority_is_shown_with_its_reason(app, client):
    result = make_result(app, band="E", need="8000000.00")
    make_lead(app, name="大单", assessment_result_id=result, email="a@example.com")
    body = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert "priority-high" in body
    assert "risky buyer (band E)" in body and "credit need ¥8.0m" in body


def test_english_interface(app, client):
    make_lead(app)
    body = client.get("/admin/leads?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in body and "Received" in body
    body = client.get("/admin/leads?lang=zh_CN").get_data(as_text=True)
    assert "收到时间" in body

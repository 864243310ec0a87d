"""The consultation form: rendering, every field rule and every kind of bad input."""

import re
from urllib.parse import quote

import pytest

from creditdesk.library import published
from tests.integration.leads_support import VALID, all_leads, field_errors, form_data

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PHONE_HINT = "138 0013 8000"


@pytest.fixture
def app(make_app):
    # Tests here post at once; the minimum fill time has its own tests.
    return make_app(LEADS_MIN_FILL_SECONDS=0)


def test_form_page(client):
    response = client.get("/consult")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "获取企业信用风险管理方案" in html
    assert "了解您客户的贸易风险水平,探索您的风险管理专属方案" in html
    for label in ("贸易信用保险", "客户信用评估与信用报告", "应收账款管理与催收",
                  "信用额度与付款条件建议", "其他"):
        assert f">{label}</option>" in html
    for name in ("need", "name", "phone", "detail", "company", "email", "consent", "website",
                 "form_token", "source_page", "assessment_token"):
        assert f'name="{name}"' in html, name
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert 'href="/privacy"' in html
    assert 'value="consult"' in html
    assert 'tabindex="-1"' in html  # the honeypot is out of the tab order



def test_the_privacy_policy_the_consent_links_states_what_pipl_art_17_asks(client):
    html = client.get("/privacy").get_data(as_text=True)
    for heading in ("我们为什么处理您的个人信息", "保存期限", "您的权利", "如何行使权利"):
        assert f">{heading}</h" in html, heading  # purpose, retention, rights, how
    assert "查阅、复制" in html and "<strong>删除</strong>" in html
    assert "privacy@creditdesk.example" in html

def test_english_form(client):
    html = client.get("/consult?lang=en").get_data(as_text=True)
    assert "Trade credit insurance" in html
    assert "Get a credit risk management plan for your business" in html


def test_every_article_ends_with_the_compact_form(app, client):
    with app.app_context():
        slugs = [a.slug for a in published().articles]
    assert slugs
    for slug in slugs:
        html = client.get(f"/articles/{slug}").get_data(as_text=True)
        block = html[html.index('class="consult-block"'):]
        assert 'action="/consult"' in block
        assert f'name="source_page" type="hidden" value="{slug}"' in block
        assert 'id="cb-phone"' in block


def test_each_rendered_form_has_its_own_key(client):
    keys = {form_data(client)["form_token"].split(".")[0] for _ in range(3)}
    assert len(keys) == 3


def _post_bad(client, app, **fields):
    data = form_data(client, **fields)
    response = client.post("/consult", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert all_leads(app) == []
    return html, field_errors(html)


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"need": None}, "need", "请选择您需要哪方面的帮助"),
        ({"need": "bogus"}, "need", "请选择您需要哪方面的帮助"),
        ({"name": "名" * 51}, "name", "请缩短到 50 个字以内(当前 51 个)"),
        ({"phone": ""}, "phone", "请填写电话号码"),
        ({"phone": "13800138000\n"}, "phone", PHONE_HINT),
        ({"phone": "١٣٨٠٠١٣٨٠٠٠"}, "phone", "0–9"),
        ({"phone": "12345"}, "phone", PHONE_HINT),
        ({"phone": "12345"}, "phone", "号码。有效号码例如"),  # no space between sentences
        ({"phone": "+999 1234 5678"}, "phone", PHONE_HINT),
        ({"phone": "not a number"}, "phone", PHONE_HINT),
        ({"detail": ""}, "detail", "10 个字"),
        ({"detail": "太短了,九个字。"}, "detail", "10 个字"),
        ({"detail": "字" * 2001}, "detail", "2000"),
        ({"company": "公" * 101}, "company", "100"),
        ({"email": "not-an-address"}, "email", "name@example.com"),
        ({"email": "a@b"}, "email", "name@example.com"),
        ({"consent": None}, "consent", "请同意隐私政策"),
    ],
)
def test_field_rules(client, app, fields, field, says):
    html, errors = _post_bad(client, app, **fields)
    assert list(errors) == [field]
    assert says in errors[field]
    # What the visitor typed in the other fields is still there.
    if field != "detail":
        assert VALID["detail"] in html
    if field != "name":
        assert f'value="{VALID["name"]}"' in html


@pytest.mark.parametrize("field", ["name", "phone", "detail", "company", "email"])
@pytest.mark.parametrize(
    ("bad", "says"),
    [("\x00", "控制字符"), ("\u202e", "文字方向"), ("\u2066", "文字方向"), ("\x1b", "控制字符")],
)
def test_hidden_characters_refused_in_every_field(client, app, field, bad, says):
    value = VALID[field][:3] + bad + VALID[field][3:]
    _html, errors = _post_bad(client, app, **{field: value})
    assert list(errors) == [field]
    assert says in errors[field]


@pytest.mark.parametrize("field", ["name", "phone", "detail", "company", "email"])
def test_lone_surrogate_bytes_get_a_message_not_a_500(client, app, field):
    data = form_data(client)
    # The field goes last so the encoded surrogate (not UTF-8) lands in its value.
    pairs = [(k, v) for k, v in data.items() if k != field] + [(field, data[field])]
    body = "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs) + "%ED%A0%80xyz0123456789"
    response = client.post(
        "/consult", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert list(errors) == [field]
    assert "无法识别" in errors[field]
    assert all_leads(app) == []


def test_single_line_field_refuses_trailing_newline(client, app):
    _html, errors = _post_bad(client, app, name="张三\n")
    assert list(errors) == ["name"]


def test_errors_in_english(client, app):
    client.get("/?lang=en")
    data = form_data(client, phone="12345", detail="short")
    html = client.post("/consult", data=data).get_data(as_text=True)
    errors = field_errors(html)
    assert "A valid number looks like 138 0013 8000" in errors["phone"]
    assert "at least 10 characters" in errors["detail"]


def test_xss_in_every_field_is_escaped_on_re_render(client, app):
    fields = {name: XSS for name in ("name", "company", "email", "detail", "phone")}
    data = form_data(client, **fields)
    html = client.post("/consult", data=data).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_xss_in_every_field_is_stored_verbatim_and_escaped_on_the_thank_you_page(client, app):
    data = form_data(client, name=XSS[:50], company=XSS, detail=XSS, email='"<x>"@example.com')
    response = client.post("/consult", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "<x>" not in html
    assert "&lt;script&gt;" in html and "&#34;&lt;x&gt;&#34;@example.com" in html
    [lead] = all_leads(app)
    assert lead.detail == XSS and lead.company == XSS and lead.name == XSS[:50]


def test_sql_metacharacters_are_plain_text(client, app):
    sql = "Robert'); DROP TABLE lead; -- \" OR 1=1 /* % _ \\"
    data = form_data(client, name=sql[:50], company=sql, detail=sql)
    assert client.post("/consult", data=data).status_code == 303
    [lead] = all_leads(app)
    assert lead.detail == sql and lead.company == sql


def test_emoji_kept_and_limits_counted_in_characters(client, app):
    name = "王小明🚀" + "😀" * 46  # 50 characters, 97 UTF-16 units, 197 bytes
    detail = "客户拖欠 👨‍👩‍👧 货款 💰" + "。" * 1985
    assert len(name) == 50 and len(detail) == 2000
    data = form_data(client, name=name, detail=detail)
    assert client.post("/consult", data=data).status_code == 303
    [lead] = all_leads(app)
    assert lead.name == name and lead.detail == detail


def test_text_is_nfc_and_trimmed(client, app):
    data = form_data(client, name="  Jose\u0301  ", company="\u3000公司\u3000",
                     detail="  line one\r\nline two  ", email=" a@example.com ")
    assert client.post("/consult", data=data).status_code == 303
    [lead] = all_leads(app)
    assert lead.name == "José"
    assert lead.company == "公司"
    assert lead.detail == "line one\nline two"
    assert lead.email == "a@example.com"


def test_optional_fields_may_be_empty(client, app):
    data = form_data(client, name="", company="", email="")
    assert client.post("/consult", data=data).status_code == 303
    [lead] = all_leads(app)
    assert (lead.name, lead.company, lead.email) == (None, None, None)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("138-0013-8000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),
        ("010-12345678", "+861012345678"),
        ("0755 1234 5678", "+8675512345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 415 555 2671", "+14155552671"),
    ],
)
def test_phone_formats_stored_as_e164_and_as_typed(client, app, typed, e164):
    assert client.post("/consult", data=form_data(client, phone=typed)).status_code == 303
    [lead] = all_leads(app)
    assert (lead.phone_e164, lead.phone_raw) == (e164, typed)


def test_one_megabyte_field_is_413(client, app):
    data = form_data(client, detail="长" * (1024 * 1024))
    response = client.post("/consult", data=data)
    assert response.status_code == 413
    assert "太多" in response.get_data(as_text=True) or "过大" in response.get_data(as_text=True)
    assert all_leads(app) == []


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_method_is_405(client, method):
    response = getattr(client, method)("/consult")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_thank_you_page_refuses_post(client):
    assert client.post("/consult/thanks/CD-20260101-ABCDE").status_code == 405

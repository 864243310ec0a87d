"""Spam and abuse on the consultation form: CSRF, honeypot, fill time, rate limits."""

import time
import uuid

import pytest
import redis
from itsdangerous import URLSafeTimedSerializer

from creditdesk.leads.spam import SALT, _BackdatedSigner
from tests.integration.leads_support import VALID, all_leads, form_data, hidden_fields

REDIS_URL = "redis://127.0.0.1:6379"


def _aged(app, token: str, seconds: int) -> str:
    """Return the same form key signed as if the form had been shown `seconds` ago."""
    key = token.split(".")[0]
    signer = _BackdatedSigner(app.config["SECRET_KEY"], salt=SALT,
                              timestamp=int(time.time()) - seconds)
    return signer.sign(key).decode()


# -- CSRF ----------------------------------------------------------------------------------

def test_missing_csrf_token_shows_the_form_again_with_the_text_kept(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    data = form_data(client, csrf_token=None)
    response = client.post("/consult", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "会话已过期" in html
    assert VALID["detail"] in html and f'value="{VALID["phone"]}"' in html
    assert all_leads(app) == []
    # The page carries a fresh token: sending it again works.
    again = dict(data, csrf_token=hidden_fields(html)["csrf_token"])
    assert client.post("/consult", data=again).status_code == 303
    assert len(all_leads(app)) == 1


def _aged_csrf_token(app, client, seconds: int) -> str:
    """Return this session's CSRF token signed as if the form had been shown `seconds` ago
    (what Flask-WTF's generate_csrf signs, with a back-dated timestamp)."""
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="wtf-csrf-token", signer=_BackdatedSigner,
        signer_kwargs={"timestamp": int(time.time()) - seconds})
    return serializer.dumps(raw)


def test_expired_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=60, LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    data = form_data(client)
    data["csrf_token"] = _aged_csrf_token(app, client, 61)
    response = client.post("/consult", data=data)
    assert response.status_code == 400
    assert VALID["detail"] in response.get_data(as_text=True)
    assert all_leads(app) == []
    # Only the age made the difference: the same session's token 30 s old is accepted.
    data["csrf_token"] = _aged_csrf_token(app, client, 30)
    assert client.post("/consult", data=data).status_code == 303


def test_csrf_token_from_another_session_is_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, LEADS_MIN_FILL_SECONDS=0)
    data = form_data(app.test_client())
    response = app.test_client().post("/consult", data=data)
    assert response.status_code == 400
    assert all_leads(app) == []


def test_replayed_csrf_token_and_form_make_no_second_lead(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    data = form_data(client)
    first = client.post("/consult", data=data)
    second = client.post("/consult", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(all_leads(app)) == 1


def test_csrf_failure_elsewhere_gets_the_plain_400_page(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    app.add_url_rule("/test-post", "test_post", lambda: "ok", methods=["POST"])
    response = app.test_client().post("/test-post", data={"x": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-page"' in html and "会话已过期" not in html


# -- honeypot and fill time ----------------------------------------------------------------

def test_honeypot_is_stored_as_spam_behind_the_ordinary_thank_you(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    response = client.post("/consult", data=form_data(client, website="http://spam.example"))
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "我们已收到您的咨询" in page.get_data(as_text=True)
    [lead] = all_leads(app)
    assert (lead.status, lead.spam_reason) == ("spam", "honeypot")
    assert lead.prospect_id is None
    assert lead.detail == VALID["detail"]  # kept for review, not thrown away


def test_too_fast_is_spam_and_a_patient_visitor_is_not(make_app):
    app = make_app()  # the default minimum fill time (3 s)
    assert app.config["LEADS_MIN_FILL_SECONDS"] == 3
    client = app.test_client()
    data = form_data(client)
    assert client.post("/consult", data=data).status_code == 303
    slow = form_data(client, phone="13900139000")
    slow["form_token"] = _aged(app, slow["form_token"], 4)
    assert client.post("/consult", data=slow).status_code == 303
    fast, patient = all_leads(app)
    assert (fast.status, fast.spam_reason) == ("spam", "too_fast")
    assert (patient.status, patient.spam_reason) == ("new", None)


@pytest.mark.parametrize("token", [None, "", "forged.token.value", "abc"])
def test_missing_or_forged_form_token_is_spam(make_app, token):
    app = make_app(LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    response = client.post("/consult", data=form_data(client, form_token=token))
    assert response.status_code == 303
    [lead] = all_leads(app)
    assert (lead.status, lead.spam_reason) == ("spam", "bad_token")


def test_forged_token_replayed_is_still_one_lead(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=0)
    client = app.test_client()
    data = form_data(client, form_token="forged.token.value")
    client.post("/consult", data=data)
    client.post("/consult", data=data)
    assert len(all_leads(app)) == 1


def test_quick_resend_of_a_re_shown_form_is_not_too_fast(make_app):
    app = make_app(LEADS_MIN_FILL_SECONDS=3)
    client = app.test_client()
    data = form_data(client)
    data["form_token"] = _aged(app, data["form_token"], 10)
    client.post("/consult", data=data)
    changed = dict(data, detail="改一下:我们更关心催收服务。")
    html = client.post("/consult", data=changed).get_data(as_text=True)
    changed["form_token"] = hidden_fields(html)["form_token"]
    assert client.post("/consult", data=changed).status_code == 303
    assert [lead.status for lead in all_leads(app)] == ["new", "new"]


# -- rate limits ---------------------------------------------------------------------------

def _limited_app(make_app, **limits):
    config = {"RATELIMIT_ENABLED": True, "LEADS_MIN_FILL_SECONDS": 0,
              "LEADS_RATELIMIT_IP": "100/minute", "LEADS_RATELIMIT_PHONE": "100/day"}
    return make_app(**{**config, **limits})


def test_per_ip_limit(make_app):
    app = _limited_app(make_app, LEADS_RATELIMIT_IP="2/minute;30/day")
    client = app.test_client()
    for phone in ("13800138000", "13900139000"):
        assert client.post("/consult", data=form_data(client, phone=phone)).status_code == 303
    data = form_data(client, phone="13700137000", detail="第三次咨询,应该被限流。")
    response = client.post("/consult", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "短时间内提交了多次" in html
    assert "第三次咨询,应该被限流。" in html and 'value="13700137000"' in html
    assert len(all_leads(app)) == 2
    # Another address is not affected.
    other = app.test_client()
    other_data = form_data(other, phone="13600136000")
    response = other.post("/consult", data=other_data, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 303


def test_over_the_limit_in_english(make_app):
    app = _limited_app(make_app, LEADS_RATELIMIT_IP="1/minute")
    client = app.test_client()
    client.get("/?lang=en")
    client.post("/consult", data=form_data(client))
    response = client.post("/consult", data=form_data(client, phone="13900139000"))
    assert response.status_code == 429
    assert "You have sent several requests" in response.get_data(as_text=True)


def test_replay_does_not_count_against_the_limit(make_app):
    app = _limited_app(make_app, LEADS_RATELIMIT_IP="1/minute")
    client = app.test_client()
    data = form_data(client)
    for _ in range(3):
        assert client.post("/consult", data=data).status_code == 303
    assert len(all_leads(app)) == 1


def test_per_phone_limit_across_formats_and_addresses(make_app):
    app = _limited_app(make_app, LEADS_RATELIMIT_PHONE="2/day")
    formats = ["13800138000", "+86 138 0013 8000", "138-0013-8000"]
    statuses = []
    for n, phone in enumerate(formats):
        client = app.test_client()
        response = client.post("/consult", data=form_data(client, phone=phone),
                               environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"})
        statuses.append(response.status_code)
    assert statuses == [303, 303, 429]
    client = app.test_client()
    assert client.post("/consult", data=form_data(client, phone="13900139000")).status_code == 303


def test_limits_off_when_disabled(make_app):
    app = make_app(RATELIMIT_ENABLED=False, LEADS_MIN_FILL_SECONDS=0,
                   LEADS_RATELIMIT_IP="1/minute", LEADS_RATELIMIT_PHONE="1/day")
    client = app.test_client()
    for _ in range(3):
        assert client.post("/consult", data=form_data(client)).status_code == 303
    assert len(all_leads(app)) == 3


def test_limits_in_redis(make_app):
    prefix = f"creditdesk-test-{uuid.uuid4().hex[:12]}"
    server = redis.Redis.from_url(REDIS_URL)
    try:
        app = _limited_app(make_app, RATELIMIT_STORAGE_URI=REDIS_URL,
                           RATELIMIT_KEY_PREFIX=prefix, LEADS_RATELIMIT_PHONE="1/day")
        client = app.test_client()
        assert client.post("/consult", data=form_data(client)).status_code == 303
        keys = [k.decode() for k in server.scan_iter(f"*{prefix}*")]
        assert any("leads-phone" in key for key in keys), keys
        assert any("leads-ip" in key for key in keys), keys
        assert all("13800138000" not in key for key in keys)  # phones only as hashes
        assert client.post("/consult", data=form_data(client)).status_code == 429
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
        server.close()


def test_storage_chosen_by_environment(make_app, monkeypatch):
    prefix = f"creditdesk-env-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("CREDITDESK_RATELIMIT_STORAGE_URI", REDIS_URL)
    monkeypatch.setenv("CREDITDESK_RATELIMIT_KEY_PREFIX", prefix)
    monkeypatch.setenv("CREDITDESK_LEADS_RATELIMIT_PHONE", "7/day")
    app = make_app(RATELIMIT_ENABLED=True, LEADS_MIN_FILL_SECONDS=0)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    assert app.config["LEADS_RATELIMIT_PHONE"] == "7/day"
    server = redis.Redis.from_url(REDIS_URL)
    try:
        client = app.test_client()
        assert client.post("/consult", data=form_data(client)).status_code == 303
        # The limiter counted this request in Redis, not in memory.
        keys = [k.decode() for k in server.scan_iter(f"*{prefix}*")]
        assert any("leads-phone" in key for key in keys), keys
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
        server.close()

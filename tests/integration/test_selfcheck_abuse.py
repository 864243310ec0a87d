"""Self-check abuse: completions are rate-limited per IP (Redis); a honeypot on the wizard."""

import uuid

import redis

from creditdesk.extensions import db
from creditdesk.models import AssessmentResult
from tests.integration.selfcheck_walk import band_b_answers, complete, step_form, walk
from tests.unit.assessment.answersets import DEFINITION

REDIS_URL = "redis://127.0.0.1:6379"
LAST = len(DEFINITION.sections)


def results(app) -> int:
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(AssessmentResult))
        db.session.remove()
    return count


def limited_app(make_app, prefix, **extra):
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL,
                    RATELIMIT_KEY_PREFIX=prefix, **extra)


def cleanup(prefix):
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"*{prefix}*"):
        server.delete(key)
    server.close()


def test_completions_are_limited_per_ip_in_redis_keeping_the_answers(make_app):
    prefix = f"creditdesk-test-{uuid.uuid4().hex[:12]}"
    try:
        app = limited_app(make_app, prefix, SELFCHECK_RATELIMIT_IP="2/hour")
        raw = band_b_answers()
        client = app.test_client()
        complete(client, raw)
        complete(client, raw)
        assert results(app) == 2
        walk(client, raw, upto=LAST - 1)
        response = client.post(f"/self-check/step/{LAST}", data=step_form(raw, LAST))
        assert response.status_code == 429
        assert 0 < int(response.headers["Retry-After"]) <= 3600
        html = response.get_data(as_text=True)
        assert "您的答案已保留" in html or "答案已保留" in html
        assert 'class="site-header"' in html and 'name="action"' in html
        # The last step's answers are on the page, ready to send again.
        for qid, value in step_form(raw, LAST).items():
            if qid not in ("action", "_q") and isinstance(value, str) and value.isdigit():
                assert f'value="{value}"' in html, qid
        assert results(app) == 2
        keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(f"*{prefix}*")]
        assert any("selfcheck-ip" in key for key in keys), keys
        # Another address is not affected; moving between steps never counts.
        other = app.test_client()
        other_response = walk(other, raw, upto=LAST - 1)
        assert other_response.status_code == 303
        final = other.post(f"/self-check/step/{LAST}", data=step_form(raw, LAST),
                           environ_base={"REMOTE_ADDR": "192.0.2.44"})
        assert final.status_code == 303
        assert final.headers["Location"].startswith("/self-check/r/")
        assert results(app) == 3
    finally:
        cleanup(prefix)


def test_the_limit_is_configurable_and_in_english(make_app):
    prefix = f"creditdesk-test-{uuid.uuid4().hex[:12]}"
    try:
        app = limited_app(make_app, prefix, SELFCHECK_RATELIMIT_IP="1/hour")
        client = app.test_client()
        client.get("/self-check?lang=en")
        raw = band_b_answers()
        complete(client, raw)
        walk(client, raw, upto=LAST - 1)
        response = client.post(f"/self-check/step/{LAST}", data=step_form(raw, LAST))
        assert response.status_code == 429
        assert "your answers are kept" in response.get_data(as_text=True)
    finally:
        cleanup(prefix)


def test_no_limit_when_rate_limits_are_off(make_app):
    app = make_app(RATELIMIT_ENABLED=False, SELFCHECK_RATELIMIT_IP="1/hour")
    client = app.test_client()
    for _ in range(3):
        complete(client, band_b_answers())
    assert results(app) == 3


def test_default_is_20_per_hour(make_app):
    assert make_app().config["SELFCHECK_RATELIMIT_IP"] == "20/hour"


def test_wizard_carries_a_honeypot(client):
    html = client.get("/self-check/step/1").get_data(as_text=True)
    assert 'name="website"' in html and 'tabindex="-1"' in html
    assert 'class="hp-field" aria-hidden="true"' in html


def test_a_filled_honeypot_keeps_and_scores_nothing(app, client):
    raw = band_b_answers()
    walk(client, raw, upto=LAST - 1)
    data = {**step_form(raw, LAST), "website": "http://spam.example"}
    response = client.post(f"/self-check/step/{LAST}", data=data)
    assert response.status_code == 400
    assert "site-header" in response.get_data(as_text=True)
    assert results(app) == 0
    first = client.post("/self-check/step/1", data={**step_form(raw, 1), "website": "x"})
    assert first.status_code == 400
    assert results(app) == 0

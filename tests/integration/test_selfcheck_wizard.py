"""The questionnaire in steps: progress, per-step errors, back/next, reload, conditions."""

import re

import pytest

from creditdesk.extensions import db
from creditdesk.models.assessment import AssessmentResult
from tests.integration.selfcheck_walk import band_b_answers, complete, step_form, walk
from tests.unit.assessment.answersets import DEFINITION, answers_scoring

STEPS = len(DEFINITION.sections)


def text(response) -> str:
    return response.get_data(as_text=True)


def checked(html: str, qid: str, value: str) -> bool:
    return re.search(rf'name="{qid}"\s+value="{value}" checked', html) is not None


def test_intro_says_what_it_is(client):
    html = text(client.get("/self-check"))
    assert "约 3 分钟" in html and "仅供参考" in html and "不构成授信决定或保险要约" in html
    assert 'href="/self-check/step/1"' in html
    assert 'href="/privacy"' in html  # the privacy note links the policy
    english = text(client.get("/self-check?lang=en"))
    assert "About 3 minutes" in english and "Your privacy" in english


def test_progress_indicator_in_both_languages(client):
    html = text(client.get("/self-check/step/1"))
    assert f"第 1 步，共 {STEPS} 步" in html
    assert f'<progress max="{STEPS}" value="1"' in html
    walk(client, band_b_answers(), upto=1)
    assert f"Step 2 of {STEPS}" in text(client.get("/self-check/step/2?lang=en"))


def test_every_step_walked_stores_the_result_with_the_definition_version(app, client):
    location = complete(client, band_b_answers())
    token = location.rsplit("/", 1)[1]
    with app.app_context():
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one()
        assert (record.definition_id, record.definition_version) == (
            DEFINITION.id, DEFINITION.version)
        assert (record.score, record.band, record.locale) == (
            record.result["score"], "B", "zh_CN")
        assert record.answers["monthly_sales"] == "1000000"
        assert isinstance(record.answers["warning_signs"], list)
        assert "working_capital" not in record.answers  # hidden questions are not stored
        assert record.result["limit"]["suggested"] == "2000000"
        db.session.remove()
    assert len(token) >= 32


@pytest.mark.parametrize("number", range(1, STEPS + 1))
def test_each_step_refuses_missing_answers_next_to_each_question(client, number):
    raw = band_b_answers()
    if number > 1:
        walk(client, raw, upto=number - 1)
    form = step_form(raw, number)
    shown = form["_q"]
    response = client.post(f"/self-check/step/{number}", data={"action": "next", "_q": shown})
    assert response.status_code == 422
    html = text(response)
    assert 'id="error-summary"' in html
    # Nothing answered: the conditional questions do not apply yet.
    required = [q for q in shown if DEFINITION.question(q).required
                and DEFINITION.question(q).show_if is None]
    assert required
    for qid in required:
        label = DEFINITION.question(qid).label.zh.rstrip("？")
        assert f'<p class="field-error" id="{qid}-error">请回答“{label}”。</p>' in html
        assert re.search(rf'<a href="#f-{qid}(-0)?">', html), qid
    # The optional net worth gets no error.
    assert 'id="net_worth-error"' not in html


def test_errors_in_the_visitors_language(client):
    response = client.post("/self-check/step/1?lang=en", data={"action": "next"})
    assert response.status_code == 422
    assert "Please answer “How long has the buyer been in business”." in text(response)


def test_back_and_next_keep_the_answers(client):
    raw = band_b_answers()
    walk(client, raw, upto=1)
    partial = {"action": "back", "_q": ["payment_record"], "payment_record": "on_time"}
    response = client.post("/self-check/step/2", data=partial)
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"
    html = text(client.get("/self-check/step/1"))
    assert checked(html, "years_in_business", raw["years_in_business"])
    assert checked(html, "country_risk", raw["country_risk"])
    # Back again to the intro from step 1, then forward: still there.
    response = client.post("/self-check/step/1", data=step_form(raw, 1, action="back"))
    assert response.headers["Location"] == "/self-check"
    assert "从上次中断处继续" in text(client.get("/self-check"))
    html = text(client.get("/self-check/step/2"))
    assert checked(html, "payment_record", "on_time")  # saved by Back, unvalidated


def test_reload_after_an_error_keeps_what_was_typed(client):
    raw = band_b_answers()
    walk(client, raw, upto=3)
    form = {**step_form(raw, 4), "monthly_sales": "abc", "terms_days": "60"}
    assert client.post("/self-check/step/4", data=form).status_code == 422
    html = text(client.get("/self-check/step/4"))  # a reload is a GET
    assert 'value="abc"' in html and 'value="60"' in html
    assert checked(html, "sales_share", raw["sales_share"])


def test_conditional_questions_appear_after_their_answer_without_js(client):
    raw = answers_scoring(70, with_statements=True)
    walk(client, raw, upto=2)
    html = text(client.get("/self-check/step/3"))
    # Not applicable yet: in the page for JavaScript, but hidden and disabled.
    block = re.search(r'<div class="question field" id="q-working_capital"[^>]*>', html).group(0)
    assert "hidden" in block and "data-show-if" in block
    assert re.search(r'name="working_capital" value="" [^>]*disabled', html)

    first = {"action": "next", "_q": ["disclosure", "has_statements"],
             "disclosure": raw["disclosure"], "has_statements": "yes"}
    response = client.post("/self-check/step/3", data=first)
    assert response.status_code == 200  # not an error: the figures are shown now
    html = text(response)
    assert 'id="more-notice"' in html and "field-error" not in html
    block = re.search(r'<div class="question field" id="q-working_capital"[^>]*>', html).group(0)
    assert "hidden" not in block
    assert 'id="q-current_ratio_band"' in html  # still there for JS, hidden
    assert re.search(r'<fieldset class="question" id="q-current_ratio_band"[^>]*hidden', html)

    # Shown and left empty: now they are errors.
    shown = {**first, "_q": first["_q"] + ["working_capital", "retained_earnings", "ebit",
                                            "book_equity", "total_liabilities"]}
    response = client.post("/self-check/step/3", data=shown)
    assert response.status_code == 422
    assert 'id="total_liabilities-error"' in text(response)
    response = client.post("/self-check/step/3", data=step_form(raw, 3))
    assert response.status_code == 303


def test_switching_to_no_statements_asks_the_two_short_questions(client):
    raw = answers_scoring(60, with_statements=False)
    walk(client, raw, upto=2)
    form = {"action": "next", "_q": ["disclosure", "has_statements"],
            "disclosure": raw["disclosure"], "has_statements": "no"}
    html = text(client.post("/self-check/step/3", data=form))
    assert re.search(r'<fieldset class="question" id="q-profitability"(?![^>]*hidden)', html)
    assert re.search(r'<div class="question field" id="q-ebit"[^>]*hidden', html)


def test_hidden_answers_are_ignored(client, app):
    """Values sent for questions that do not apply (a tampered POST) change nothing."""
    raw = band_b_answers()
    walk(client, raw, upto=2)
    form = {**step_form(raw, 3), "working_capital": "-999999", "_q": step_form(raw, 3)["_q"]}
    assert client.post("/self-check/step/3", data=form).status_code == 303
    location = walk_rest(client, raw, 4)
    assert text(client.get(location)).count("¥2,000,000") >= 1


def walk_rest(client, raw, start):
    response = None
    for number in range(start, STEPS + 1):
        response = client.post(f"/self-check/step/{number}", data=step_form(raw, number))
        assert response.status_code == 303
    return response.headers["Location"]


@pytest.mark.parametrize(
    "qid, value",
    [("years_in_business", "forever"), ("ownership", "<script>"), ("country_risk", "")],
)
def test_tampered_option_gets_a_message_and_keeps_the_rest(client, qid, value):
    raw = band_b_answers()
    form = {**step_form(raw, 1), qid: value}
    response = client.post("/self-check/step/1", data=form)
    assert response.status_code == 422
    html = text(response)
    label = DEFINITION.question(qid).label.zh
    expected = "请回答" if value == "" else "的选项无效"
    assert re.search(rf'id="{qid}-error">[^<]*{expected}', html) and label in html
    assert "<script>" not in html.split("</header>", 1)[1].split("<footer", 1)[0].replace(
        '<script src="/static/js/selfcheck.js" defer></script>', "")
    others = [q for q in step_form(raw, 1)["_q"] if q != qid]
    assert all(checked(html, q, raw[q]) for q in others)


def test_tampered_multiple_choice(client):
    raw = band_b_answers()
    walk(client, raw, upto=1)
    bad = {**step_form(raw, 2), "warning_signs": ["none", "bad_news"]}
    response = client.post("/self-check/step/2", data=bad)
    assert response.status_code == 422
    assert "选择“都没有”时不能再选其他项" in text(response)
    bad["warning_signs"] = ["bad_news", "hacked"]
    assert client.post("/self-check/step/2", data=bad).status_code == 422


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("monthly_sales", "abc", "请填写数字"),
        ("monthly_sales", "1e309", "请填写数字"),
        ("monthly_sales", "NaN", "请填写有效的数字"),
        ("monthly_sales", "Infinity", "请填写有效的数字"),
        ("monthly_sales", "-5", "不能为负数"),
        ("monthly_sales", "0", "必须大于 0"),
        ("monthly_sales", "10000000000000000", "不能大于 1,000,000,000,000,000"),
        ("monthly_sales", "1" + "0" * 300, "请填写数字"),
        ("terms_days", "30.5", "请填写整数"),
        ("terms_days", "366", "不能大于 365"),
        ("terms_days", "-1", "不能为负数"),
        ("net_worth", "-5", "不能为负数"),
    ],
)
def test_bad_numbers_get_a_message_next_to_the_field(client, field, value, message):
    raw = band_b_answers()
    walk(client, raw, upto=3)
    response = client.post("/self-check/step/4", data={**step_form(raw, 4), field: value})
    assert response.status_code == 422
    html = text(response)
    assert re.search(rf'<p class="field-error" id="{field}-error">[^<]*{message}', html), html
    shown_value = value[:80]  # what was typed comes back (capped in the session only)
    assert f'value="{shown_value}' in html
    others = {"monthly_sales", "terms_days", "net_worth"} - {field}
    assert all(f'id="{o}-error"' not in html for o in others)


def test_full_width_digits_are_accepted(client, app):
    raw = {**band_b_answers(), "monthly_sales": "１，０００，０００", "terms_days": "６０"}
    location = complete(client, raw)
    assert "¥2,000,000" in text(client.get(location))


@pytest.mark.parametrize("path", ["/self-check/step/0", "/self-check/step/5",
                                  "/self-check/step/99999999999999999999",
                                  "/self-check/step/-1", "/self-check/step/x"])
def test_step_out_of_range_is_404(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, data={"action": "next"}).status_code == 404


def test_later_step_without_earlier_answers_goes_back_to_the_first_incomplete(client):
    raw = band_b_answers()
    response = client.post("/self-check/step/3", data=step_form(raw, 3))
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"
    assert "请先完成这一步" in text(client.get("/self-check/step/1"))
    walk(client, raw, upto=1)
    response = client.post("/self-check/step/4", data=step_form(raw, 4))
    assert response.headers["Location"] == "/self-check/step/2"
    assert client.get("/self-check/step/4").headers["Location"] == "/self-check/step/2"


@pytest.mark.parametrize(
    "stored",
    [
        "junk",
        ["a", "list"],
        {"d": "another-definition", "a": {"years_in_business": "ge_10"}},
        {"d": DEFINITION.id, "a": "junk"},
        {"d": DEFINITION.id, "r": 5, "a": {"years_in_business": 7, "nope": "x",
                                           "warning_signs": [1, None, "x" * 10_000]}},
    ],
)
def test_foreign_or_damaged_session_starts_afresh(client, stored):
    with client.session_transaction() as session:
        session["selfcheck"] = stored
    assert client.get("/self-check").status_code == 200
    response = client.get("/self-check/step/2")
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"
    assert client.post("/self-check/step/1", data={"action": "next"}).status_code == 422


def test_expired_or_forged_session_cookie(client):
    client.set_cookie("session", "eyJzZWxmY2hlY2siOnt9fQ.forged.signature")
    response = client.post("/self-check/step/4", data=step_form(band_b_answers(), 4))
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"


def test_expired_form_token_returns_to_the_step(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.get("/self-check/step/1")
    response = client.post("/self-check/step/1", data=step_form(band_b_answers(), 1))
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"
    assert "会话已过期" in text(client.get("/self-check/step/1"))
    # Elsewhere an expired token is the ordinary 400 page.
    assert client.post("/self-check/reset").status_code == 400


def test_earlier_step_made_invalid_is_caught_at_the_end(client):
    raw = band_b_answers()
    walk(client, raw, upto=3)
    with client.session_transaction() as session:
        stored = session["selfcheck"]
        stored["a"]["payment_record"] = "tampered"
        session["selfcheck"] = stored
        session.modified = True
    response = client.post("/self-check/step/4", data=step_form(raw, 4))
    assert response.headers["Location"] == "/self-check/step/2"


def test_session_cookie_stays_small(client):
    raw = band_b_answers()
    walk(client, raw, upto=3)
    huge = {**step_form(raw, 4), "monthly_sales": "9" * 100_000, "net_worth": "8" * 100_000}
    assert client.post("/self-check/step/4", data=huge).status_code == 422
    cookie = client.get_cookie("session")
    assert len(cookie.value) < 2000, len(cookie.value)


def test_start_again_clears_the_answers(client):
    walk(client, band_b_answers(), upto=2)
    response = client.post("/self-check/reset")
    assert response.status_code == 303 and response.headers["Location"] == "/self-check/step/1"
    assert client.get("/self-check/step/2").status_code == 303
    html = text(client.get("/self-check"))
    assert "从上次中断处继续" not in html and 'href="/self-check/step/1"' in html


def test_pages_have_no_inline_script_or_style(client):
    raw = band_b_answers()
    pages = ["/self-check", "/self-check/step/1", "/tools", "/tools?calc=dso&receivables=x"]
    location = complete(client, raw)
    for path in [*pages, location, "/self-check/step/3"]:
        html = text(client.get(path))
        assert " style=" not in html and "<style" not in html, path
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="' in tag or 'type="application/ld+json"' in tag, (path, tag)

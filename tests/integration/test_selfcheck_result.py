"""The stored result page: band, bars, top three, overrides, terms, limit, disclaimer."""

import re

import pytest

from creditdesk.extensions import db
from creditdesk.models.assessment import AssessmentResult
from tests.integration.selfcheck_walk import band_b_answers, complete
from tests.unit.assessment.answersets import (
    DEFINITION,
    FIGURES,
    Z2_DISTRESS,
    answers_scoring,
    statements,
)


def text(response) -> str:
    return response.get_data(as_text=True)


def stored(app, location):
    token = location.rsplit("/", 1)[1]
    with app.app_context():
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one()
        data = record.result
        db.session.remove()
    return token, data


def test_band_b_example_shows_the_limit_formula_and_two_million(app, client):
    location = complete(client, band_b_answers())
    response = client.get(location)
    assert response.status_code == 200
    html = text(response)
    token, data = stored(app, location)
    assert data["band"]["code"] == "B"
    # Badge: colour class, letter and label, not colour alone.
    assert re.search(r'<p class="band-badge band-b">\s*<span class="band-letter"[^>]*>B</span>',
                     html)
    assert "较低风险" in html
    assert f'<span class="score-value">{data["score"]}</span><span class="score-max">/100' in html
    # The limit with the numbers put in.
    assert '<span class="limit-value">¥2,000,000</span>' in html
    assert "所需额度 = M × (T + 15) ÷ 30" in html
    assert "¥1,000,000 × (60 + 15) ÷ 30 = ¥2,500,000" in html
    assert "0.8 × ¥2,500,000 = ¥2,000,000" in html
    assert "10% × ¥20,000,000 = ¥2,000,000" in html
    assert "以保险公司批复的信用限额为准" in html
    assert "未经核实" not in html
    # Model, version, disclaimer, robots.
    assert f"模型 {DEFINITION.id}，版本 {DEFINITION.version}" in html
    assert DEFINITION.disclaimer.zh in html
    assert '<meta name="robots" content="noindex">' in html
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    # The consultation carries the result.
    assert f'href="/consult?assessment={token}"' in html
    assert "获取专属风险管理方案" in html


def test_one_bar_per_factor_with_points_and_maximum(app, client):
    location = complete(client, band_b_answers())
    html = text(client.get(location))
    _, data = stored(app, location)
    bars = re.findall(
        r'<rect class="bar-track" x="0" y="0" width="(\d+)"[^>]*/>\s*'
        r'<rect class="bar-fill[^"]*" x="0" y="0" width="(\d+)"', html)
    expected = [(str(f["max"]), str(f["points"])) for f in data["factors"]]
    assert bars == expected and len(bars) == len(DEFINITION.factors) == 13
    for factor in data["factors"]:
        assert f'{factor["points"]} / {factor["max"]}' in html
        assert factor["label"]["zh"] in html


def test_top_three_factors_with_their_tips_and_the_next_band(app, client):
    location = complete(client, band_b_answers())
    html = text(client.get(location))
    _, data = stored(app, location)
    section = html.split('id="top-title"', 1)[1].split("</section>", 1)[0]
    by_id = {f["id"]: f for f in data["factors"]}
    assert len(data["top_gaps"]) == 3
    for fid in data["top_gaps"]:
        factor = by_id[fid]
        assert factor["label"]["zh"] in section and factor["tip"]["zh"] in section
        assert f"−{factor['gap']} 分" in section
    needed = data["next_band"]["points_needed"]
    assert f"再得 {needed} 分即可达到 A 级。" in html


def test_term_links_open_existing_articles(client):
    html = text(client.get(complete(client, band_b_answers())))
    section = html.split('id="terms-title"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="(/articles/[^"]+)"', section)
    assert len(links) == len(DEFINITION.terms["B"].articles)
    for link in links:
        assert client.get(link).status_code == 200, link
    assert DEFINITION.terms["B"].payment.zh in section


def test_english_result(client):
    location = complete(client, band_b_answers())
    html = text(client.get(location + "?lang=en"))
    assert "Risk band B: Moderate risk" in html
    assert '<span class="limit-value">¥2,000,000</span>' in html
    assert "Credit need = M × (T + 15) ÷ 30" in html
    assert DEFINITION.disclaimer.en in html
    assert "Get a tailored risk management plan" in html


def test_knock_out_override_is_shown_with_its_reason(client):
    raw = {**band_b_answers(), "public_records": "severe"}
    html = text(client.get(complete(client, raw)))
    assert '<p class="band-badge band-e">' in html
    override = DEFINITION.overrides[0]
    assert override.id == "public_record_knockout"
    assert override.reason.zh in html and "等级最高为 E。" in html
    assert "仅按分数应为" in html  # the score alone gives a better band
    assert '<span class="limit-value">¥0</span>' in html


def test_z2_distress_caps_at_d_with_a_secured_only_limit(client):
    raw = {**answers_scoring(75, with_statements=True), **statements(Z2_DISTRESS),
           "net_worth": "20000000", "monthly_sales": "1000000", "terms_days": "60"}
    html = text(client.get(complete(client, raw)))
    assert '<p class="band-badge band-d">' in html
    assert "Altman Z″ = 0.52" in html and "困境区（低于 1.10）" in html
    assert DEFINITION.limit.secured_note.zh in html
    # D: a secured limit of 0.3 × need (no cap applies to it) and an unsecured limit of 0.
    assert re.search(r'<span class="limit-kind">有担保额度</span>\s*'
                     r'<span class="limit-value">¥750,000</span>', html)
    assert re.search(r'<span class="limit-kind">无担保额度</span>\s*'
                     r'<span class="limit-value">¥0</span>', html)
    assert "0.3 × ¥2,500,000 = ¥750,000" in html
    assert "有担保额度 = f × 所需额度，向下取整" in html
    assert "上限 = c × 净资产" not in html
    assert "无担保额度为 0" in html  # the terms agree: no unsecured credit


def test_unknown_net_worth_is_unverified_and_concentration_warned(client):
    raw = {**band_b_answers(), "net_worth": "", "sales_share": "gt_20"}
    html = text(client.get(complete(client, raw)))
    assert '<span class="flag flag-warn">未经核实</span>' in html
    # Exposure and share now score 0: band C, f 0.6 halved to 0.3, no cap.
    assert '<p class="band-badge band-c">' in html
    assert "因净资产未知，f 由 0.6 减半。" in html
    assert "0.3 × ¥2,500,000 = ¥750,000" in html
    assert "买方净资产未知" in html
    assert "该买方占您销售额超过 10%" in html
    assert "上限 = c × 净资产" not in html
    # 2026.12: the discretionary ceiling for band C bounds it, and the page says how to verify.
    assert "净资产未知时 C 级的自行掌握额度上限" in html
    assert "建议额度 = min(f × 所需额度, 自行掌握上限)，向下取整" in html
    assert '<span class="limit-value">¥100,000</span>' in html
    assert "填写买方净资产或财务报表，即可得到经核实的额度" in html


def test_net_worth_from_statements_is_said(client):
    raw = {**answers_scoring(85, with_statements=True), "net_worth": ""}
    html = text(client.get(complete(client, raw)))
    assert "取自您填写的财务报表中的所有者权益" in html


@pytest.mark.parametrize("token", ["unknown-token", "x" * 65, "%00", "a" * 64])
def test_unknown_token_is_404(client, token):
    assert client.get(f"/self-check/r/{token}").status_code == 404


def test_page_shows_what_was_stored_not_the_current_definition(app, client):
    location = complete(client, band_b_answers())
    token, data = stored(app, location)
    with app.app_context():
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one()
        record.definition_version = "2001.1"
        record.result = {**data, "definition_version": "2001.1",
                         "disclaimer": {"zh": "旧的免责声明", "en": "Old disclaimer"}}
        db.session.commit()
        db.session.remove()
    html = text(client.get(location))
    assert "版本 2001.1" in html and "旧的免责声明" in html


def test_compact_consultation_form_is_linked_to_the_result(client):
    location = complete(client, band_b_answers())
    html = text(client.get(location))
    token = location.rsplit("/", 1)[1]
    assert 'class="consult-block"' in html
    assert re.search(rf'name="assessment_token"[^>]*value="{token}"', html) or re.search(
        rf'value="{token}"[^>]*name="assessment_token"', html)
    assert re.search(r'name="source_page"[^>]*value="self-check"', html) or re.search(
        r'value="self-check"[^>]*name="source_page"', html)


def test_result_figures_are_hidden_questions_free(app, client):
    """Figures of a buyer without statements never reach the stored answers."""
    raw = {**band_b_answers(), **dict.fromkeys(FIGURES, "1")}
    location = complete(client, raw)
    token = location.rsplit("/", 1)[1]
    with app.app_context():
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one()
        assert not set(FIGURES) & set(record.answers)
        db.session.remove()


@pytest.mark.parametrize(
    "value, lang, shown",
    [("2000000", "zh_CN", "¥2,000,000"), ("2000000", "en", "¥2,000,000"),
     ("2500000.00", "en", "¥2,500,000"), ("1234.5", "zh_CN", "¥1,234.50"),
     ("-300", "en", "-¥300"), (None, "en", "")],
)
def test_money_format(app, value, lang, shown):
    from creditdesk.templating import money

    with app.test_request_context(f"/?lang={lang}"):
        assert money(value) == shown


def test_factor_sources_are_in_the_page_language(app, client):
    location = complete(client, band_b_answers())
    zh = text(client.get(location))
    assert '<span class="muted">依据： 交易参考方核查实践</span>' in zh
    assert "Trade-reference practice" not in zh
    en = text(client.get(location + "?lang=en"))
    assert "Trade-reference practice" in en and "交易参考方核查实践" not in en


def test_a_result_stored_with_plain_text_sources_still_shows(app, client):
    # Before 2026.12 a factor's source was one string for both languages.
    location = complete(client, band_b_answers())
    token, data = stored(app, location)
    with app.app_context():
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one()
        factors = [{**f, "source": "Trade-reference practice"} for f in data["factors"]]
        record.result = {**data, "factors": factors}
        db.session.commit()
        db.session.remove()
    response = client.get(location)
    assert response.status_code == 200 and "Trade-reference practice" in text(response)

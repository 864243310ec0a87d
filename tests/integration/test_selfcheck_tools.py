"""/tools: DSO/ADD, CEI, liquidity ratios and Altman Z'' as GET forms computed on the server."""

import re
from urllib.parse import urlencode

import pytest

DSO = {"calc": "dso", "receivables": "1,000,000", "credit_sales": "3,000,000", "days": "90"}
CEI = {"calc": "cei", "opening_receivables": "500000", "credit_sales": "1000000",
       "closing_receivables": "600000", "closing_current_receivables": "400000"}
RATIOS = {"calc": "ratios", "current_assets": "300", "current_liabilities": "200", "cash": "50",
          "inventories": "120", "prepayments": "30"}
Z2 = {"calc": "z2", "working_capital": "0", "retained_earnings": "0", "ebit": "0",
      "book_equity": "300", "total_liabilities": "100"}


def get(client, params):
    response = client.get("/tools?" + urlencode(params, doseq=True))
    return response, response.get_data(as_text=True)


def result_of(html, calc):
    pattern = rf'<div class="calc-result[^"]*" role="status" id="{calc}-result">(.*?)</div>'
    match = re.search(pattern, html, re.S)
    return re.sub(r"\s+", " ", match.group(1)) if match else None


def test_page_lists_four_calculators_linking_their_articles(client):
    response, html = get(client, {})
    assert response.status_code == 200
    for calc in ("dso", "cei", "ratios", "z2"):
        assert f'<input type="hidden" name="calc" value="{calc}">' in html
        assert result_of(html, calc) is None
    links = set(re.findall(r'<p class="calc-article"><a href="(/articles/[^"]+)"', html))
    assert links == {"/articles/reducing-dso", "/articles/assessing-customer-credit"}
    for link in links:
        assert client.get(link).status_code == 200


def test_dso_best_possible_and_add(client):
    response, html = get(client, DSO)
    assert response.status_code == 200
    assert "DSO：30.0 天" in result_of(html, "dso")
    assert "填写未到期部分" in result_of(html, "dso")
    _, html = get(client, {**DSO, "current_receivables": "600000"})
    result = result_of(html, "dso")
    assert "最佳 DSO：18.0 天" in result and "平均逾期天数（ADD）：12.0 天" in result
    assert "客户平均比约定晚 12.0 天付款" in result
    assert 'value="1,000,000"' in html  # what was typed stays in the form


def test_cei_with_its_period_convention(client):
    _, html = get(client, CEI)
    result = result_of(html, "cei")
    assert "CEI：81.8%" in result  # 900,000 ÷ 1,100,000
    assert "期间约定：" in result and "通常为一个月" in result
    _, html = get(client, {**CEI, "lang": "en"})
    assert "Period convention:" in result_of(html, "cei") and "CEI: 81.8%" in html


def test_liquidity_ratios(client):
    _, html = get(client, RATIOS)
    result = result_of(html, "ratios")
    assert "流动比率：1.50" in result and "速动比率：0.75" in result
    assert "现金比率：0.25" in result and "25%" in result
    assert "速动资产 = 流动资产 − 存货 − 预付款项 = ¥150" in result


def test_quick_ratio_convention_is_stated_on_the_page(client):
    _, html = get(client, {})
    assert "速动资产 = 流动资产 − 存货 − 预付款项（含应收票据和应收款项融资）" in html
    assert '<label for="ratios-inventories">存货</label>' in html
    assert '<label for="ratios-prepayments">预付款项（选填）</label>' in html
    _, english = get(client, {"lang": "en"})
    assert ("quick assets = current assets − inventories − prepayments (notes receivable and"
            " receivables financing included)") in english


def test_prepayments_may_be_left_empty(client):
    response, html = get(client, {**RATIOS, "prepayments": ""})
    assert response.status_code == 200
    assert "速动比率：0.90" in result_of(html, "ratios")  # (300 − 120) ÷ 200


def test_altman_z2_with_its_zone(client):
    _, html = get(client, Z2)
    assert "Altman Z″ = 3.15 — 安全区（高于 2.60）" in result_of(html, "z2")
    _, html = get(client, {**Z2, "book_equity": "50", "working_capital": "-20"})
    assert "困境区（低于 1.10）" in result_of(html, "z2")


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "请填写数字"),
        ("1e309", "请填写数字"),
        ("NaN", "请填写有效的数字"),
        ("-5", "不能为负数"),
        ("10000000000000000", "不能大于 1,000,000,000,000,000"),
        ("1" + "0" * 30, "不能大于 1,000,000,000,000,000"),
        ("Infinity", "请填写有效的数字"),
        ("", "请填写"),
    ],
)
@pytest.mark.parametrize(
    "params, field",
    [(DSO, "receivables"), (CEI, "credit_sales"), (RATIOS, "current_liabilities"),
     (Z2, "total_liabilities")],
)
def test_bad_input_message_next_to_the_field_other_values_kept(client, params, field, value,
                                                               message):
    response, html = get(client, {**params, field: value})
    assert response.status_code == 422
    calc = params["calc"]
    assert re.search(rf'<p class="field-error" id="{calc}-{field}-error">[^<]*{message}', html)
    assert f'value="{value}"' in html
    for other, typed in params.items():
        if other not in ("calc", field) and typed:
            assert f'name="{other}" value="{typed}"' in html
    assert result_of(html, calc) is None


def test_full_width_digits_are_accepted(client):
    response, html = get(client, {**DSO, "receivables": "１２３", "credit_sales": "３，０００",
                                  "days": "３０"})
    assert response.status_code == 200
    assert "DSO：1.2 天" in result_of(html, "dso")  # 123 ÷ 3,000 × 30


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({**DSO, "credit_sales": "0"}, "credit_sales", "赊销额为 0"),
        ({**DSO, "days": "0"}, "days", "必须大于 0"),
        ({**DSO, "days": "400"}, "days", "不能大于 366"),
        ({**DSO, "days": "30.5"}, "days", "请填写整数"),
        ({**DSO, "current_receivables": "2,000,000"}, "current_receivables",
         "不能大于应收账款总额"),
        ({**CEI, "closing_current_receivables": "700000"}, "closing_current_receivables",
         "不能大于应收账款总额"),
        ({**RATIOS, "current_liabilities": "0"}, "current_liabilities", "流动负债为 0"),
        ({**RATIOS, "cash": "500"}, "current_assets", "不能大于流动资产"),
        ({**Z2, "total_liabilities": "0"}, "total_liabilities", "负债合计为 0"),
        ({**Z2, "book_equity": "-100"}, "book_equity", "总资产）必须大于 0"),
    ],
)
def test_zero_denominators_and_impossible_figures(client, params, field, message):
    response, html = get(client, params)
    assert response.status_code == 422
    calc = params["calc"]
    assert re.search(rf'<p class="field-error" id="{calc}-{field}-error">[^<]*{message}', html)
    assert result_of(html, calc) is None


def test_nothing_collectible_is_a_message_for_the_whole_form(client):
    params = {**CEI, "opening_receivables": "0", "credit_sales": "0",
              "closing_receivables": "0", "closing_current_receivables": "0"}
    response, html = get(client, params)
    assert response.status_code == 422
    assert '<p class="form-errors" role="alert">' in html and "无法计算 CEI" in html


def test_negative_figures_where_they_make_sense(client):
    response, html = get(client, {**Z2, "working_capital": "-50", "ebit": "－10"})
    assert response.status_code == 200 and result_of(html, "z2")


def test_english_messages(client):
    response, html = get(client, {**DSO, "credit_sales": "abc", "lang": "en"})
    assert response.status_code == 422
    assert "Enter a number for “Credit sales in the period”" in html


def test_unknown_calculator_and_stray_parameters(client):
    response, html = get(client, {"calc": "nope", "receivables": "abc"})
    assert response.status_code == 200 and "field-error" not in html
    response, _ = get(client, {**DSO, "receivables": ["1", "2"]})
    assert response.status_code == 200

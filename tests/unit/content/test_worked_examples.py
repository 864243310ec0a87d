"""Every worked example in the articles, recomputed from its inputs.

Each test takes the figures an article states as inputs, computes the results
with the article's own formula, and checks that the article prints them. A
changed input or a miscalculated result in the text fails here.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from creditdesk.content import load_library

CONTENT = Path(__file__).parents[3] / "content"


@pytest.fixture(scope="module")
def articles():
    return {a.slug: a for a in load_library(CONTENT).all_articles}


def source_of(articles, slug):
    """The Markdown as written (tables keep their '|' cells)."""
    return Path(articles[slug].source).read_text(encoding="utf-8")


def text_of(articles, slug):
    article = articles[slug]
    faq = "\n".join(f"{e.question}\n{e.answer_text}" for e in article.faq)
    return f"{article.text}\n{faq}"


def r(value, places=2):
    """Round half up, as the articles do, and print with thousands separators."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def tiered(amount, first, tiers, cap=None):
    """A fee charged per band: `first` up to the first band, then each band's rate."""
    fee = Decimal(first)
    ends = [start for start, _ in tiers[1:]] + [None]
    for (start, rate), end in zip(tiers, ends, strict=True):
        if amount <= start:
            break
        top = amount if end is None else min(amount, end)
        fee += Decimal(top - start) * Decimal(rate)
    return min(fee, Decimal(cap)) if cap is not None else fee


# 《诉讼费用交纳办法》: (band start, rate up to the next band's start)
CASE_FEE = [(10_000, "0.025"), (100_000, "0.02"), (200_000, "0.015"), (500_000, "0.01"),
            (1_000_000, "0.009"), (2_000_000, "0.008"), (5_000_000, "0.007"),
            (10_000_000, "0.006"), (20_000_000, "0.005")]
PRESERVATION_FEE = [(1_000, "0.01"), (100_000, "0.005")]
ENFORCEMENT_FEE = [(10_000, "0.015"), (500_000, "0.01"), (5_000_000, "0.005"),
                   (10_000_000, "0.001")]


def test_fee_schedule_helper_matches_known_values():
    assert tiered(10_000, 50, CASE_FEE) == 50
    assert tiered(100_000, 50, CASE_FEE) == 2_300
    assert tiered(5_000_000, 30, PRESERVATION_FEE, cap=5_000) == 5_000


# --- assessing-customer-credit ------------------------------------------------


def test_liquidity_ratios_use_the_stated_quick_convention(articles):
    text = text_of(articles, "assessing-customer-credit")
    cash, securities, notes, receivables, prepaid, inventory, other = (
        3_000, 1_000, 1_500, 6_500, 600, 9_000, 400)
    commercial_bills, current_assets, current_liabilities = 600, 22_000, 15_000
    assert cash + securities + notes + receivables + prepaid + inventory + other == current_assets

    quick_assets = current_assets - inventory - prepaid
    conservative = quick_assets - commercial_bills

    assert "速动资产 = 流动资产 − 存货 − 预付款项" in text
    assert f"流动比率 = 22,000 ÷ 15,000 ≈ {r(current_assets / current_liabilities)}" in text
    assert f"22,000 − 9,000 − 600 = {quick_assets:,}" in text
    assert f"{quick_assets:,} ÷ 15,000 ≈ {r(quick_assets / current_liabilities)}" in text
    assert f"{conservative:,} ÷ 15,000 ≈ {r(conservative / current_liabilities)}" in text
    assert f"现金比率 = 3,000 ÷ 15,000 = {r(cash / current_liabilities)}" in text


def z_double_prime(working_capital, retained, ebit, equity, liabilities, total_assets):
    x1, x2, x3 = working_capital / total_assets, retained / total_assets, ebit / total_assets
    x4 = equity / liabilities
    return 6.56 * x1 + 3.26 * x2 + 6.72 * x3 + 1.05 * x4


def test_z_double_prime_examples_and_zones(articles):
    text = text_of(articles, "assessing-customer-credit")
    jia = z_double_prime(22_000 - 15_000, 6_000, 3_500, 20_000, 30_000, 50_000)
    yi = z_double_prime(14_000 - 17_000, -2_000, 400, 7_000, 33_000, 40_000)

    assert f"| 合计 Z″ | | {r(jia)} |" in source_of(articles, "assessing-customer-credit")
    assert 1.10 <= jia <= 2.60  # grey zone, as the article says
    assert f"≈ {r(yi).replace('-', '−')}，远低于 1.10" in text  # typographic minus
    assert yi < 1.10


# --- credit-protection-basics -------------------------------------------------


@pytest.mark.parametrize(("margin", "shown"), [(10, "100 万元"), (20, "50 万元"),
                                               (30, "约 33.3 万元"), (40, "25 万元")])
def test_sales_needed_to_replace_a_bad_debt(articles, margin, shown):
    text = text_of(articles, "credit-protection-basics")
    needed = Decimal(10) / (Decimal(margin) / 100)
    assert shown.replace("约 ", "").split(" ")[0] == r(needed, 1 if margin == 30 else 0)
    assert f"{margin}%\n{shown}" in text


# --- setting-credit-terms -----------------------------------------------------


@pytest.mark.parametrize(("discount", "shown"), [(2, "37.2%"), (1, "18.4%")])
def test_cash_discount_annual_cost(articles, discount, shown):
    text = text_of(articles, "setting-credit-terms")
    rate = Decimal(discount) / 100
    annual = rate / (1 - rate) * Decimal(365) / Decimal(30 - 10) * 100
    assert r(annual, 1) + "%" == shown
    assert shown in text


# --- reducing-dso -------------------------------------------------------------


def test_dso_add_cei_and_count_back(articles):
    text = text_of(articles, "reducing-dso")
    opening, sales, closing, current, days = 4_200, 9_000, 4_500, 3_000, 90
    dso, best = closing / sales * days, current / sales * days
    cei = (opening + sales - closing) / (opening + sales - current) * 100
    months = {7: (2_800, 31), 8: (3_000, 31), 9: (3_200, 30)}
    assert sum(s for s, _ in months.values()) == sales
    left = closing - months[9][0]
    count_back = months[9][1] + left / months[8][0] * months[8][1]

    assert f"| DSO | 4,500 ÷ 9,000 × 90 | {dso:.0f} 天 |" in source_of(articles, "reducing-dso")
    assert f"最佳 DSO | 3,000 ÷ 9,000 × 90 | {best:.0f} 天 |" in source_of(articles, "reducing-dso")
    assert f"45 − 30 | {dso - best:.0f} 天" in source_of(articles, "reducing-dso")
    assert f"约 {r(cei, 1)}%" in text
    actual_days = 92
    assert (f"DSO 为 {closing / sales * actual_days:.0f} 天、"
            f"最佳 DSO 约 {r(current / sales * actual_days, 1)} 天") in text
    assert f"≈ {r(left / months[8][0] * months[8][1], 1)} 天" in text
    assert f"倒推法 DSO ≈ 30 + 13.4 = {r(count_back, 1)} 天" in text


# --- setting-credit-limits ----------------------------------------------------


def need(monthly, terms):
    return monthly * (terms + 15) / 30


@pytest.mark.parametrize(
    ("monthly", "terms", "factor", "cap_rate", "net_worth", "suggested"),
    [(100, 60, 0.8, 0.10, 2_000, 200), (50, 30, 0.6, 0.05, 1_500, 45)],
)
def test_credit_limit_examples(articles, monthly, terms, factor, cap_rate, net_worth, suggested):
    source = source_of(articles, "setting-credit-limits")
    demand = need(monthly, terms)
    cap = cap_rate * net_worth

    assert min(factor * demand, cap) == suggested
    assert f"{monthly} × ({terms} + 15) ÷ 30 | {demand:.0f} 万元" in source
    assert f"{factor} × {demand:.0f} | {factor * demand:.0f} 万元" in source
    assert f"| {cap:.0f} 万元 |" in source
    assert f"| {suggested} 万元 |" in source


def test_credit_limit_text_examples(articles):
    text = text_of(articles, "setting-credit-limits")
    assert f"需求额度 = 100 × (60 + 15) ÷ 30 = {need(100, 60):.0f} 万元" in text
    assert f"100 × 105 ÷ 30 = {need(100, 90):.0f} 万元" in text
    assert f"100 × 12 = 1,200 万元，占 {1_200 / 8_000:.0%}" in text
    assert f"之间的 {need(50, 30) - 45:.0f} 万元缺口" in text


# --- how-trade-credit-insurance-works -----------------------------------------


def test_insurance_claim_example(articles):
    source = source_of(articles, "how-trade-credit-insurance-works")
    owed, limit, indemnity = 100, 80, Decimal("0.9")
    paid = min(owed, limit) * indemnity
    assert f"80 × 90% = {paid:.0f} 万元" in source
    assert f"100 − 72 = {owed - paid:.0f} 万元" in source
    assert f"{owed - limit} 万元来自超出限额的部分" in source


# --- factoring-and-supply-chain-finance --------------------------------------


def test_factoring_cost_example(articles):
    source = source_of(articles, "factoring-and-supply-chain-finance")
    invoice, advance_rate, rate, days, year = 1_000_000, Decimal("0.8"), Decimal("0.042"), 90, 360
    advance = invoice * advance_rate
    interest = advance * rate * days / year
    service, risk = invoice * Decimal("0.003"), invoice * Decimal("0.005")
    recourse, non_recourse = interest + service, interest + service + risk
    late = advance * rate * 30 / year

    assert f"| {interest:,.0f} 元 | {interest:,.0f} 元 |" in source
    assert f"| {service:,.0f} 元 | {service:,.0f} 元 |" in source
    assert f"| — | {risk:,.0f} 元 |" in source
    assert f"| {recourse:,.0f} 元 | {non_recourse:,.0f} 元 |" in source
    annual = [x / advance * year / days * 100 for x in (recourse, non_recourse)]
    assert f"| {r(annual[0])}% | {r(annual[1])}% |" in source
    assert f"× 30 ÷ 360 = {late:,.0f} 元" in source
    assert f"放弃的是 {invoice * Decimal('0.02') / 10_000:.0f} 万元" in source


# --- retention-of-title-and-registration --------------------------------------


def test_retention_example_and_the_75_percent_line(articles):
    source = source_of(articles, "retention-of-title-and-registration")
    price, down, instalment = 500, 150, 50
    assert down + 7 * instalment == price

    paid2 = down + 2 * instalment
    assert f"150 + 2 × 50 = {paid2} 万元，占总价款的 {paid2} ÷ 500 = {paid2 / price:.0%}" in source
    assert paid2 / price < 0.75
    resale, costs = 200, 10
    assert f"{price - paid2} + {costs} − {resale} = {price - paid2 + costs - resale} 万元" in source

    paid5 = down + 5 * instalment
    assert f"150 + 5 × 50 = {paid5} 万元，占总价款的 {paid5 / price:.0%}" in source
    assert paid5 / price > 0.75
    assert f"剩余的 {price - paid5} 万元" in source
    paid4 = down + 4 * instalment
    assert f"已付款为 {paid4} 万元（{paid4 / price:.0%}）" in source
    assert paid4 / price < 0.75


# --- legal-tools-for-overdue-accounts -----------------------------------------


def test_court_fees_for_a_claim_of_800000(articles):
    source = source_of(articles, "legal-tools-for-overdue-accounts")
    claim = 800_000
    case_fee = tiered(claim, 50, CASE_FEE)
    preservation = tiered(claim, 30, PRESERVATION_FEE, cap=5_000)
    enforcement = tiered(claim, 50, ENFORCEMENT_FEE)

    assert f"| {case_fee:,.0f} |" in source
    assert f"{case_fee:,.0f} ÷ 2 | {case_fee / 2:,.0f} |" in source
    assert f"{case_fee:,.0f} ÷ 3 | 约 {case_fee / 3:,.0f} |" in source
    assert f"| {preservation:,.0f} |" in source
    assert f"| {enforcement:,.0f} |" in source


# --- bad-debt-write-off-and-ecl -----------------------------------------------


def test_provision_matrix_and_charge(articles):
    source = source_of(articles, "bad-debt-write-off-and-ecl")
    matrix = [(6_000, "0.5%"), (1_500, "2%"), (800, "8%"), (400, "25%"), (200, "50%"),
              (100, "100%")]
    losses = [Decimal(balance) * Decimal(rate.rstrip("%")) / 100 for balance, rate in matrix]
    for (balance, rate), loss in zip(matrix, losses, strict=True):
        assert f"| {balance:,} | " in source
        assert f"| {rate} | {loss:,.0f} |" in source
    total = sum(losses)
    balance_total = sum(b for b, _ in matrix)
    assert f"| 合计 | {balance_total:,} | | | {total:,.0f} |" in source
    assert f"约 {r(total / balance_total * 100, 1)}%" in source
    opening, written_off = 350, 60
    charge = total - (opening - written_off)
    assert f"本年计提 = {total:,.0f} − ({opening} − {written_off}) = {charge:,.0f} 万元" in source
    assert 40 + 20 == written_off

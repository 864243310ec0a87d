"""Both layouts, in both languages and both formats, give the same kind of diagnosis."""

from decimal import Decimal

import pytest


def test_invoice_csv_in_chinese(run):
    f = run("invoices_zh.csv")
    assert f["layout"] == "invoices" and f["kind"] == "csv"
    # The 合计 row is a sum, not a customer: 240,000.50 is counted once.
    assert f["total"] == 240000.50 and f["customers"] == 3 and f["rows"] == 5
    amounts = {b["key"]: b["amount"] for b in f["buckets"]}
    # 北方科技: Excel serial 45930 = 2025-10-01, 14 days late; the credit note is due then too.
    assert amounts == {"current": 0, "1-30": 5000.50, "31-60": 0, "61-90": 35000,
                       "91-180": 120000, "180+": 80000}
    assert f["credit_notes"] == {"count": 1, "total": -5000.0}
    assert f["over_90"] == 200000 and f["over_90_count"] == 2


def test_gbk_csv_reads_like_utf8(run):
    assert run("invoices_gbk.csv")["buckets"] == run("invoices_zh.csv")["buckets"]


def test_wanyuan_header_scales_and_brackets_are_credit_notes(run):
    f = run("invoices_wanyuan.csv")
    assert f["total"] == 120000.0  # 12.5 万 − 0.5 万
    assert f["credit_notes"]["total"] == -5000.0


def test_invoice_xlsx_in_english_skips_title_rows_and_other_currencies(run):
    f = run("invoices_en.xlsx")
    assert f["layout"] == "invoices" and f["kind"] == "xlsx"
    assert f["total"] == 87000.25
    assert f["other_currencies"] == {"EUR": 1}
    assert f["sheet"] is None  # one sheet only: nothing to name


def test_weighted_days_past_due_of_invoices(run):
    f = run("invoices_en.xlsx")
    # Acme 50,000 due 2025-07-01 (106 days), Beta 12,000 due serial 45730 = 2025-03-14 (215).
    expected = (50000 * 106 + 12000 * 215) / 62000
    assert f["wadpd"] == pytest.approx(expected, abs=0.05) and not f["wadpd_estimated"]


@pytest.mark.parametrize("name", ["buckets_zh.xlsx", "buckets_en.csv"])
def test_bucket_layout(run, name):
    f = run(name)
    assert f["layout"] == "buckets" and f["wadpd_estimated"]
    assert not f["aged_from_invoice_date"]
    assert f["total"] == sum(b["amount"] for b in f["buckets"])


def test_bucket_layout_in_chinese_figures(run):
    f = run("buckets_zh.xlsx", sales=Decimal(1_000_000))
    assert f["total"] == 255000 and f["customers"] == 2  # 合计 skipped
    assert f["overdue"] == 105000 and f["overdue_share"] == pytest.approx(105 / 255, abs=1e-4)
    assert f["over_90"] == 70000
    assert f["dso"] == pytest.approx(255000 / 1_000_000 * 365, abs=0.05)
    assert f["concentration"]["top1"] == pytest.approx(150 / 255, abs=1e-4)
    assert f["concentration"]["hhi"] == round(((150 / 255) ** 2 + (105 / 255) ** 2) * 10_000)
    provision = sum(b["amount"] * b["rate"] for b in f["buckets"])
    assert f["provision"] == pytest.approx(provision, abs=0.01)


def test_bucket_dash_means_zero(run):
    f = run("buckets_en.csv")
    assert f["total"] == 18000


def test_merged_cells_take_the_first_cells_value(run):
    f = run("merged_cells.xlsx")
    assert f["merged"] == 2
    assert f["customers"] == 2 and f["total"] == 6500
    assert f["top"][0]["name"] == "华东机械" and f["top"][0]["amount"] == 6000


def test_hidden_sheet_is_skipped_and_the_used_sheet_named(run):
    f = run("hidden_sheets.xlsx")
    assert f["sheet"] == "明细" and f["hidden_sheets"] == ["旧数据"]
    assert f["total"] == 8000


def test_formulas_are_read_as_saved_values(run):
    f = run("formulas_with_values.xlsx")
    assert f["formulas"] and f["total"] == 9000


def test_names_are_replaced_by_rank_unless_kept(rates):
    from creditdesk.aging import diagnose

    from .conftest import AS_OF, FIXTURES
    d = diagnose((FIXTURES / "invoices_zh.csv").read_bytes(), "x.csv", AS_OF, rates)
    hidden = d.stored(keep_names=False)
    assert all(c["name"] is None for c in hidden["top"] + hidden["over_90_customers"])
    assert [c["n"] for c in hidden["top"]] == [1, 2, 3]
    assert "华东机械有限公司" not in repr(hidden)
    assert d.stored(keep_names=True)["top"][0]["name"] == "华东机械有限公司"


def test_without_a_due_date_invoices_age_from_their_date(run):
    f = run("invoices_no_due_date.csv")
    assert f["aged_from_invoice_date"]
    assert {b["key"]: b["amount"] for b in f["buckets"]}["61-90"] == 1000  # 90 days


def test_rows_without_a_customer_are_left_out_and_counted(run):
    f = run("invoices_unnamed_subtotals.csv")
    assert f["total"] == 1200 and f["unnamed_rows"] == 2  # the blank line is not counted

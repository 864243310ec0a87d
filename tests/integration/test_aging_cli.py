"""`flask tools aging`: the same diagnosis as the page, as text or JSON."""

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "unit" / "aging" / "fixtures"


@pytest.fixture
def app(make_app):
    return make_app()


def run(runner, *args):
    return runner.invoke(args=["tools", "aging", *args])


def test_text(runner):
    result = run(runner, str(FIXTURES / "invoices_zh.csv"), "--as-of", "2025-10-15",
                 "--sales", "1,200,000")
    assert result.exit_code == 0, result.output
    assert "Total receivables: ¥240,000.50" in result.output
    assert "DSO: 73.0" in result.output
    assert "/articles/payment-schedules-and-overdue" in result.output


def test_json_matches_the_core(runner):
    result = run(runner, str(FIXTURES / "buckets_zh.xlsx"), "--as-of", "2025-10-15", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["total"] == 255000 and figures["layout"] == "buckets"
    assert figures["dso"] is None and len(figures["buckets"]) == 6


def test_bad_file_prints_the_message_and_rows(runner):
    result = run(runner, str(FIXTURES / "bad_dates_amounts.csv"))
    assert result.exit_code == 1
    assert "25 cells could not be read" in result.output
    assert "Row 2, due date" in result.output and "… +5" in result.output


def test_chinese_messages(runner):
    result = run(runner, str(FIXTURES / "encrypted.xlsx"), "--lang", "zh_CN")
    assert result.exit_code == 1 and "密码" in result.output


@pytest.mark.parametrize("args", [["--as-of", "someday"], ["--sales", "-5"],
                                  ["--sales", "lots"]])
def test_bad_options(runner, args):
    result = run(runner, str(FIXTURES / "invoices_zh.csv"), *args)
    assert result.exit_code == 2

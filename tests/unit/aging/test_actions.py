from pathlib import Path

import pytest

from creditdesk.aging.actions import FILLERS, RULES

ARTICLES = Path(__file__).parents[3] / "content" / "articles"


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_every_action_falls_back_to_a_published_article(rule):
    assert (ARTICLES / f"{rule.articles[-1]}.md").exists()


@pytest.mark.parametrize("name", ["invoices_zh.csv", "invoices_en.xlsx", "buckets_zh.xlsx",
                                  "buckets_en.csv", "hidden_sheets.xlsx"])
def test_three_to_five_actions(run, name):
    actions = run(name)["actions"]
    assert 3 <= len(actions) <= 5
    assert len({a["id"] for a in actions}) == len(actions)


def test_a_healthy_ledger_gets_the_habits(run):
    f = run("hidden_sheets.xlsx", as_of=__import__("datetime").date(2025, 8, 1))
    assert f["overdue"] == 0
    # One customer holds everything: concentration, then the first habits to fill up to three.
    assert [a["id"] for a in f["actions"]] == ["concentration", *FILLERS[:2]]


def test_large_overdue_ledger_starts_with_collection(run):
    ids = [a["id"] for a in run("invoices_zh.csv")["actions"]]
    assert ids[0] == "collect_over_90" and "provision" in ids

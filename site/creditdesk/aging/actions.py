"""Three to five actions chosen from the figures, each tied to the article that explains it.

An action names articles best first: the first one the site publishes is linked, so a
planned article takes over from today's fallback as soon as it is published.
"""

from dataclasses import dataclass

MIN_ACTIONS, MAX_ACTIONS = 3, 5


@dataclass(frozen=True)
class Rule:
    id: str
    articles: tuple[str, ...]


RULES = {rule.id: rule for rule in (
    Rule("collect_over_90", ("legal-tools-for-overdue-accounts", "payment-schedules-and-overdue")),
    Rule("provision", ("bad-debt-write-off-and-ecl", "credit-protection-basics")),
    Rule("overdue_process", ("payment-schedules-and-overdue",)),
    Rule("reduce_dso", ("reducing-dso",)),
    Rule("finance_receivables", ("factoring-and-supply-chain-finance", "reducing-dso")),
    Rule("concentration", ("how-trade-credit-insurance-works", "credit-protection-basics")),
    Rule("limits", ("setting-credit-limits",)),
    Rule("credit_notes", ("handling-disputed-invoices",)),
    Rule("check_customers", ("checking-company-credit", "assessing-customer-credit")),
    Rule("terms", ("setting-credit-terms",)),
)}
# Shown when the figures call for fewer than three actions: sound habits for a healthy ledger.
FILLERS = ("limits", "check_customers", "terms")


def choose(figures: dict) -> list[dict]:
    """Return the actions for a diagnosis dict: most urgent first, 3 to 5 of them."""
    found: list[tuple[float, str, dict]] = []

    def add(urgency: float, action: str, **params):
        found.append((urgency, action, params))

    if figures["over_90"] > 0:
        add(10 + figures["over_90_share"], "collect_over_90", amount=figures["over_90"],
            customers=figures["over_90_count"])
    if figures["provision_share"] >= 0.03:
        add(8, "provision", amount=figures["provision"], share=figures["provision_share"])
    if figures["overdue_share"] >= 0.2:
        add(7 + figures["overdue_share"], "overdue_process", share=figures["overdue_share"])
    dso = figures["dso"]
    if dso is not None and dso > 60:
        add(6 + dso / 365, "reduce_dso", dso=dso)
    if dso is not None and dso > 90:
        add(4, "finance_receivables", dso=dso)
    top = figures["concentration"]
    if top["top1"] > 0.10 or top["hhi"] >= 1500:
        add(5 + top["top1"], "concentration", top1=top["top1"], hhi=top["hhi"],
            over_10=len([c for c in figures["top"] if c["share"] > 0.10]))
    if figures["credit_notes"]["count"] and figures["credit_notes"]["total"] < 0:
        add(3, "credit_notes", count=figures["credit_notes"]["count"],
            amount=-figures["credit_notes"]["total"])
    chosen = [(action, params) for _u, action, params in sorted(found, key=lambda f: -f[0])]
    chosen = chosen[:MAX_ACTIONS]
    for filler in FILLERS:
        if len(chosen) >= MIN_ACTIONS:
            break
        if filler not in {a for a, _p in chosen}:
            chosen.append((filler, {}))
    return [{"id": action, "params": params, "articles": list(RULES[action].articles)}
            for action, params in chosen]

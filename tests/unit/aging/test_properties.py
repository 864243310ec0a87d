"""Whatever the ledger, the figures hold together."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from creditdesk.aging import diagnose

from .conftest import AS_OF

NAMES = ["甲公司", "乙公司", "丙公司", "Acme", "Beta", "客户 7"]
rows = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.integers(min_value=-400, max_value=400),  # due date relative to the as-of date
        st.decimals(min_value=Decimal("-50000"), max_value=Decimal("900000"), places=2),
    ),
    min_size=1, max_size=40,
)


def as_csv(ledger) -> bytes:
    lines = ["客户,到期日,未收金额"]
    for name, offset, amount in ledger:
        lines.append(f"{name},{(AS_OF + timedelta(days=offset)).isoformat()},{amount}")
    return "\n".join(lines).encode()


@settings(max_examples=60, deadline=None)
@given(rows)
# Six equal balances: each share rounds up to 0.1667, and six of those pass 100 %.
@example([(name, 0, Decimal(1)) for name in NAMES])
def test_figures_are_consistent(rates, ledger):
    ledger = [(n, o, a) for n, o, a in ledger if a != 0] or [("甲公司", 0, Decimal(1))]
    f = diagnose(as_csv(ledger), "l.csv", AS_OF, rates).figures
    total = sum(a for _n, _o, a in ledger)
    assert Decimal(str(f["total"])) == total
    assert abs(sum(b["amount"] for b in f["buckets"]) - f["total"]) < 0.01
    late = sum(a for _n, o, a in ledger if o < -90)
    assert Decimal(str(f["over_90"])) == late
    c = f["concentration"]
    assert 0 <= c["top1"] <= c["top5"] <= c["top10"] <= 1
    assert 0 <= c["hhi"] <= 10_000
    expected = sum(max(b["amount"], 0) * b["rate"] for b in f["buckets"])
    assert abs(f["provision"] - expected) < 0.02
    assert 3 <= len(f["actions"]) <= 5
    if f["wadpd"] is not None:
        assert 1 <= f["wadpd"] <= 400


def test_as_of_date_moves_invoices_between_buckets(rates):
    body = as_csv([("甲公司", -10, Decimal(100))])  # 10 days overdue on AS_OF
    later = diagnose(body, "l.csv", AS_OF + timedelta(days=85), rates).figures
    now = diagnose(body, "l.csv", AS_OF, rates).figures
    assert now["buckets"][1]["amount"] == 100 and later["buckets"][4]["amount"] == 100
    assert isinstance(AS_OF, date)

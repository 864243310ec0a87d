"""Answer sets for the shipped definition: the best one, one with an exact score, random ones."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from creditdesk.assessment import altman_z2, load_definition
from creditdesk.assessment.definition import MULTIPLE, NUMBER, SINGLE

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "assessments" / "credit-risk-selfcheck.yaml"
DEFINITION = load_definition(SHIPPED)

# Balance sheets (WC, RE, EBIT, equity, liabilities) in each Z'' zone; their points are the
# file's (z2_points), so that an analyst's edit of the weights breaks no answer set.
Z2_SAFE = ("0", "0", "0", "300", "100")  # Z'' = 1.05 × 3 = 3.15: safe
Z2_UPPER_GREY = ("0", "0", "0", "200", "100")  # 2.10: grey
Z2_LOWER_GREY = ("0", "0", "0", "120", "100")  # 1.26: grey
Z2_DISTRESS = ("0", "0", "0", "50", "100")  # 0.525: distress, and the band is capped at D
FIGURES = ("working_capital", "retained_earnings", "ebit", "book_equity", "total_liabilities")
# monthly_sales 100,000 at 30 days: need 100,000 × (30 + buffer) / 30.
DEAL = {"monthly_sales": "100000", "terms_days": "30"}
# Net worth at about 1.5 % and 15 % exposure, and unknown (at 15 days' buffer).
NET_WORTHS = ("10000000", "1000000", "")


def z2_step_points(figures: tuple[str, ...]) -> int:
    """The file's points for the Z'' of these balance-sheet figures."""
    z2 = altman_z2(*map(Decimal, figures))
    return next(s.points for s in DEFINITION.factor("financial_strength").z2_points if s.holds(z2))


def exposure_points(net_worth: str) -> int:
    """The file's points for the exposure of the DEAL answers against `net_worth`."""
    exposure = DEFINITION.factor("exposure")
    days = int(DEAL["terms_days"]) + DEFINITION.limit.buffer_days
    need = Decimal(DEAL["monthly_sales"]) * days / 30
    if not net_worth or Decimal(net_worth) <= 0:
        return exposure.otherwise_points
    ratio = need / Decimal(net_worth)
    return next((p for high, p in exposure.ratio_points if ratio <= high),
                exposure.otherwise_points)


NET_WORTH_FOR = {exposure_points(nw): nw for nw in NET_WORTHS}  # points → net worth


def statements(figures: tuple[str, ...]) -> dict:
    return {"has_statements": "yes", **dict(zip(FIGURES, figures, strict=True))}


def best_answers() -> dict:
    """Return raw answers worth 100 points."""
    raw: dict = {
        **DEAL,
        "net_worth": NET_WORTH_FOR[max(NET_WORTH_FOR)],
        **statements(Z2_SAFE),
        "warning_signs": ["none"],
    }
    for question in _scored_singles():
        raw[question.id] = max(question.options, key=lambda o: o.points).value
    return raw


def _scored_singles():
    return [q for q in DEFINITION.questions if q.type == SINGLE and q.factor and q.show_if is None]


@cache
def _slots(with_statements: bool | None) -> tuple:
    """Each slot: the ways to answer one factor without firing an override, by points."""
    slots = []
    for question in _scored_singles():
        safe = [
            o
            for o in question.options
            if not o.knockout and not (question.id == "country_risk" and o.value == "d")
        ]
        slots.append(tuple((o.points, {question.id: o.value}) for o in safe))
    financial = [
        (z2_step_points(figures), statements(figures))
        for figures in (Z2_SAFE, Z2_UPPER_GREY, Z2_LOWER_GREY)
    ]
    if with_statements is False:
        financial = []
    ratio = DEFINITION.question("current_ratio_band").options
    profit = DEFINITION.question("profitability").options
    financial += (
        [
            (
                r.points + p.points,
                {"has_statements": "no", "current_ratio_band": r.value, "profitability": p.value},
            )
            for r in ratio
            for p in profit
            if (r.value, p.value) != ("lt_1", "loss")  # fires no_statements_loss_illiquid
        ]
        if with_statements is not True
        else []
    )
    slots.append(tuple(financial))
    signs = DEFINITION.factor("warning_signs").count_points
    slots.append(
        (
            (signs[0], {"warning_signs": ["none"]}),
            (signs[1], {"warning_signs": ["bad_news"]}),
            (signs[2], {"warning_signs": ["bad_news", "longer_terms"]}),
        )
    )
    slots.append(tuple((p, {"net_worth": nw}) for p, nw in NET_WORTH_FOR.items()))
    return tuple(slots)


def lowest_score() -> int:
    """The fewest points an answer set gets without an override firing."""
    return sum(min(points for points, _ in slot) for slot in _slots(None))


def answers_scoring(target: int, *, with_statements: bool | None = None) -> dict:
    """Return raw answers that score exactly `target` and fire no override.

    `with_statements` True or False forces the balance-sheet path of factor 4 or the other.
    """

    @cache
    def solve(index: int, remaining: int) -> tuple | None:
        if index == len(slots):
            return () if remaining == 0 else None
        for points, update in slots[index]:
            if points <= remaining and (rest := solve(index + 1, remaining - points)) is not None:
                return (update, *rest)
        return None

    slots = _slots(with_statements)
    chosen = solve(0, target)
    if chosen is None:
        raise ValueError(f"no answer set scores {target}")
    raw = dict(DEAL)
    for update in chosen:
        raw.update(update)
    return raw


# -- hypothesis ------------------------------------------------------------------------

money = st.integers(min_value=-(10**12), max_value=10**12)


@st.composite
def raw_answer_sets(draw, definition=DEFINITION) -> dict:
    """Draw a valid raw answer set, asking only the questions show_if leaves visible."""
    raw: dict = {}
    liabilities = None
    for question in definition.questions:
        if not question.visible(raw):
            continue
        if question.type == SINGLE:
            raw[question.id] = draw(st.sampled_from([o.value for o in question.options]))
        elif question.type == MULTIPLE:
            raw[question.id] = _draw_multiple(draw, question)
        else:
            assert question.type == NUMBER
            raw[question.id], liabilities = _draw_number(draw, question, liabilities)
    return raw


def _draw_multiple(draw, question) -> list[str]:
    exclusive = [o.value for o in question.options if o.exclusive]
    others = [o.value for o in question.options if not o.exclusive]
    if exclusive and draw(st.booleans()):
        return [draw(st.sampled_from(exclusive))]
    return draw(st.lists(st.sampled_from(others), min_size=1, unique=True))


def _draw_number(draw, question, liabilities):
    if question.id == "book_equity":  # asked just before total_liabilities: draw both here
        liabilities = draw(st.integers(min_value=1, max_value=10**12))
        equity = draw(st.integers(min_value=1 - liabilities, max_value=10**12))  # total assets > 0
        return str(equity), liabilities
    if question.id == "total_liabilities":
        return str(liabilities), liabilities
    if question.id == "terms_days":
        return str(draw(st.integers(min_value=0, max_value=365))), liabilities
    if question.id == "monthly_sales":
        return f"{draw(st.integers(min_value=1, max_value=10**11)):,}", liabilities
    if question.id == "net_worth":
        value = draw(st.one_of(st.just("unknown"), st.just(""), st.integers(0, 10**13).map(str)))
        return value, liabilities
    return str(draw(money)), liabilities

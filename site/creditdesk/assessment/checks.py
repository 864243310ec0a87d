"""Cross-reference checks on a loaded definition: bands, points, links, the limit's inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NoReturn

from .altman import DISTRESS_BELOW, SAFE_ABOVE
from .definition import (
    COUNT,
    EXPOSURE_RATIO,
    FINANCIAL_STRENGTH,
    MONTHLY_SALES,
    MULTIPLE,
    NET_WORTH,
    NUMBER,
    OPTIONS,
    SINGLE,
    TERMS_DAYS,
    Z2_FIGURES,
    Definition,
    Factor,
    Question,
    Section,
)

Fail = Callable[[str, str], NoReturn]
TOTAL_POINTS = 100


def question_order(
    sections: Iterable[Section], question_ids: set[str], fail: Fail
) -> dict[str, int]:
    """Return each question's position in step order; every question is in exactly one step."""
    order: dict[str, int] = {}
    for section in sections:
        for qid in section.question_ids:
            if qid not in question_ids:
                fail(f"section {section.id}", f"names unknown question {qid!r}")
            if qid in order:
                fail(f"question {qid}", "is listed in more than one section (duplicate id)")
            order[qid] = len(order)
    for qid in sorted(question_ids - set(order)):
        fail(f"question {qid}", "is not listed in any section")
    return order


def check(definition: Definition, fail: Fail, known_articles: frozenset[str] | None) -> None:
    """Raise through `fail` at the first problem found."""
    _check_bands(definition, fail)
    _check_questions(definition, fail)
    for factor in definition.factors:
        _check_factor(definition, factor, fail)
    total = sum(f.max for f in definition.factors)
    if total != TOTAL_POINTS:
        fail("factors", f"maximum points add up to {total}, not {TOTAL_POINTS}")
    codes = {b.code for b in definition.bands}
    for override in definition.overrides:
        if override.cap not in codes:
            fail(f"override {override.id}", f"cap names unknown band {override.cap!r}")
    for band in definition.bands:
        if band.code not in definition.terms:
            fail(f"terms {band.code}", "missing: every band needs its terms")
        for slug, _ in definition.terms[band.code].articles:
            if known_articles is not None and slug not in known_articles:
                fail(f"terms {band.code}", f"links to article {slug!r}, which does not exist")
    _check_limit(definition, fail)


def _check_bands(definition: Definition, fail: Fail) -> None:
    expected = TOTAL_POINTS
    for band in definition.bands:  # sorted best (highest min) first
        if band.max > expected:
            fail(
                f"band {band.code}",
                f"overlaps the band above it (max {band.max}, expected {expected})",
            )
        if band.max < expected:
            fail(
                f"band {band.code}", f"leaves a gap: no band covers {_span(band.max + 1, expected)}"
            )
        expected = band.min - 1
    if expected != -1:
        fail(
            f"band {definition.bands[-1].code}",
            f"leaves a gap: no band covers {_span(0, expected)}",
        )


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _check_questions(definition: Definition, fail: Fail) -> None:
    factors = {f.id: f for f in definition.factors}
    for q in definition.questions:
        where = f"question {q.id}"
        if q.factor is not None and q.factor not in factors:
            fail(where, f"feeds unknown factor {q.factor!r}")
        scoring = factors[q.factor].scoring if q.factor else None
        if scoring in (EXPOSURE_RATIO,) or (scoring and q.type == NUMBER):
            fail(
                where, f"cannot feed factor {q.factor!r}: its points are not read from this answer"
            )
        for option in q.options:
            owhere = f"{where} option {option.value!r}"
            if scoring in (OPTIONS, FINANCIAL_STRENGTH) and option.points is None:
                fail(owhere, "has no points")
            if scoring not in (OPTIONS, FINANCIAL_STRENGTH) and option.points is not None:
                reason = (
                    "the question feeds no factor"
                    if scoring is None
                    else f"factor {q.factor} counts choices"
                )
                fail(owhere, f"has points that are never used ({reason})")
            if option.exclusive and q.type != MULTIPLE:
                fail(owhere, "exclusive applies only to multiple-choice questions")
        if q.type == NUMBER and q.min is not None and q.max is not None and q.min > q.max:
            fail(where, f"min {q.min} is greater than max {q.max}")


def _check_factor(definition: Definition, factor: Factor, fail: Fail) -> None:
    where = f"factor {factor.id}"
    feeding = definition.questions_feeding(factor.id)
    if factor.scoring == COUNT:
        if len(feeding) != 1 or feeding[0].type != MULTIPLE:
            fail(where, "a count factor needs exactly one multiple-choice question feeding it")
        best = max(factor.count_points)
    elif factor.scoring == EXPOSURE_RATIO:
        bounds = [b for b, _ in factor.ratio_points]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            fail(where, "ratio_points must be in increasing order of max")
        best = max([p for _, p in factor.ratio_points] + [factor.otherwise_points])
    else:
        if not feeding and factor.scoring == OPTIONS:
            fail(where, "no question feeds it")
        best = sum(_best_points(q) for q in feeding)
        if factor.scoring == FINANCIAL_STRENGTH:
            grey_least = _check_z2_points(definition, factor, fail)
            if best > grey_least:
                fail(
                    where,
                    f"without statements its answers give up to {best} points, more than a"
                    f" grey-zone Z'' ({grey_least}): self-reported figures would beat real"
                    " statements",
                )
            best = max(best, max(s.points for s in factor.z2_points))
    if best != factor.max:
        fail(where, f"max is {factor.max} but its best answers give {best} points")


def _best_points(question: Question) -> int:
    points = [o.points or 0 for o in question.options]
    if question.type == SINGLE:
        return max(points)
    together = sum(max(o.points or 0, 0) for o in question.options if not o.exclusive)
    return max([together] + [o.points or 0 for o in question.options if o.exclusive])


def _check_z2_points(definition: Definition, factor: Factor, fail: Fail) -> int:
    """Check the Z'' steps; return the fewest points a grey-zone Z'' gets."""
    where = f"factor {factor.id}"
    steps = factor.z2_points
    bounds = [s.bound for s in steps]
    if None in bounds[:-1] or bounds[-1] is not None:
        fail(where, "z2_points: only the last step may (and must) have no min or above")
    if len(set(bounds[:-1])) != len(bounds) - 1 or bounds[:-1] != sorted(
        bounds[:-1], reverse=True
    ):
        fail(where, "z2_points must be in decreasing order of min (or above)")
    points = [s.points for s in steps]
    if points != sorted(points, reverse=True):
        fail(where, "z2_points: a higher Z'' may not get fewer points")
    # Points follow the zones: safe is Z'' > 2.60, grey 1.10 <= Z'' <= 2.60, distress below.
    # Each zone edge must be a step edge with the same side, so no step spans two zones.
    edges = {(s.bound, s.inclusive) for s in steps[:-1]}
    for edge, inclusive, text in ((SAFE_ABOVE, False, "above"), (DISTRESS_BELOW, True, "min")):
        if (edge, inclusive) not in edges:
            fail(
                where,
                f"z2_points need a step '{text}: {edge}' so that the points follow the"
                f" zones (safe above {SAFE_ABOVE}, grey {DISTRESS_BELOW}–{SAFE_ABOVE})",
            )
    for qid in Z2_FIGURES:
        if not definition.has_question(qid) or definition.question(qid).type != NUMBER:
            fail(where, f"needs a number question {qid!r} for Altman Z''")
        if definition.question(qid).show_if != factor.statements:
            fail(
                f"question {qid}",
                f"must be shown exactly when factor {factor.id}'s statements condition holds",
            )
    return next(s.points for s in steps if s.holds(DISTRESS_BELOW))


def _check_limit(definition: Definition, fail: Fail) -> None:
    for qid in (MONTHLY_SALES, TERMS_DAYS, NET_WORTH):
        if not definition.has_question(qid) or definition.question(qid).type != NUMBER:
            fail("limit", f"needs a number question {qid!r}")
        if definition.question(qid).show_if is not None:
            fail(f"question {qid}", "the credit limit needs it: it cannot have show_if")
    if not definition.question(TERMS_DAYS).integer:
        fail(f"question {TERMS_DAYS}", "must be integer: true")
    if (
        definition.question(MONTHLY_SALES).allow_zero
        or definition.question(MONTHLY_SALES).allow_negative
    ):
        fail(f"question {MONTHLY_SALES}", "must be greater than zero (allow_zero: false)")
    limit = definition.limit
    for code, band in limit.bands.items():
        for name, value in (("cap", band.cap_rate), ("f", band.f)):
            if not 0 <= value <= 1:
                fail(f"limit band {code}", f"{name} must be between 0 and 1, not {value}")
        if band.unknown_ceiling < 0:
            fail(f"limit band {code}", "unknown_ceiling must not be negative")
        if band.secured_only and band.cap_rate != 0:
            fail(
                f"limit band {code}",
                "secured_only means no unsecured credit: its cap must be 0",
            )
    if limit.round_down_to <= 0 or not 0 < limit.unknown_net_worth_factor <= 1:
        fail("limit", "round_down_to must be > 0 and unknown_net_worth_factor in (0, 1]")
    qid = limit.concentration_question
    if not definition.has_question(qid) or definition.question(qid).type != SINGLE:
        fail("limit concentration", f"question {qid!r} must be a single-choice question")
    for value in limit.concentration_options:
        if definition.question(qid).option(value) is None:
            fail("limit concentration", f"{value!r} is not an option of question {qid!r}")

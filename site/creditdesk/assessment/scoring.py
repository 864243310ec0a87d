"""score(): answers in, a Result out. Pure and deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .altman import altman_z2, z2_display, z2_zone
from .answers import answers_to_json, parse_answers
from .definition import Z2_FIGURES, Band, Definition, Override
from .factors import factor_points
from .limit import credit_limit, credit_need, net_worth_of
from .result import FactorResult, OverrideFired, Result


def score(definition: Definition, answers: Mapping) -> Result:
    """Score one buyer; ValueError if a visible required answer is missing or invalid."""
    answers, errors = parse_answers(definition, answers_to_json(answers))
    if errors:
        details = ", ".join(f"{qid}: {e.code}" for qid, e in errors.items())
        raise ValueError(f"answers incomplete or invalid: {details}")
    z2 = _z2(answers)
    need = credit_need(definition, answers)
    net_worth, _ = net_worth_of(definition, answers)
    factors = tuple(
        _factor_result(definition, f, answers, z2, need, net_worth) for f in definition.factors
    )
    total = sum(f.points for f in factors)
    raw_band = definition.band_for_score(total)
    fired = tuple(
        OverrideFired(o.id, o.reason, o.cap)
        for o in definition.overrides
        if _fires(definition, o, answers, z2)
    )
    band = max(
        [raw_band] + [definition.band(o.cap_band) for o in fired],
        key=lambda b: definition.band_rank(b.code),
    )
    return Result(
        score=total,
        band=band,
        raw_band=raw_band,
        factors=factors,
        top_gaps=tuple(sorted((f for f in factors if f.gap > 0), key=lambda f: -f.gap)[:3]),
        overrides=fired,
        terms=definition.terms[band.code],
        limit=credit_limit(definition, answers, band.code),
        next_band=_next_band(definition, raw_band, total),
        z2=None if z2 is None else z2_display(z2),
        z2_zone=None if z2 is None else z2_zone(z2),
        definition_id=definition.id,
        definition_version=definition.version,
        disclaimer=definition.disclaimer,
    )


def _z2(answers: Mapping) -> Decimal | None:
    if any(answers.get(qid) is None for qid in Z2_FIGURES):
        return None  # statements not given: the figures were hidden and dropped
    return altman_z2(*(answers[qid] for qid in Z2_FIGURES))


def _factor_result(definition, factor, answers, z2, need, net_worth) -> FactorResult:
    points, text = factor_points(definition, factor, answers, z2, need, net_worth)
    return FactorResult(
        id=factor.id,
        label=factor.label,
        answer_text=text,
        points=points,
        max=factor.max,
        gap=factor.max - points,
        why=factor.why,
        source=factor.source,
        tip=factor.tip,
    )


def _fires(
    definition: Definition, override: Override, answers: Mapping, z2: Decimal | None
) -> bool:
    if override.knockout:
        return any(
            option.knockout
            for question in definition.questions
            for option in question.options
            if option.value == answers.get(question.id)
            or (
                isinstance(answers.get(question.id), tuple) and option.value in answers[question.id]
            )
        )
    if override.z2_below is not None:
        return z2 is not None and z2 < override.z2_below
    return override.matches(answers)


def _next_band(definition: Definition, raw_band: Band, total: int) -> tuple[int, str] | None:
    """Return (points needed, band code) to reach the next better band, ignoring overrides."""
    rank = definition.band_rank(raw_band.code)
    if rank == 0:
        return None
    better = definition.bands[rank - 1]
    return better.min - total, better.code

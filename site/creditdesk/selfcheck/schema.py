"""The definition as plain data (for `flask selfcheck questions --json`) and as text."""

from decimal import Decimal

from ..assessment import Condition, Definition, Question


def definition_as_dict(definition: Definition) -> dict:
    """Return ids, types, labels, options with values and points, and conditions."""
    return {
        "id": definition.id,
        "version": definition.version,
        "title": definition.title.to_dict(),
        "sections": [
            {"id": s.id, "title": s.title.to_dict(), "questions": list(s.question_ids)}
            for s in definition.sections
        ],
        "questions": [_question(definition, q) for q in definition.questions],
        "factors": [
            {"id": f.id, "label": f.label.to_dict(), "max": f.max, "scoring": f.scoring}
            for f in definition.factors
        ],
        "bands": [b.to_dict() for b in definition.bands],
        "overrides": [
            {"id": o.id, "cap": o.cap, "reason": o.reason.to_dict()} for o in definition.overrides
        ],
    }


def _question(definition: Definition, q: Question) -> dict:
    data = {
        "id": q.id,
        "type": q.type,
        "section": definition.section_of(q.id).id,
        "factor": q.factor,
        "label": q.label.to_dict(),
        "help": q.help.to_dict() if q.help else None,
        "required": q.required,
        "show_if": _condition(q.show_if),
    }
    if q.options:
        data["options"] = [
            {
                "value": o.value,
                "label": o.label.to_dict(),
                "points": o.points,
                "knockout": o.knockout,
                "exclusive": o.exclusive,
            }
            for o in q.options
        ]
    else:
        data["number"] = {
            "unit": q.unit.to_dict() if q.unit else None,
            "min": _num(q.min),
            "max": _num(q.max),
            "allow_zero": q.allow_zero,
            "allow_negative": q.allow_negative,
            "integer": q.integer,
            "unknown_allowed": q.unknown_allowed,
        }
    return data


def _condition(condition: Condition | None) -> dict | None:
    if condition is None:
        return None
    return {
        "question": condition.question,
        "in": list(condition.values),
        "and": _condition(condition.parent),
    }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def definition_as_text(definition: Definition) -> str:
    """Return the questionnaire as readable text, step by step."""
    lines = [f"{definition.id} version {definition.version}: {definition.title.en}"]
    for number, section in enumerate(definition.sections, 1):
        lines += ["", f"Step {number}: {section.title.en} ({section.id})"]
        for qid in section.question_ids:
            q = definition.question(qid)
            extra = f" [factor {q.factor}]" if q.factor else ""
            if q.show_if:
                extra += f" [if {q.show_if.question} in {', '.join(q.show_if.values)}]"
            lines.append(f"  {q.id} ({q.type}){extra}: {q.label.en}")
            for o in q.options:
                points = "-" if o.points is None else o.points
                flags = " knock-out" if o.knockout else " exclusive" if o.exclusive else ""
                lines.append(f"    {o.value:<22} {points:>3}{flags}  {o.label.en}")
            if not q.options:
                rules = [k for k in ("allow_negative", "integer", "unknown_allowed")
                         if getattr(q, k)]
                if q.optional:
                    rules.append("optional")
                lines.append(f"    number{': ' + ', '.join(rules) if rules else ''}")
    return "\n".join(lines)

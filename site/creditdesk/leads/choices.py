"""What a prospect can ask about: stored value and label (the admin reuses both)."""

from flask_babel import lazy_gettext as _l

NEEDS = (
    ("credit_insurance", _l("Trade credit insurance")),
    ("credit_assessment", _l("Customer credit assessment and credit reports")),
    ("receivables", _l("Receivables management and collections")),
    ("credit_terms", _l("Credit limits and payment terms advice")),
    ("other", _l("Other")),
)
NEED_VALUES = tuple(value for value, _label in NEEDS)


def need_label(value: str) -> str:
    """Return the visitor-facing label of a stored need (the value itself if unknown)."""
    return str(dict(NEEDS).get(value, value))

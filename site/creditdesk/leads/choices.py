"""What a prospect can ask about, and from which fixed pages: stored values and labels (the
admin and the notifications use these, never copies)."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

NEEDS = (
    ("credit_insurance", _l("Trade credit insurance")),
    ("credit_assessment", _l("Customer credit assessment and credit reports")),
    ("receivables", _l("Receivables management and collections")),
    ("credit_terms", _l("Credit limits and payment terms advice")),
    ("other", _l("Other")),
)
NEED_VALUES = tuple(value for value, _label in NEEDS)


NEED_LABELS = dict(NEEDS)
# The pages with a consultation form besides articles (Lead.source_page holds one of these
# or an article's slug).
FIXED_SOURCES = ("consult", "home", "self-check", "aging")


def need_label(value: str | None, *, sales_team: bool = False) -> str:
    """Return the label of a stored need (the value itself if unknown) in the reader's
    language, or with `sales_team` in the site's default language (notifications)."""
    label = NEED_LABELS.get(value)
    if label is None:
        return value or ""
    if not sales_team:
        return str(label)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(label)

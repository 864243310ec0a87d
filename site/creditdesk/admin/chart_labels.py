"""Chart labels that fit: shortened by display width (a CJK character is two columns)."""

import unicodedata

from .blueprint import bp

# The label column of the dashboard's bar charts holds about 24 columns at 11 px.
LABEL_COLUMNS = 24


def columns(text: str) -> int:
    """Display width of text: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


@bp.app_template_filter("fit_label")
def fit_label(value, width: int = LABEL_COLUMNS) -> str:
    """Return value whole if it fits in `width` columns, else shortened with … (fits too)."""
    text = " ".join(str(value or "").split())
    if columns(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = columns(char)
        if used + w > width - 1:  # keep one column for the ellipsis
            break
        out.append(char)
        used += w
    return "".join(out).rstrip() + "…"

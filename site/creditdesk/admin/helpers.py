"""Template helpers of the admin pages (labels, local times, bilingual result texts)."""

from flask_babel import get_locale

from .columns import local_time
from .labels import (
    action_label,
    band_label,
    delivery_label,
    need_label,
    source_label,
    status_label,
)
from .views import bp


@bp.app_template_filter("tr")
def translate_text(value) -> str:
    """Pick the reader's language from a stored {"zh": ..., "en": ...} text."""
    if isinstance(value, dict):
        key = "zh" if str(get_locale()).startswith("zh") else "en"
        return value.get(key) or value.get("zh") or value.get("en") or ""
    return "" if value is None else str(value)


@bp.context_processor
def admin_helpers() -> dict:
    return {"local_time": local_time, "need_label": need_label, "status_label": status_label,
            "band_label": band_label, "action_label": action_label, "source_label": source_label,
            "delivery_label": delivery_label}

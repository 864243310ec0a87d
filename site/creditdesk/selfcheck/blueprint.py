"""The selfcheck blueprint object; the view modules attach their routes to it."""

from pathlib import Path

from flask import Blueprint, Flask

from ..aging import RatesError, load_rates
from .loading import load_definitions

bp = Blueprint("selfcheck", __name__, template_folder="templates")
# Definitions are read once when the app registers the blueprint, not per request.
bp.record_once(lambda state: load_definitions(state.app))


def _load_aging_rates(app: Flask) -> None:
    """Read the provision matrix's rates once; a broken file stops the start with one line."""
    try:
        app.extensions["creditdesk.aging_rates"] = load_rates(Path(app.config["AGING_RATES_FILE"]))
    except RatesError as err:
        raise SystemExit(f"creditdesk: aging rates error: {err}") from None


bp.record_once(lambda state: _load_aging_rates(state.app))

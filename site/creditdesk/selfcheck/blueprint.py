"""The selfcheck blueprint; the view modules `__init__` imports attach its routes."""

from pathlib import Path

from flask import Blueprint, Flask

from ..aging import RatesError, load_rates

bp = Blueprint("selfcheck", __name__, template_folder="templates")


def _load_aging_rates(app: Flask) -> None:
    """Read the provision matrix's rates once; a broken file stops the start with one line."""
    try:
        app.extensions["creditdesk.aging_rates"] = load_rates(Path(app.config["AGING_RATES_FILE"]))
    except RatesError as err:
        raise SystemExit(f"creditdesk: aging rates error: {err}") from None


bp.record_once(lambda state: _load_aging_rates(state.app))

"""The selfcheck blueprint object; the view modules attach their routes to it."""

from flask import Blueprint

from .loading import load_definitions

bp = Blueprint("selfcheck", __name__, template_folder="templates")
# Definitions are read once when the app registers the blueprint, not per request.
bp.record_once(lambda state: load_definitions(state.app))

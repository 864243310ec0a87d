"""Self-check pages: questionnaire in steps, stored result, calculators."""

from flask import Blueprint

bp = Blueprint("selfcheck", __name__, template_folder="templates")

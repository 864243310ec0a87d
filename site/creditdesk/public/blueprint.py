"""The public blueprint; the view modules `__init__` imports attach its routes."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

"""The leads blueprint; the view modules `__init__` imports attach its routes."""

from flask import Blueprint

bp = Blueprint("leads", __name__, template_folder="templates")

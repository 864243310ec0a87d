"""The sales workspace blueprint; the screen modules `__init__` imports attach its routes."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

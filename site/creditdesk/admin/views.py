"""The sales workspace blueprint; its routes live in the modules `__init__` imports."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

"""The consultation request form."""

from flask import Blueprint

bp = Blueprint("leads", __name__, template_folder="templates")

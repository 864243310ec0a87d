"""WSGI entry point: `gunicorn wsgi:app`."""

from pathlib import Path

from creditdesk import create_app

app = create_app(instance_path=str(Path(__file__).resolve().parent / "instance"))

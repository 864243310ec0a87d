"""WSGI entry point: `gunicorn wsgi:app`."""

import os
from pathlib import Path

from creditdesk import create_app

app = create_app(
    instance_path=os.environ.get("CREDITDESK_INSTANCE_PATH")
    or str(Path(__file__).resolve().parent / "instance")
)

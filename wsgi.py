"""WSGI entry point: `gunicorn wsgi:app`.

CREDITDESK_INSTANCE_PATH names this host's instance folder (default: instance/ here).
With CREDITDESK_ENV=production the app runs `flask deploy check` first and refuses to
start on a fatal problem, printing every line.
"""

import os
from pathlib import Path

from creditdesk import create_app

app = create_app(
    instance_path=os.environ.get("CREDITDESK_INSTANCE_PATH")
    or str(Path(__file__).resolve().parent / "instance")
)

if os.environ.get("CREDITDESK_ENV") == "production":
    from creditdesk.deploy import refuse_fatal

    refuse_fatal(app)

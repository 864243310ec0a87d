"""The sales workspace (/admin): staff login, lead inbox and page, audit, export, dashboard.

Importing the route modules registers their views on `bp`; `access` closes the whole
blueprint behind one login guard.
"""

from . import (
    access,
    audit_views,
    auth,
    chart_labels,
    content_views,
    dashboard,
    export_views,
    helpers,
    inbox_views,
    lead_views,
    setup,
)
from .views import bp

__all__ = ["bp"]
_ROUTES = (access, audit_views, auth, chart_labels, content_views, dashboard, export_views, helpers,
           inbox_views, lead_views, setup)

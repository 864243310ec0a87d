"""Where a request came from: the visit's landing data, the page, locale, agent, IP hash."""

from urllib.parse import urlsplit

from flask import request, session

from ..i18n import stored_locale
from ..shared import clean_loose, ip_hash

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
VISIT = "cd_visit"  # session key: what the visitor's landing page told us
SKIP_ENDPOINTS = {"static", "public.healthz", "public.feed", "public.sitemap"}


def capture_visit() -> None:
    """Record the landing page's referrer and utm_* once per visit.

    A later page that carries utm_* again (a new campaign click) starts a new visit;
    otherwise the first values are kept for the rest of the browser session.
    """
    if request.method not in ("GET", "HEAD") or request.endpoint in SKIP_ENDPOINTS:
        return
    utm = {k: clean_loose(request.args.get(k), 100) for k in UTM_FIELDS}
    utm = {k: v for k, v in utm.items() if v}
    if VISIT in session and not utm:
        return
    session[VISIT] = {
        "referrer": _external_referrer(),
        "landing": clean_loose(request.path, 200),
        **utm,
    }


def _external_referrer() -> str | None:
    referrer = request.referrer
    if not referrer or urlsplit(referrer).netloc == request.host:
        return None
    return clean_loose(referrer, 500)


def lead_attribution() -> dict:
    """Return the Lead columns describing where this request came from."""
    visit = session.get(VISIT) or {}
    return {
        "referrer": clean_loose(visit.get("referrer"), 500),
        **{k: clean_loose(visit.get(k), 100) for k in UTM_FIELDS},
        "locale": stored_locale(),
        "user_agent": clean_loose(request.user_agent.string, 500),
        "ip_hash": ip_hash("ip"),
    }

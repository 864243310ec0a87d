"""Rate limits on new requests, per IP and per phone, in Flask-Limiter's storage."""

import logging
import time

from flask import current_app
from limits import parse_many

from ..extensions import limiter

log = logging.getLogger(__name__)


def over_limit(ip_hash: str, phone_hash: str) -> int | None:
    """Count one request; return seconds to wait if a limit is already reached, else None.

    Checked by hand (not a view decorator) because the phone is known only after
    validation, and a replayed form must not count.
    """
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return None
    prefix = config.get("RATELIMIT_KEY_PREFIX", "")
    checks = [(item, "leads-ip", ip_hash) for item in parse_many(config["LEADS_RATELIMIT_IP"])]
    checks += [
        (item, "leads-phone", phone_hash) for item in parse_many(config["LEADS_RATELIMIT_PHONE"])
    ]
    try:
        strategy = limiter.limiter
        for item, kind, ident in checks:
            if not strategy.test(item, prefix, kind, ident):
                reset = strategy.get_window_stats(item, prefix, kind, ident).reset_time
                return max(1, int(reset - time.time()))
        for item, kind, ident in checks:
            strategy.hit(item, prefix, kind, ident)
    except Exception:  # storage down: take the lead rather than lose it
        log.exception("rate-limit storage failed; request let through")
    return None

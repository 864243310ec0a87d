"""Completing a self-check is rate-limited per IP, in Flask-Limiter's storage (Redis)."""

import logging
import time

from flask import current_app
from limits import parse_many

from ..extensions import limiter
from ..shared import ip_hash

log = logging.getLogger(__name__)


def completion_limited() -> int | None:
    """Count one completed self-check; return seconds to wait when over the limit, else None.

    Only completions count (each stores a result); moving between steps does not.
    """
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return None
    prefix = config.get("RATELIMIT_KEY_PREFIX", "")
    ident = ip_hash("selfcheck")
    items = parse_many(config["SELFCHECK_RATELIMIT_IP"])
    try:
        strategy = limiter.limiter
        for item in items:
            if not strategy.test(item, prefix, "selfcheck-ip", ident):
                reset = strategy.get_window_stats(item, prefix, "selfcheck-ip", ident).reset_time
                return max(1, int(reset - time.time()))
        for item in items:
            strategy.hit(item, prefix, "selfcheck-ip", ident)
    except Exception:  # storage down: give the visitor their result
        log.exception("rate-limit storage failed; self-check let through")
    return None

"""Spam signals: a honeypot field and a minimum fill time from a signed form token.

The form token is `<idempotency key>.<timestamp>.<signature>` (itsdangerous): one value
gives each rendered form its one-time key and proves when the form was served.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner

SALT = "creditdesk.leads.form-token"


@dataclass(frozen=True)
class TokenCheck:
    key: str  # the idempotency key stored with the lead
    spam_reason: str | None


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=SALT)


class _BackdatedSigner(TimestampSigner):
    def __init__(self, *args, timestamp: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._timestamp = timestamp

    def get_timestamp(self) -> int:
        return self._timestamp


def new_form_token(issued_from: str | None = None) -> str:
    """Return a signed token with a fresh key, dated now or as the given token was.

    Keeping the date of the form the visitor has been filling in means that pressing
    Send again quickly on a re-shown form does not look "too fast".
    """
    key = secrets.token_urlsafe(24)
    try:
        _value, issued = _signer().unsign(issued_from or "", return_timestamp=True)
    except BadSignature:
        return _signer().sign(key).decode("ascii")
    signer = _BackdatedSigner(
        current_app.config["SECRET_KEY"], salt=SALT, timestamp=int(issued.timestamp())
    )
    return signer.sign(key).decode("ascii")


def token_is_sound(token: str | None) -> bool:
    try:
        _signer().unsign(token or "")
    except BadSignature:
        return False
    return True


def check_token(token: str | None, honeypot: str | None) -> TokenCheck:
    """Return the form's idempotency key and why it looks like spam (None if it does not)."""
    try:
        key, issued = _signer().unsign(token or "", return_timestamp=True)
    except BadSignature:
        # No trustworthy key: derive one from the token so a replay still matches,
        # or a random one when there is nothing to derive it from.
        seed = token.encode("utf-8", "replace") if token else secrets.token_bytes(16)
        return TokenCheck("x" + hashlib.sha256(seed).hexdigest()[:47], "bad_token")
    key = key.decode("ascii")
    if honeypot:
        return TokenCheck(key, "honeypot")
    age = time.time() - issued.timestamp()
    if age < float(current_app.config["LEADS_MIN_FILL_SECONDS"]):
        return TokenCheck(key, "too_fast")
    return TokenCheck(key, None)

"""Small helpers several parts share; this module imports no other part of the app.

Text cleaning (NFC, trimmed, no hidden or broken characters; the form maps each error
code to a message), phone masking and digits, keyed hashing and e-mail normalisation.
"""

import hashlib
import hmac
import re
import unicodedata

import phonenumbers
from flask import current_app, request

# Explicit embeddings, overrides and isolates can make text display in another order
# than it is stored ("Trojan Source"); a Chinese or English request never needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a textarea may legitimately contain besides printable text.
MULTILINE_ALLOWED = frozenset("\n\t")
# Werkzeug keeps bytes of a form body that are not UTF-8 (e.g. an encoded lone surrogate,
# %ED%A0%80) as literal "%XX" text instead of failing.
PERCENT_RUN = re.compile(r"(?:%[0-9A-F]{2})+")


class TextError(ValueError):
    """A value was refused; `code` names why (control, broken, bidi, too_long, too_short)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def check_characters(value: str, *, multiline: bool = False) -> None:
    """Refuse control characters, NUL, broken encoding and text-direction overrides."""
    allowed = MULTILINE_ALLOWED if multiline else frozenset()
    if _has_undecodable_bytes(value):
        raise TextError("broken")
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cs" or ch == "\ufffd" or _is_noncharacter(ch):
            # Lone surrogates, or bytes that were not UTF-8 and got replaced.
            raise TextError("broken")
        if ch in BIDI_CONTROLS:
            raise TextError("bidi")
        if category == "Cc" and ch not in allowed:
            raise TextError("control")


def clean_text(
    value: str | None, *, max_length: int, min_length: int = 0, multiline: bool = False
) -> str:
    """Return the value in NFC with surrounding whitespace removed, or raise TextError.

    Lengths are counted in code points after normalising, as PostgreSQL counts them.
    """
    value = value or ""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    check_characters(value, multiline=multiline)
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > max_length:
        raise TextError("too_long", max=max_length, length=len(value))
    if value and len(value) < min_length:
        raise TextError("too_short", min=min_length, length=len(value))
    return value


def clean_loose(value: str | None, max_length: int) -> str | None:
    """Return a value we record but the visitor did not type (UTM, referrer, user agent).

    Never refuses: drops what `check_characters` would refuse and cuts to length.
    """
    if not value:
        return None
    kept = []
    for ch in unicodedata.normalize("NFC", value):
        try:
            check_characters(ch)
        except TextError:
            continue
        kept.append(ch)
    return "".join(kept).strip()[:max_length] or None


def _has_undecodable_bytes(value: str) -> bool:
    """Tell whether the value holds percent-escapes of bytes that are not UTF-8.

    Escapes of valid UTF-8 would have been decoded, so only broken input looks like this
    (or someone typing such escapes by hand, which a consultation request never needs).
    """
    if "%" not in value:
        return False
    for run in PERCENT_RUN.findall(value):
        raw = bytes(int(run[i + 1:i + 3], 16) for i in range(0, len(run), 3))
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def _is_noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_note(text: str) -> str:
    """Normalise free staff text (NFC, trimmed); control characters but newlines/tabs dropped."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


# Phones -------------------------------------------------------------------------------

MASK = "****"


def mask_phone(e164: str | None) -> str:
    """Hide four middle digits of the national number: 138****8000, +44 791****456.

    Numbers of six digits or fewer keep only their last two; a value without digits is
    shown as the mask alone, an empty one as nothing.
    """
    if not e164:
        return ""
    if e164.startswith("+86") and e164[3:].isdigit():  # most leads: skip the parser
        return _mask_digits(e164[3:])
    try:
        number = phonenumbers.parse(e164, None)
        national = phonenumbers.national_significant_number(number)
        country = number.country_code
    except phonenumbers.NumberParseException:
        national, country = "".join(c for c in e164 if c.isdigit()), None
    if not national:
        return MASK
    masked = _mask_digits(national)
    return masked if country in (None, 86) else f"+{country} {masked}"


def _mask_digits(digits: str) -> str:
    if len(digits) <= 6:
        return "*" * max(len(digits) - 2, 0) + digits[-2:]
    keep = (len(digits) - 4) // 2
    return digits[:keep] + MASK + digits[keep + 4:]


def phone_digits(text: str) -> str:
    """Return the ASCII digits of a search string, full-width digits included."""
    return "".join(str(int(c)) for c in text if c.isdecimal() and c.isascii()
                   or "０" <= c <= "９")


# Keyed hashes and e-mail ------------------------------------------------------------------


def keyed_hash(purpose: str, value: str) -> str:
    """Return an HMAC-SHA256 of value keyed by the app secret (a salted, unreversible id)."""
    key = hashlib.sha256(f"{current_app.config['SECRET_KEY']}|{purpose}".encode()).digest()
    return hmac.new(key, value.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def ip_hash(purpose: str) -> str:
    """Return the client IP's keyed hash for one purpose: enough to count, not to trace."""
    # Behind a proxy, the deployment wraps the app in ProxyFix so this is the visitor's.
    return keyed_hash(purpose, request.remote_addr or "")


def normalise_email(email: str) -> str:
    """Return an e-mail address as accounts store and look it up: trimmed, lower case."""
    return email.strip().lower()

"""Staff password hashing (argon2id) and the password policy."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import gettext as _

MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
# argon2-cffi's defaults are the RFC 9106 low-memory profile of argon2id (the config's too).
PRODUCTION = PasswordHasher()


def hasher() -> PasswordHasher:
    """Return the hasher at the configured cost (production cost outside an app)."""
    if not has_app_context():
        return PRODUCTION
    config = current_app.config
    return _hasher(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"],
                   config["PASSWORD_HASH_PARALLELISM"])


@cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Return whether `password` matches; a malformed hash is a mismatch, not an error."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify() -> None:
    """Spend a verify's time for an unknown e-mail, so timing does not reveal accounts."""
    verify_password(_dummy_hash(hasher()), "not the password")


@cache
def _dummy_hash(at_cost: PasswordHasher) -> str:
    return at_cost.hash("dummy password for timing")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def policy_errors(password: str, email: str = "") -> list[str]:
    """Return why `password` is refused (empty when it is acceptable)."""
    errors = []
    if len(password) < MIN_LENGTH:
        errors.append(_("Use at least %(n)d characters.", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        errors.append(_("This password is too common. Choose one that is hard to guess."))
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        errors.append(_("The password must not contain your e-mail name."))
    return errors


def needs_rehash(stored_hash: str) -> bool:
    """Return whether the hash was made with weaker parameters than today's."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return False

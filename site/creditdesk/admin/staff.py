"""Creating and disabling staff accounts (shared by the CLI and the setup page)."""

import re

from flask_babel import gettext as _

from ..extensions import db
from ..models import StaffUser
from ..models.staff import ROLES
from .audit import record
from .passwords import hash_password, policy_errors

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StaffError(ValueError):
    """Why an account cannot be created, as messages for the person typing."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def staff_exists() -> bool:
    return db.session.scalar(db.select(StaffUser.id).limit(1)) is not None


def create_staff(email: str, password: str, role: str, actor: StaffUser | None = None):
    """Add a staff account to the session; StaffError if the e-mail or password is refused."""
    email = email.strip().lower()
    errors = []
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(_("Enter a valid e-mail address."))
    if role not in ROLES:
        errors.append(_("The role must be admin or sales."))
    errors += policy_errors(password, email)
    if not errors and find_staff(email) is not None:
        errors.append(_("An account with this e-mail already exists."))
    if errors:
        raise StaffError(errors)
    user = StaffUser(email=email, password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.flush()
    record("staff_create", actor=actor, detail={"staff": email, "role": role})
    return user


def find_staff(email: str) -> StaffUser | None:
    query = db.select(StaffUser).filter_by(email=email.strip().lower())
    return db.session.execute(query).scalar_one_or_none()


def disable_staff(user: StaffUser) -> None:
    """Disable the account and end its sessions (the session version is in its cookie)."""
    user.active = False
    user.session_version += 1
    record("staff_disable", detail={"staff": user.email})

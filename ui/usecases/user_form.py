"""The user form's reads (Settings → Users & roles): the streams a budget holder may hold, the
user as stored now, the login-name rule, and the checks that need the ledger.  The writes are
:mod:`ui.usecases.users`; the checks that need no ledger :mod:`ui.controllers.user`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from db.ledger import Ledger
from db.queries.forms import Choice, form_choices
from db.roles import RoleError, check_login_name
from db.schema import User
from ui.controllers.fields import LedgerCheck
from ui.controllers.user import UserForm

from .users import UserRow, get_user

__all__ = ["UserFormData", "UserRow", "check_user", "user_form", "valid_login_name"]


@dataclass(frozen=True, slots=True)
class UserFormData:
    """The streams offered and, for a change, the user as stored now (None: gone)."""

    streams: tuple[Choice, ...]
    row: UserRow | None


def user_form(ledger: Ledger, username: str | None) -> UserFormData:
    with ledger.read() as s:
        streams = form_choices(s).streams
    return UserFormData(streams, get_user(ledger, username) if username else None)


def valid_login_name(name: str) -> bool:
    """Whether ``name`` can be a login name (:func:`db.roles.check_login_name`)."""
    try:
        check_login_name(name)
    except RoleError:
        return False
    return True


def check_user(ledger: Ledger, v: UserForm, new: bool, acting: str) -> LedgerCheck:
    """A new user's name must be free; a role change is refused for yourself and for the last
    active administrator."""
    with ledger.read() as s:
        user = s.execute(select(User).where(User.username == v.username)).scalar_one_or_none()
        if new:
            if user is None:
                return LedgerCheck()
            state = "" if user.active else " (deactivated)"
            return LedgerCheck(
                [f"{v.username} is already a user{state}: select them and use Change role…"],
                invalid=frozenset({"username"}),
            )
        if user is None:
            return LedgerCheck([f"{v.username} is no longer a user of this ledger"])
        if v.role == user.role:
            return LedgerCheck()
        if v.username == acting:
            return LedgerCheck(["You cannot change your own role: ask another administrator"])
        if user.role == "admin" and user.active:
            others = s.execute(
                select(func.count())
                .select_from(User)
                .where(User.role == "admin", User.active.is_(True), User.id != user.id)
            ).scalar_one()
            if not others:
                return LedgerCheck([
                    f"{v.username} is the last active administrator: make someone else an "
                    "administrator first"
                ])  # fmt: skip
    return LedgerCheck()

"""The user form's logic (Settings → Users & roles): the roles offered and what each may do,
when the streams list applies, the inline checks and the values written.

The login-name rule belongs to the database layer; the dialog passes it in (``valid_login``),
so this module stays free of it.  Checks that need the ledger (the name is free, the last
active administrator keeps the role, nobody changes their own) are
:func:`ui.usecases.user_form.check_user`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fields import Checked

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

#: the roles in the order offered, with their labels (db.ops.permissions.ROLE_LABELS, capitalised)
ROLE_CHOICES = (
    ("finance", "Finance officer"),
    ("commissioning", "Commissioning officer"),
    ("budget_holder", "Budget holder"),
    ("viewer", "Viewer"),
    ("admin", "Administrator"),
)
ROLE_HELP = {
    "finance": "Posts and imports money, manages budgets, closes periods.",
    "commissioning": "Changes contract lines, providers and organisations; posts no money.",
    "budget_holder": "Budgets, virements, forecasts and income on the streams ticked below only.",
    "viewer": "Sees everything, changes nothing (board secretariat, auditors).",
    "admin": "Manages users, reference data and period reopening; posts no money.",
}


@dataclass(frozen=True, slots=True)
class UserForm:
    """What the form will write (taken on the GUI thread, written on the pool)."""

    username: str
    display_name: str
    role: str
    streams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UserEntry:
    """What the user form holds."""

    username: str
    display_name: str
    role: str
    streams: tuple[str, ...]
    new: bool
    password: str = ""
    password_again: str = ""


def login_name_problem(name: str, valid_login: Callable[[str], bool]) -> str | None:
    """Why ``name`` cannot be a login name, or None."""
    if not name:
        return "Login name is required"
    if not valid_login(name):
        return (
            f"Login name “{name}”: use lower-case letters, digits, '_', '.' or '-', starting "
            "with a letter, at most 63 characters"
        )
    return None


def check_user(e: UserEntry, valid_login: Callable[[str], bool]) -> Checked[UserForm]:
    """Problems found without the ledger; the values (always, for the ledger check)."""
    problems: list[str] = []
    invalid: set[str] = set()
    name = e.username.strip()
    if e.new:
        problem = login_name_problem(name, valid_login)
        if problem:
            problems.append(problem)
            invalid.add("username")
    if e.role == "budget_holder" and not e.streams:
        problems.append("A budget holder holds at least one stream: tick theirs")
    if e.role != "budget_holder" and e.streams:
        problems.append("Only budget holders are scoped to streams: untick them")
    if e.password != e.password_again:
        invalid.add("password_again")
        problems.append("The two passwords differ")
    display = " ".join(e.display_name.split())
    return Checked(problems, UserForm(name, display or name, e.role, e.streams), frozenset(invalid))


@dataclass(frozen=True, slots=True)
class StreamsState:
    """Whether the streams list applies to the chosen role, its tooltip, and the streams to
    tick (None: leave the ticks as they are)."""

    enabled: bool
    tip: str
    tick: frozenset[str] | None


def streams_state(role: str, ticked: Iterable[str], held: Iterable[str]) -> StreamsState:
    """Only a budget holder holds streams: what is shown is what is saved.  Choosing budget
    holder again ticks the streams the user holds now; any other role unticks them all."""
    now, before = set(ticked), frozenset(held)
    if role == "budget_holder":
        tick = before if not now and before else None
        return StreamsState(True, "Tick each stream this budget holder holds", tick)
    return StreamsState(
        False, "Only budget holders are scoped to streams", frozenset() if now else None
    )


def role_change_note(username: str, old_role: str | None, new_role: str) -> list[str]:
    """The warning shown when a user's role changes (None: a new user)."""
    if old_role is None or old_role == new_role:
        return []
    return [f"{username}'s new role applies the next time they open the ledger."]

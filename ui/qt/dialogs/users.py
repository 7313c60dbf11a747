"""Settings → Users & roles: the add / change-role form (administrators).

The form checks what it can as it is filled in — the login name's rules (:mod:`db.roles`), a
budget holder holds at least one stream and only budget holders hold streams, the display name,
the two password boxes agree — then what needs a read (the name is free; the last active
administrator keeps the role; nobody changes their own role), showing each problem above Save.
Only a clean form is written, through :mod:`ui.usecases.users` (one audited transaction, on
PostgreSQL with the person's login and group role).

On a shared (PostgreSQL) ledger a new user may be given an initial password: it is sent to the
server only as a SCRAM verifier, is never stored by fundledger (nor put in the keyring: it is
someone else's password), and the boxes are cleared as soon as the form is saved or closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from .form import FormDialog, combo_select

if TYPE_CHECKING:
    from ui.usecases.users import UserRow

    from ..context import AppContext

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


def login_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a login name (:func:`db.roles.check_login_name`), or None."""
    from db.roles import RoleError, check_login_name

    if not name:
        return "Login name is required"
    try:
        check_login_name(name)
    except RoleError:
        return (
            f"Login name “{name}”: use lower-case letters, digits, '_', '.' or '-', starting "
            "with a letter, at most 63 characters"
        )
    return None


class UserDialog(FormDialog):
    """Add a user (``row`` None) or change one's role, streams and display name."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, row: UserRow | None = None
    ) -> None:
        super().__init__(ctx, f"Change {row.username}" if row else "Add user", parent)
        from db.queries.forms import form_choices

        assert ctx.ledger is not None
        with ctx.ledger.read() as s:
            choices = form_choices(s)
        self.row = row
        self.shared = ctx.ledger.is_shared
        self.username = QLineEdit(row.username if row else "")
        self.username.setPlaceholderText("e.g. jo.smith")
        self.username.setMaxLength(63)
        if row is None:
            self.add_row(
                "&Login name",
                self.username,
                "Lower-case letters, digits, '_', '.' or '-', starting with a letter"
                + (" — also their PostgreSQL login" if self.shared else ""),
            )
            self.username.textChanged.connect(self._live_check)
        else:
            self.username.setReadOnly(True)
            self.add_row("Login name", self.username, "A login name cannot be changed")
        self.display_name = QLineEdit(row.display_name if row else "")
        self.display_name.setPlaceholderText("e.g. Jo Smith (shown in the app)")
        self.display_name.setMaxLength(200)
        self.add_row("&Display name", self.display_name, "Blank: the login name")
        self.role = QComboBox()
        for code, label in ROLE_CHOICES:
            self.role.addItem(label, code)
        combo_select(self.role, row.role if row else "viewer")
        self.add_row("&Role", self.role)
        self.role_help = QLabel()
        self.role_help.setWordWrap(True)
        self.role_help.setObjectName("formHint")
        self.form.addRow("", self.role_help)
        self.streams = QListWidget()
        self.streams.setMaximumHeight(130)
        held = set(row.streams) if row else set()
        for c in choices.streams:
            item = QListWidgetItem(f"{c.code} — {c.name}")
            item.setData(Qt.ItemDataRole.UserRole, c.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.code in held else Qt.CheckState.Unchecked)
            self.streams.addItem(item)
        self.add_row("&Streams held", self.streams, "Tick each stream this budget holder holds")
        self.streams.itemChanged.connect(self._live_check)
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        if self.shared and row is None:
            for edit in (self.password, self.password_again):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                edit.textChanged.connect(self._live_check)
            self.password.setPlaceholderText("optional: blank = set it later on the server")
            self.add_row(
                "Initial &password",
                self.password,
                "Sent to the server only as a SCRAM verifier; fundledger never stores it",
            )
            self.add_row("Password a&gain", self.password_again)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.values: UserForm | None = None
        self._pending: tuple[UserForm, str | None] | None = None
        self._role_changed()

    # ------------------------------------------------------------------ fields
    def chosen_role(self) -> str:
        return str(self.role.currentData())

    def ticked(self) -> tuple[str, ...]:
        return tuple(
            str(self.streams.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.streams.count())
            if self.streams.item(i).checkState() == Qt.CheckState.Checked
        )

    def tick(self, codes: set[str]) -> None:
        for i in range(self.streams.count()):
            item = self.streams.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked)

    def _role_changed(self) -> None:
        """Only a budget holder holds streams: the list is for them alone (what is shown is saved)."""
        role = self.chosen_role()
        holder = role == "budget_holder"
        self.role_help.setText(ROLE_HELP.get(role, ""))
        if holder and not self.ticked() and self.row is not None:
            self.tick(set(self.row.streams))
        if not holder and self.ticked():
            self.tick(set())
        self.streams.setEnabled(holder)
        self.streams.setToolTip(
            "Tick each stream this budget holder holds"
            if holder
            else "Only budget holders are scoped to streams"
        )
        self._live_check()

    def _live_check(self, *_args: Any) -> None:
        """Once a problem is shown, keep the list current as the form is corrected."""
        if self.error.text():
            self.show_problems(self.problems())

    # ------------------------------------------------------------------ checks
    def problems(self) -> list[str]:
        out: list[str] = []
        name = self.username.text().strip()
        if self.row is None:
            problem = login_name_problem(name)
            self.mark(self.username, problem is not None)
            if problem:
                out.append(problem)
        role, streams = self.chosen_role(), self.ticked()
        if role == "budget_holder" and not streams:
            out.append("A budget holder holds at least one stream: tick theirs")
        if role != "budget_holder" and streams:
            out.append("Only budget holders are scoped to streams: untick them")
        if self.password.text() != self.password_again.text():
            self.mark(self.password_again, True)
            out.append("The two passwords differ")
        else:
            self.mark(self.password_again, False)
        display = " ".join(self.display_name.text().split())
        self.values = UserForm(name, display or name, role, streams)
        return out

    def db_problems(self, session: Any) -> list[str]:
        from sqlalchemy import func, select

        from db.schema import User

        v = self.values
        assert v is not None
        user = session.execute(select(User).where(User.username == v.username)).scalar_one_or_none()
        if self.row is None:
            if user is not None:
                self.mark(self.username, True)
                state = "" if user.active else " (deactivated)"
                return [f"{v.username} is already a user{state}: select them and use Change role…"]
            return []
        if user is None:
            return [f"{v.username} is no longer a user of this ledger"]
        if v.role == user.role:
            return []
        if v.username == self.ctx.actor.username:
            return ["You cannot change your own role: ask another administrator"]
        if user.role == "admin" and user.active:
            others = session.execute(
                select(func.count())
                .select_from(User)
                .where(User.role == "admin", User.active.is_(True), User.id != user.id)
            ).scalar_one()
            if not others:
                return [
                    f"{v.username} is the last active administrator: make someone else an "
                    "administrator first"
                ]
        return []

    def warnings(self, session: Any) -> list[str]:
        v = self.values
        if self.row is None or v is None or v.role == self.row.role:
            return []
        return [f"{v.username}'s new role applies the next time they open the ledger."]

    # ------------------------------------------------------------------ write
    def validate(self) -> list[str]:
        problems = super().validate()
        if not problems and self.values is not None:
            password = (self.password.text() or None) if self.shared and self.row is None else None
            self._pending = (self.values, password)
        return problems

    def save(self) -> None:
        self._pending = None
        super().save()
        if self.saving:  # handed to the pool with its own copy: clear the boxes now
            self._forget_password()

    def write(self, ledger: Any) -> Any:
        from ui.usecases.users import add, change

        assert self._pending is not None
        (v, password), self._pending = self._pending, None
        if self.row is None:
            return add(
                ledger,
                v.username,
                v.role,
                v.streams,
                display_name=v.display_name,
                password=password,
            )
        return change(
            ledger,
            v.username,
            v.role,
            v.streams,
            display_name=v.display_name,
            expected_version=self.row.version,
        )

    def _forget_password(self) -> None:
        for edit in (self.password, self.password_again):
            edit.clear()

    def done(self, result: int) -> None:
        self._forget_password()
        super().done(result)

    @classmethod
    def add(cls, ctx: AppContext, parent: QWidget | None) -> Any:
        """Show the Add user form; what was added, or None if cancelled."""
        return cls.run(ctx, parent)

    @classmethod
    def change(cls, ctx: AppContext, parent: QWidget | None, username: str) -> Any:
        """Show the change form for ``username`` as stored now; what changed, or None."""
        from ui.usecases.users import get_user

        assert ctx.ledger is not None
        row = get_user(ctx.ledger, username)
        if row is None:
            return None
        return cls.run(ctx, parent, row)

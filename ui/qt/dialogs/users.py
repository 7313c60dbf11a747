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

from ui.controllers import user as uc
from ui.controllers.user import ROLE_CHOICES, ROLE_HELP, UserForm
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import Check, FormDialog, combo_select

if TYPE_CHECKING:
    from ui.usecases.user_form import UserFormData, UserRow

    from ..context import AppContext

__all__ = ["ROLE_CHOICES", "ROLE_HELP", "UserDialog", "UserForm"]


class UserDialog(FormDialog):
    """Add a user (``username`` None) or change one's role, streams and display name.

    A change reads the user as stored now (off the GUI thread) before the form can be used.
    """

    changes = topics(T.USERS)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, username: str | None = None
    ) -> None:
        super().__init__(ctx, f"Change {username}" if username else "Add user", parent)
        assert ctx.ledger is not None
        self.new = username is None
        self.row: UserRow | None = None
        self.shared = ctx.ledger.is_shared
        self.username = QLineEdit(username or "")
        self.username.setPlaceholderText("e.g. jo.smith")
        self.username.setMaxLength(63)
        if self.new:
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
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Jo Smith (shown in the app)")
        self.display_name.setMaxLength(200)
        self.add_row("&Display name", self.display_name, "Blank: the login name")
        self.role = QComboBox()
        for code, label in ROLE_CHOICES:
            self.role.addItem(label, code)
        combo_select(self.role, "viewer")
        self.add_row("&Role", self.role)
        self.role_help = QLabel()
        self.role_help.setWordWrap(True)
        self.role_help.setObjectName("formHint")
        self.form.addRow("", self.role_help)
        self.streams = QListWidget()
        self.streams.setMaximumHeight(130)
        self.add_row("&Streams held", self.streams, "Tick each stream this budget holder holds")
        self._add_passwords()
        self.values: UserForm | None = None
        self._pending: tuple[UserForm, str | None] | None = None
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        from ui.usecases.user_form import user_form

        self.load_options(lambda ledger: user_form(ledger, username), self._loaded)

    def _add_passwords(self) -> None:
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        if not (self.shared and self.new):
            return
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

    def _loaded(self, data: UserFormData) -> None:
        self.row = row = data.row
        if not self.new and row is None:
            self.show_problems([f"{self.username.text()} is no longer a user of this ledger"])
            self.body.setEnabled(False)
            self.buttons.button(self.buttons.StandardButton.Save).setEnabled(False)
            return
        held = set(row.streams) if row else set()
        self.streams.blockSignals(True)
        for c in data.streams:
            item = QListWidgetItem(f"{c.code} — {c.name}")
            item.setData(Qt.ItemDataRole.UserRole, c.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.code in held else Qt.CheckState.Unchecked)
            self.streams.addItem(item)
        self.streams.blockSignals(False)
        self.streams.itemChanged.connect(self._live_check)
        if row is not None:
            self.display_name.setText(row.display_name)
            combo_select(self.role, row.role)
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

    def tick(self, codes: set[str] | frozenset[str]) -> None:
        for i in range(self.streams.count()):
            item = self.streams.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked)

    def _role_changed(self) -> None:
        """Only a budget holder holds streams: the list is for them alone (what is shown is saved)."""
        role = self.chosen_role()
        self.role_help.setText(ROLE_HELP.get(role, ""))
        state = uc.streams_state(role, self.ticked(), self.row.streams if self.row else ())
        if state.tick is not None:
            self.tick(state.tick)
        self.streams.setEnabled(state.enabled)
        self.streams.setToolTip(state.tip)
        self._live_check()

    def _live_check(self, *_args: Any) -> None:
        """Once a problem is shown, keep the list current as the form is corrected."""
        if self.error.text():
            self.show_problems(self.problems())

    # ------------------------------------------------------------------ checks
    def entry(self) -> uc.UserEntry:
        return uc.UserEntry(
            username=self.username.text(),
            display_name=self.display_name.text(),
            role=self.chosen_role(),
            streams=self.ticked(),
            new=self.new,
            password=self.password.text(),
            password_again=self.password_again.text(),
        )

    def problems(self) -> list[str]:
        from ui.usecases.user_form import valid_login_name

        checked = uc.check_user(self.entry(), valid_login_name)
        if self.new:
            self.mark(self.username, "username" in checked.invalid)
        self.mark(self.password_again, "password_again" in checked.invalid)
        self.values = checked.value
        return checked.problems

    def inline_warnings(self) -> list[str]:
        v = self.values
        if v is None or self.row is None:
            return []
        return uc.role_change_note(v.username, self.row.role, v.role)

    def checks(self) -> Check:
        from ui.usecases.user_form import check_user

        v, new, acting = self.values, self.new, self.ctx.actor.username
        assert v is not None
        password = (self.password.text() or None) if self.shared and new else None
        self._pending = (v, password)
        return lambda ledger: check_user(ledger, v, new, acting)

    def mark_fields(self, invalid: frozenset[str]) -> None:
        if "username" in invalid:
            self.mark(self.username, True)

    # ------------------------------------------------------------------ write
    def before_write(self) -> None:
        self._forget_password()  # the write has its own copy: clear the boxes now

    def saved_text(self, result: Any) -> str:
        name, role = self.username.text().strip(), self.role.currentText().lower()
        if self.new:
            return f"Added {name} as {role}"
        return f"Saved {name}: {role}"

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
        self._pending = None
        super().done(result)

    @classmethod
    def add(cls, ctx: AppContext, parent: QWidget | None) -> Any:
        """Show the Add user form; what was added, or None if cancelled."""
        return cls.run(ctx, parent)

    @classmethod
    def change(cls, ctx: AppContext, parent: QWidget | None, username: str) -> Any:
        """Show the change form for ``username`` as stored now; what changed, or None."""
        return cls.run(ctx, parent, username)

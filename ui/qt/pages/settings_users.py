"""Settings → Users & roles: a search box over the users table (as the other Settings tabs), the
buttons gated by ``user.manage`` and the rules the ledger enforces, and the forms.

The user a form just saved is selected once the tab reloads; when the search hides it, the
status message says so with Show it (the search cleared, the user selected), as on the other
tabs.  Mixed into :class:`ui.qt.pages.settings.SettingsPage`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView, QWidget

from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..models.rows import RowsModel
from ..widgets.permissions import gate

if TYPE_CHECKING:
    from ..context import AppContext

USER_COLUMNS = [
    ("User", "text"),
    ("Name", "text"),
    ("Role", "text"),
    ("Active", "bool"),
    ("Streams", "text"),
]
NOTE = (
    "Who may use this ledger and in which role. Budget holders act only on the streams listed. "
    "A deactivated user cannot open the ledger; their history stays."
)


class UserActions:
    """The Users & roles tab; the page provides the attributes typed below."""

    ctx: AppContext
    status_changed: Any

    if TYPE_CHECKING:

        def _tab(
            self, view: QTableView, note: str, buttons: list[QPushButton] | None = None,
            search: QLineEdit | None = None,
        ) -> QWidget: ...  # fmt: skip

        def _selected_id(self, view: QTableView) -> int | None: ...

        def update_permissions(self) -> None: ...

    def _users_tab(self, table: Any) -> QWidget:
        """Build the tab: the model, its search (filtered as you type), the table, the buttons."""
        self.users = RowsModel(USER_COLUMNS, self)
        self.users_proxy = QSortFilterProxyModel(self)  # type: ignore[arg-type]
        self.users_proxy.setSourceModel(self.users)
        self.users_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.users_proxy.setFilterKeyColumn(-1)
        self.users_search = QLineEdit()
        self.users_search.setPlaceholderText("Search…")
        self.users_search.setAccessibleName("Search users")
        self.users_search.setClearButtonEnabled(True)
        self.users_search.textChanged.connect(self.users_proxy.setFilterFixedString)
        self.users_view: QTableView = table(self.users_proxy, "Users and roles")
        self.user_rows: list[Any] = []
        #: (ledger, its ui.usecases.users.ServerManager): PostgreSQL owner? CREATEROLE?
        self.server: tuple[Any, Any] = (None, None)
        self.add_user_button = QPushButton("&Add user…")
        self.change_user_button = QPushButton("Chan&ge role…")
        self.deactivate_button = QPushButton("&Deactivate…")
        self.reactivate_button = QPushButton("Reac&tivate…")
        self.add_user_button.clicked.connect(self.add_user)
        self.change_user_button.clicked.connect(self.change_user)
        self.deactivate_button.clicked.connect(lambda: self.set_user_active(False))
        self.reactivate_button.clicked.connect(lambda: self.set_user_active(True))
        self.users_view.doubleClicked.connect(lambda _i: self._change_if_allowed())
        self.users_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self.update_permissions()
        )
        buttons = [self.add_user_button, self.change_user_button, self.deactivate_button,
                   self.reactivate_button]  # fmt: skip
        return self._tab(self.users_view, NOTE, buttons, self.users_search)

    def selected_user(self) -> Any | None:
        user_id = self._selected_id(self.users_view)
        return next((u for u in self.user_rows if u.id == user_id), None)

    def _gate_users(self) -> None:
        """Enable each user button for the acting user's role before anything is typed; a
        disabled one says why (tooltip)."""
        why = self.ctx.why_not("user.manage")
        server = self._server()
        if server is not None and not self.ctx.read_only:
            if server.owner:  # the ledger's owner manages users as an administrator (as the CLI)
                why = None
            elif why is None:
                why = server.problem
        gate(self.add_user_button, why, "Add a person to this ledger with a role")
        user = self.selected_user()
        name = user.username if user else ""
        pick = None if user is not None else "Select a user first"
        gate(
            self.change_user_button,
            why or pick,
            f"Change {name}'s role, streams or display name",
        )
        gate(
            self.deactivate_button,
            why or pick or self._why_not_deactivate(user),
            f"Stop {name} using this ledger (with a reason; their history stays)",
        )
        gate(
            self.reactivate_button,
            why or pick or (f"{name} is active" if user and user.active else None),
            f"Let {name} use this ledger again (with a reason)",
        )

    def _server(self) -> Any | None:
        """The open ledger's ServerManager once loaded (None before, or for another ledger)."""
        ledger, server = self.server
        return server if ledger is not None and ledger is self.ctx.ledger else None

    def _why_not_deactivate(self, user: Any) -> str | None:
        if not user.active:
            return f"{user.username} is already deactivated"
        if user.username in (self.ctx.actor.username, getattr(self._server(), "login", None)):
            return "You cannot deactivate yourself: ask another administrator"
        admins = [u for u in self.user_rows if u.role == "admin" and u.active]
        if user.role == "admin" and len(admins) == 1:
            return (
                f"{user.username} is the last active administrator: make someone else an "
                "administrator first"
            )
        return None

    def _show_users(self, users: list[Any], server: Any) -> None:
        """Fill the table with ``users`` (what settings_view read), the selection kept."""
        self.server = (self.ctx.ledger, server)
        selected = self.selected_user()
        self.user_rows = users
        self.users.set_rows(
            [u.id for u in users],
            [(u.username, u.display_name, u.role.replace("_", " "), u.active, ", ".join(u.streams))
             for u in users],
        )  # fmt: skip
        if selected is not None:
            self.select_user(selected.username)

    def select_user(self, username: str) -> bool:
        """Select ``username``'s row; False when there is none or the search hides it."""
        row = next((i for i, u in enumerate(self.user_rows) if u.username == username), None)
        if row is None:
            return False
        index = self.users_proxy.mapFromSource(self.users.index(row, 0))
        if not index.isValid():
            return False
        self.users_view.setCurrentIndex(index)
        self.users_view.scrollTo(index)
        return True

    # ------------------------------------------------------------------ actions
    def add_user(self) -> None:
        from ..dialogs.users import UserDialog

        done = UserDialog.add(self.ctx, self)  # type: ignore[arg-type]
        if done is not None:
            self._select_after_load(done.username)

    def change_user(self) -> None:
        from ..dialogs.users import UserDialog

        user = self.selected_user()
        if user is not None and UserDialog.change(self.ctx, self, user.username) is not None:  # type: ignore[arg-type]
            self._select_after_load(user.username)

    def _change_if_allowed(self) -> None:
        if self.change_user_button.isEnabled():
            self.change_user()

    def _select_after_load(self, username: str) -> None:
        """Select ``username`` once the table reloads (after the write's ledger_changed); when
        the search hides the row, say so with Show it."""

        def reselect(_text: str) -> None:
            self.status_changed.disconnect(reselect)
            if self.select_user(username) or not any(
                u.username == username for u in self.user_rows
            ):
                return
            said = self.ctx.last_notice
            text = said.text if said is not None else f"Saved {username}"

            def show() -> None:
                self.users_search.clear()  # the filter refills at once
                for c in range(self.users.columnCount() - 1):  # sized to what the search left
                    self.users_view.resizeColumnToContents(c)  # (the last one stretches)
                self.select_user(username)
                self.users_view.setFocus()

            hidden = f"{text} — not shown: hidden by the search “{self.users_search.text()}”"
            self.ctx.announce(hidden, show)

        self.status_changed.connect(reselect)

    def set_user_active(self, active: bool) -> None:
        """Deactivate or reactivate the selected user, with a reason (audited)."""
        from ..dialogs.reason import ReasonDialog

        user = self.selected_user()
        if user is None:
            return
        from ui.usecases.permissions import role_label

        name, label = user.username, role_label(user.role)
        login = self.ctx.ledger is not None and self.ctx.ledger.is_shared
        if active:
            title = f"Reactivate {name}"
            prompt = (
                f"Reactivating lets {name} ({label}) open this ledger again"
                + (" and their database login connect again" if login else "")
                + ". Why?"
            )
        else:
            title = f"Deactivate {name}"
            prompt = (
                f"Deactivating stops {name} ({label}) opening this ledger"
                + (" and their database login connecting" if login else "")
                + ". Their entries and audit history stay. Why?"
            )
        reason = ReasonDialog.get(self, title, prompt)  # type: ignore[arg-type]
        if reason is None:
            return

        def work(ledger: Any) -> Any:
            from ui.usecases.users import set_active

            return set_active(ledger, name, active, reason)

        def done(_r: Any) -> None:
            self.ctx.announce(f"{name} {'reactivated' if active else 'deactivated'}")
            self._select_after_load(name)

        self.ctx.run_write(work, done, title="Saving…", changes=topics(T.USERS))

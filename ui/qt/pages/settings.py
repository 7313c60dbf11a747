"""Settings: users and roles (add, change role, deactivate / reactivate), RAG thresholds per
stream, period locks (close / reopen).

The user buttons follow the permission rule (``user.manage``: administrators) with the reason as
tooltip, and the row rules the ledger enforces: nobody deactivates themselves and the last active
administrator stays.  Every write goes through :mod:`ui.usecases.users` on the thread pool
(``ctx.run_write``), audited, with a reason for deactivating and reactivating.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..models.register import ID_ROLE
from ..models.rows import RowsModel
from ..widgets.permissions import gate
from .base import Page

if TYPE_CHECKING:
    from ui.usecases.settings import SettingsView

    from ..context import AppContext

USER_COLUMNS = [
    ("User", "text"),
    ("Name", "text"),
    ("Role", "text"),
    ("Active", "bool"),
    ("Streams", "text"),
]
THRESHOLD_COLUMNS = [
    ("Stream", "text"),
    ("Name", "text"),
    ("Kind", "text"),
    ("Red: forecast overspend", "percent"),
    ("Amber: off profile by (points)", "percent"),
]
LOCK_COLUMNS = [
    ("Stream", "text"), ("Year", "year"), ("Period", "text"), ("Reason", "text"),
    ("Closed by", "text"), ("Closed at", "datetime"), ("Status", "text"), ("Reopened by", "text"),
    ("Reopen reason", "text"),
]  # fmt: skip


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


class SettingsPage(Page):
    name = "settings"
    title = "Settings"
    description = (
        "Users and roles, RAG thresholds, period locks, streams and cost centres, "
        "organisations and aliases, coding rules"
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.users = RowsModel(USER_COLUMNS, self)
        self.thresholds = RowsModel(THRESHOLD_COLUMNS, self)
        self.locks = RowsModel(LOCK_COLUMNS, self)
        self.threshold_rows: list[Any] = []
        self.lock_rows: list[Any] = []
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.users_view = _table(self.users, "Users and roles")
        self.thresholds_view = _table(self.thresholds, "RAG thresholds")
        self.locks_view = _table(self.locks, "Period locks")
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
        self.tabs.addTab(
            self._tab(
                self.users_view,
                "Who may use this ledger and in which role. Budget holders act only on the "
                "streams listed. A deactivated user cannot open the ledger; their history stays.",
                [self.add_user_button, self.change_user_button, self.deactivate_button,
                 self.reactivate_button],
            ),
            "Users && roles",
        )  # fmt: skip
        self.edit_thresholds = QPushButton("&Edit thresholds…")
        self.edit_thresholds.setToolTip("Change the selected stream's RAG thresholds")
        self.edit_thresholds.clicked.connect(self.change_thresholds)
        self.expiry_days = 90
        self.expiry_label = QLabel()
        self.expiry_label.setWordWrap(True)
        self.edit_expiry = QPushButton("Expiry &warning…")
        self.edit_expiry.clicked.connect(self.change_expiry)
        thresholds_tab = self._tab(
            self.thresholds_view,
            "When a line shows red or amber on the variance and overview pages.",
            [self.edit_thresholds, self.edit_expiry],
        )
        tab_layout = thresholds_tab.layout()
        if tab_layout is not None:
            tab_layout.addWidget(self.expiry_label)
        self.tabs.addTab(thresholds_tab, "RAG thresholds")
        self.close_button = QPushButton("&Close a period…")
        self.reopen_button = QPushButton("&Reopen…")
        self.close_button.clicked.connect(self.close_period)
        self.reopen_button.clicked.connect(self.reopen_period)
        self.tabs.addTab(
            self._tab(
                self.locks_view,
                "Closed periods and years refuse every change "
                "until an administrator reopens them (with a reason).",
                [self.close_button, self.reopen_button],
            ),
            "Period locks",
        )
        from .settings_refdata import refdata_tabs

        self.refdata = refdata_tabs(ctx)
        for tab, title in self.refdata:
            self.tabs.addTab(tab, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        for view in (self.locks_view, self.thresholds_view):
            view.selectionModel().currentRowChanged.connect(lambda *_a: self.update_permissions())
        self.update_permissions()

    def _tab(
        self, view: QTableView, note: str, buttons: list[QPushButton] | None = None
    ) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(view, 1)
        if buttons:
            row = QHBoxLayout()
            for b in buttons:
                b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
                row.addWidget(b)
            row.addStretch(1)
            layout.addLayout(row)
        return w

    def selected_user(self) -> Any | None:
        user_id = self._selected_id(self.users_view)
        return next((u for u in self.user_rows if u.id == user_id), None)

    def update_permissions(self) -> None:
        """Enable each button for the acting user's role before anything is typed; a
        disabled one says why (tooltip), as everywhere else."""
        self._gate_locks()
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
        gate(
            self.edit_expiry,
            self.ctx.why_not("reference.write"),
            "How many days before a contract line ends a pending extension decision is flagged",
        )

    def _gate_locks(self) -> None:
        """Close / Reopen… and Edit thresholds… by role and selection (Reopen is for
        administrators: the reason is never asked of someone who cannot reopen)."""
        gate(self.close_button, self.ctx.why_not("period.close"), "Close a period or a whole year")
        lock_id = self._selected_id(self.locks_view)
        lock = next((k for k in self.lock_rows if k.id == lock_id), None)
        why = self.ctx.why_not("period.reopen", lock.stream_code if lock else None)
        pick = (
            "Select a closed period to reopen"
            if lock is None
            else (None if lock.active else "This period has already been reopened")
        )
        tip = "Reopen the selected closed period (administrators; a reason is recorded)"
        gate(self.reopen_button, why or pick, tip)
        stream_id = self._selected_id(self.thresholds_view)
        row = next((t for t in self.threshold_rows if t.stream_id == stream_id), None)
        why_rag = self.ctx.why_not("reference.write", row.code if row else None)
        gate(
            self.edit_thresholds,
            why_rag or (None if row else "Select a stream"),
            "Change the selected stream's RAG thresholds",
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

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self.update_permissions()
        from ui.usecases.settings import settings_view

        self.load(settings_view, self._loaded)
        for tab, _title in self.refdata:
            tab.refresh()

    def _loaded(self, found: SettingsView) -> None:
        users, thresholds, locks = found.users, found.thresholds, found.locks
        self.server = (self.ctx.ledger, found.server)
        selected = self.selected_user()
        self.user_rows = users
        self.users.set_rows(
            [u.id for u in users],
            [(u.username, u.display_name, u.role.replace("_", " "), u.active, ", ".join(u.streams))
             for u in users],
        )  # fmt: skip
        self.threshold_rows = thresholds
        self.thresholds.set_rows(
            [t.stream_id for t in thresholds],
            [(t.code, t.name, t.kind, t.red_forecast_pct, t.amber_profile_pct)
             for t in thresholds],
        )  # fmt: skip
        self.expiry_days = found.expiry_days
        self.expiry_label.setText(
            f"Contracts: a line ending within {found.expiry_days} days with an extension decision "
            "pending is flagged on the Contracts page."
        )
        self.lock_rows = locks
        self.locks.set_rows([k.id for k in locks], [_lock_row(k) for k in locks])
        for view in (self.users_view, self.thresholds_view, self.locks_view):
            view.resizeColumnsToContents()
        if selected is not None:
            self.select_user(selected.username)
        self.update_permissions()
        self.status_changed.emit(self.status_text())

    def select_user(self, username: str) -> bool:
        row = next((i for i, u in enumerate(self.user_rows) if u.username == username), None)
        if row is None:
            return False
        self.users_view.setCurrentIndex(self.users.index(row, 0))
        return True

    def status_text(self) -> str:
        active = sum(1 for k in self.lock_rows if k.active)
        n = self.users.rowCount()
        users = "1 user" if n == 1 else f"{n} users"
        inactive = sum(1 for u in self.user_rows if not u.active)
        if inactive:
            users += f" ({inactive} deactivated)"
        return f"{users} · {active} closed period{'' if active == 1 else 's'}"

    # ------------------------------------------------------------------ actions
    def _selected_id(self, view: QTableView) -> int | None:
        index = view.currentIndex()
        return None if not index.isValid() else int(view.model().data(index, ID_ROLE))

    def add_user(self) -> None:
        from ..dialogs.users import UserDialog

        done = UserDialog.add(self.ctx, self)
        if done is not None:
            self._select_after_load(done.username)

    def change_user(self) -> None:
        from ..dialogs.users import UserDialog

        user = self.selected_user()
        if user is not None:
            UserDialog.change(self.ctx, self, user.username)

    def _change_if_allowed(self) -> None:
        if self.change_user_button.isEnabled():
            self.change_user()

    def _select_after_load(self, username: str) -> None:
        """Select ``username`` once the table reloads (after the write's ledger_changed)."""

        def reselect(_text: str) -> None:
            self.status_changed.disconnect(reselect)
            self.select_user(username)

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
        reason = ReasonDialog.get(self, title, prompt)
        if reason is None:
            return

        def work(ledger: Any) -> Any:
            from ui.usecases.users import set_active

            return set_active(ledger, name, active, reason)

        done = f"{name} {'reactivated' if active else 'deactivated'}"
        self.ctx.run_write(
            work, lambda _r: self.ctx.announce(done), title="Saving…", changes=topics(T.USERS)
        )

    def change_thresholds(self) -> None:
        stream_id = self._selected_id(self.thresholds_view)
        row = next((t for t in self.threshold_rows if t.stream_id == stream_id), None)
        if row is None or self.ctx.why_not("reference.write", row.code) is not None:
            return
        red = self._ask_pct(
            f"{row.code}: red when the forecast overspends by more than (%)", row.red_forecast_pct
        )
        amber = (
            None
            if red is None
            else self._ask_pct(
                f"{row.code}: amber when % spent is off the straight-line profile by (points)",
                row.amber_profile_pct,
            )
        )
        if red is None or amber is None:
            return

        def work(ledger: Any) -> None:
            from ui.usecases.settings import set_thresholds

            set_thresholds(ledger, row.stream_id, red, amber, row.version)

        said = (
            f"{row.code} RAG thresholds: red above {red}% forecast overspend, amber {amber} points"
        )
        self.ctx.run_write(work, lambda _r: self.ctx.announce(said), changes=topics(T.REFERENCE))

    def change_expiry(self) -> None:
        """Ask for the contracts expiry warning window (1 to MAX_EXPIRY_DAYS days) and save it."""
        from ui.usecases.settings import MAX_EXPIRY_DAYS

        days, ok = QInputDialog.getInt(
            self,
            "Contracts expiry warning",
            "Flag a contract line ending within how many days with an extension decision pending?",
            self.expiry_days,
            1,
            MAX_EXPIRY_DAYS,
        )
        if not ok or days == self.expiry_days:
            return

        def work(ledger: Any) -> None:
            from ui.usecases.settings import set_expiry_window

            set_expiry_window(ledger, days)

        said = f"Contract lines ending within {days} days are flagged"
        self.ctx.run_write(work, lambda _r: self.ctx.announce(said), title="Saving…")

    def _ask_pct(self, prompt: str, current: Decimal) -> Decimal | None:
        text, ok = QInputDialog.getText(self, "RAG thresholds", prompt, text=str(current))
        if not ok:
            return None
        try:
            return Decimal(text.strip().rstrip("%"))
        except InvalidOperation:
            return None

    def close_period(self) -> None:
        from ..dialogs.lifecycle.close_period import ClosePeriodDialog

        if self.ctx.why_not("period.close") is not None:
            return
        ClosePeriodDialog.run(self.ctx, self, self.stream_code, self.year)

    def reopen_period(self) -> None:
        from ..dialogs.reason import ReasonDialog

        lock_id = self._selected_id(self.locks_view)
        row = next((k for k in self.lock_rows if k.id == lock_id), None)
        if row is None or not row.active or self.ctx.why_not("period.reopen") is not None:
            return
        reason = ReasonDialog.get(
            self, "Reopen period", "Reopening lets changes into a closed period. Why?"
        )
        if reason is None:
            return

        def work(ledger: Any) -> None:
            from ui.usecases.lifecycle import reopen_period

            reopen_period(ledger, row.id, reason)

        which = row.stream_code or "all streams"
        when = year_label(row.year) + (f" P{row.period:02d}" if row.period else "")
        self.ctx.run_write(
            work,
            lambda _r: self.ctx.announce(f"Reopened {when} for {which}"),
            changes=topics(T.PERIODS),
        )


def _lock_row(k: Any) -> tuple[Any, ...]:
    period = f"P{k.period:02d}" if k.period else "Whole year"
    status = "Closed" if k.active else "Reopened"
    return (k.stream_code or "All streams", k.year, period, k.reason or "", k.closed_by,
            k.closed_at, status, k.reopened_by or "", k.reopen_reason or "")  # fmt: skip

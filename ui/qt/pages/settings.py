"""Settings: users and roles (add, change role, deactivate / reactivate), RAG thresholds per
stream, period locks (close / reopen).  The Users & roles tab (its search, buttons and forms) is
:mod:`ui.qt.pages.settings_users`.

The user buttons follow the permission rule (``user.manage``: administrators) with the reason as
tooltip, and the row rules the ledger enforces: nobody deactivates themselves and the last active
administrator stays.  Every write goes through :mod:`ui.usecases.users` on the thread pool
(``ctx.run_write``), audited, with a reason for deactivating and reactivating.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundledger.periods import period_name
from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..models.register import ID_ROLE
from ..models.rows import RowsModel
from ..widgets.permissions import gate
from .base import Page
from .settings_users import UserActions

if TYPE_CHECKING:
    from ui.usecases.settings import SettingsView

    from ..context import AppContext

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


class SettingsPage(UserActions, Page):
    name = "settings"
    title = "Settings"
    description = (
        "Users and roles, RAG thresholds, period locks, streams and cost centres, "
        "organisations and aliases, coding rules"
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.thresholds = RowsModel(THRESHOLD_COLUMNS, self)
        self.locks = RowsModel(LOCK_COLUMNS, self)
        self.threshold_rows: list[Any] = []
        self.lock_rows: list[Any] = []
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.ledger_name = ""
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.RichText)
        self.name_label.setAccessibleName("Ledger name")
        self.edit_name = QPushButton("&Name the ledger…")
        self.edit_name.clicked.connect(self.change_name)
        self.tabs = QTabWidget()
        self.thresholds_view = _table(self.thresholds, "RAG thresholds")
        self.locks_view = _table(self.locks, "Period locks")
        self.tabs.addTab(self._users_tab(_table), "Users && roles")
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
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label, 1)
        name_row.addWidget(self.edit_name)
        layout.addLayout(name_row)
        layout.addWidget(self.tabs, 1)
        for view in (self.locks_view, self.thresholds_view):
            view.selectionModel().currentRowChanged.connect(lambda *_a: self.update_permissions())
        self.update_permissions()

    def _tab(
        self, view: QTableView, note: str, buttons: list[QPushButton] | None = None,
        search: QLineEdit | None = None,
    ) -> QWidget:  # fmt: skip
        w = QWidget()
        layout = QVBoxLayout(w)
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
        if search is not None:
            layout.addWidget(search)
        layout.addWidget(view, 1)
        if buttons:
            row = QHBoxLayout()
            for b in buttons:
                b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
                row.addWidget(b)
            row.addStretch(1)
            layout.addLayout(row)
        return w

    def update_permissions(self) -> None:
        """Enable each button for the acting user's role before anything is typed; a
        disabled one says why (tooltip), as everywhere else."""
        self._gate_locks()
        self._gate_users()
        gate(
            self.edit_expiry,
            self.ctx.why_not("reference.write"),
            "How many days before a contract line ends a pending extension decision is flagged",
        )
        gate(
            self.edit_name,
            self.ctx.why_not("reference.write"),
            "The ledger's name (your council's), printed on every export and return",
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

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self.update_permissions()
        from ui.usecases.settings import settings_view

        self.load(settings_view, self._loaded)
        for tab, _title in self.refdata:
            tab.refresh()

    def _loaded(self, found: SettingsView) -> None:
        thresholds, locks = found.thresholds, found.locks
        self.threshold_rows = thresholds
        self.thresholds.set_rows(
            [t.stream_id for t in thresholds],
            [(t.code, t.name, t.kind, t.red_forecast_pct, t.amber_profile_pct)
             for t in thresholds],
        )  # fmt: skip
        self.ledger_name = found.name or ""
        self.name_label.setText(
            f"Ledger: <b>{escape(self.ledger_name or '(no name)')}</b> — printed on every "
            "export and return"
        )
        self.expiry_days = found.expiry_days
        self.expiry_label.setText(
            f"Contracts: a line ending within {found.expiry_days} days with an extension decision "
            "pending is flagged on the Contracts page."
        )
        self.lock_rows = locks
        self.locks.set_rows([k.id for k in locks], [_lock_row(k) for k in locks])
        self._show_users(found.users, found.server)
        for view in (self.users_view, self.thresholds_view, self.locks_view):
            view.resizeColumnsToContents()
        self.update_permissions()
        self.status_changed.emit(self.status_text())

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

    def change_name(self) -> None:
        """Ask for the ledger's name (the council's) and save it; the window title follows."""
        from ui.usecases.settings import MAX_NAME_LENGTH

        text, ok = QInputDialog.getText(
            self,
            "Name the ledger",
            f"The ledger's name, printed on every export and return (up to {MAX_NAME_LENGTH} "
            "characters), e.g. “Leeds City Council – grant ledger”:",
            text=self.ledger_name,
        )
        if not ok or " ".join(text.split()) == self.ledger_name:
            return

        def work(ledger: Any) -> str:
            from ui.usecases.settings import set_ledger_name

            return set_ledger_name(ledger, text)

        def done(kept: str) -> None:
            self.ctx.announce(f"The ledger is named “{kept}”")
            refresh = getattr(self.window(), "refresh", None)
            if callable(refresh):
                refresh()

        self.ctx.run_write(work, done, changes=topics(T.REFERENCE), title="Saving…")

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
    period = period_name(k.year, k.period) if k.period else "Whole year"  # P06 September 2025
    status = "Closed" if k.active else "Reopened"
    return (k.stream_code or "All streams", k.year, period, k.reason or "", k.closed_by,
            k.closed_at, status, k.reopened_by or "", k.reopen_reason or "")  # fmt: skip

"""Settings: users and roles, RAG thresholds per stream, period locks (close / reopen)."""

from __future__ import annotations

import importlib
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

from ..models.register import ID_ROLE
from ..models.rows import RowsModel
from .base import Page

if TYPE_CHECKING:
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


def _load(ledger: Any) -> tuple[list[Any], list[Any], list[Any]]:
    from db.queries.admin import thresholds, users
    from db.queries.budget import period_locks

    with ledger.read() as session:
        return users(session), thresholds(session), period_locks(session)


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def lifecycle_dialogs() -> Any | None:
    """``ui.qt.dialogs.lifecycle`` when that module is in this build."""
    try:
        return importlib.import_module("ui.qt.dialogs.lifecycle")
    except ImportError:
        return None


class SettingsPage(Page):
    name = "settings"
    title = "Settings"
    description = "Users and roles, RAG thresholds, period locks"

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
        self.tabs.addTab(
            self._tab(
                self.users_view,
                "Who may use this ledger and in which role. "
                "Budget holders act only on the streams listed.",
            ),
            "Users && roles",
        )
        self.edit_thresholds = QPushButton("&Edit thresholds…")
        self.edit_thresholds.setToolTip("Change the selected stream's RAG thresholds")
        self.edit_thresholds.clicked.connect(self.change_thresholds)
        self.tabs.addTab(
            self._tab(
                self.thresholds_view,
                "When a line shows red or amber on the variance and overview pages.",
                [self.edit_thresholds],
            ),
            "RAG thresholds",
        )
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._lock_buttons()

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

    def _lock_buttons(self) -> None:
        dialogs = lifecycle_dialogs()
        ok = dialogs is not None and hasattr(dialogs, "ClosePeriodDialog")
        self.close_button.setEnabled(ok)
        self.close_button.setToolTip(
            "Close a period or a whole year" if ok else "Not available in this build"
        )
        self.reopen_button.setToolTip("Reopen the selected closed period (administrators)")

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self.load(_load, self._loaded)

    def _loaded(self, result: tuple[list[Any], list[Any], list[Any]]) -> None:
        users, thresholds, locks = result
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
        self.lock_rows = locks
        self.locks.set_rows([k.id for k in locks], [_lock_row(k) for k in locks])
        for view in (self.users_view, self.thresholds_view, self.locks_view):
            view.resizeColumnsToContents()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        active = sum(1 for k in self.lock_rows if k.active)
        n = self.users.rowCount()
        users = "1 user" if n == 1 else f"{n} users"
        return f"{users} · {active} closed period{'' if active == 1 else 's'}"

    # ------------------------------------------------------------------ actions
    def _selected_id(self, view: QTableView) -> int | None:
        index = view.currentIndex()
        return None if not index.isValid() else int(view.model().data(index, ID_ROLE))

    def change_thresholds(self) -> None:
        stream_id = self._selected_id(self.thresholds_view)
        row = next((t for t in self.threshold_rows if t.stream_id == stream_id), None)
        if row is None:
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
            from db.ops.stream_settings import set_rag_thresholds

            with ledger.write() as session:
                set_rag_thresholds(
                    session, ledger.actor, row.stream_id, red, amber, expected_version=row.version
                )

        self.ctx.run_write(work, lambda _r: None)

    def _ask_pct(self, prompt: str, current: Decimal) -> Decimal | None:
        text, ok = QInputDialog.getText(self, "RAG thresholds", prompt, text=str(current))
        if not ok:
            return None
        try:
            return Decimal(text.strip().rstrip("%"))
        except InvalidOperation:
            return None

    def close_period(self) -> None:
        dialogs = lifecycle_dialogs()
        if dialogs is not None and hasattr(dialogs, "ClosePeriodDialog"):
            dialogs.ClosePeriodDialog.run(self.ctx, self, self.stream_code, self.year)

    def reopen_period(self) -> None:
        from ..dialogs.reason import ReasonDialog

        lock_id = self._selected_id(self.locks_view)
        row = next((k for k in self.lock_rows if k.id == lock_id), None)
        if row is None or not row.active:
            return
        reason = ReasonDialog.get(
            self, "Reopen period", "Reopening lets changes into a closed period. Why?"
        )
        if reason is None:
            return

        def work(ledger: Any) -> None:
            from ui.usecases.lifecycle import reopen_period

            reopen_period(ledger, row.id, reason)

        self.ctx.run_write(work, lambda _r: None)


def _lock_row(k: Any) -> tuple[Any, ...]:
    period = f"P{k.period:02d}" if k.period else "Whole year"
    status = "Closed" if k.active else "Reopened"
    return (k.stream_code or "All streams", k.year, period, k.reason or "", k.closed_by,
            k.closed_at, status, k.reopened_by or "", k.reopen_reason or "")  # fmt: skip

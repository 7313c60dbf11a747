"""The first-run panel: open the demo ledger, create a new ledger, open one, or a recent one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..icons import defer


class WelcomePanel(QWidget):
    """Shown when no ledger is open."""

    demo_requested = Signal()
    new_requested = Signal()
    open_requested = Signal()
    connect_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("Welcome to fundledger")
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            "A ledger for ring-fenced funding: allocations, budgets, contracts, spend, "
            "contributions, variance, reconciliation and returns."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, icon, signal in (
            (
                "demo",
                "Open the &demo ledger",
                "A ledger built from the source papers",
                "SP_DesktopIcon",
                self.demo_requested,
            ),
            (
                "new",
                "&Create a new ledger…",
                "A new, empty ledger file with the standard streams",
                "SP_FileIcon",
                self.new_requested,
            ),
            (
                "open",
                "&Open a ledger…",
                "An existing ledger file",
                "SP_DialogOpenButton",
                self.open_requested,
            ),
            (
                "connect",
                "Connect to a &shared ledger (PostgreSQL)…",
                "A team ledger on a PostgreSQL server",
                "SP_DriveNetIcon",
                self.connect_requested,
            ),
        ):
            button = QPushButton(text)
            defer(button, icon)
            button.setObjectName(f"welcome_{key}")
            button.setToolTip(tip)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(signal.emit)
            button.setMinimumHeight(36)
            layout.addWidget(button)
            self.buttons[key] = button
        layout.addSpacing(16)
        layout.addWidget(QLabel("Recent ledgers"))
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent ledgers")
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout.addWidget(self.recent, 1)

    def set_recent(self, targets: list[str]) -> None:
        self.recent.clear()
        for t in targets:
            item = QListWidgetItem(t)
            item.setData(Qt.ItemDataRole.UserRole, t)
            item.setToolTip(f"Open {t}")
            self.recent.addItem(item)

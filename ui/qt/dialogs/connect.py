"""Choosing a ledger: a SQLite file, or a PostgreSQL server (host, port, database, user).

The password is asked for and never stored in plain text: it is kept in the system keyring when
one is available (``keyring``), otherwise asked again next time.  Recent ledgers are remembered
(without passwords) in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ui.usecases.connection import PgTarget, parse_pg_key

from ..context import RECENT_KEY, recent_ledgers

__all__ = [
    "ConnectDialog",
    "PgTarget",
    "choose_file",
    "keyring_get",
    "keyring_set",
    "parse_pg_key",
    "remember_ledger",
]

KEYRING_SERVICE = "fundledger"
MAX_RECENT = 8


def keyring_get(key: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, key)
    except Exception:  # no backend: ask every time
        return None


def keyring_set(key: str, password: str) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, key, password)
    except Exception:
        return False
    return True


def remember_ledger(settings: QSettings, target: str) -> None:
    """Put ``target`` (a path or a password-free URL) first in the recent list."""
    items = [t for t in recent_ledgers(settings) if t != target]
    settings.setValue(RECENT_KEY, [target, *items][:MAX_RECENT])


def choose_file(
    parent: QWidget | None, *, create: bool = False, settings: QSettings | None = None
) -> str | None:
    """A file dialog for a ledger file (starting in the last folder a ledger was opened or
    created in, when ``settings`` are given); None when cancelled."""
    caption = "Create a new ledger" if create else "Open a ledger"
    filters = "fundledger ledgers (*.sqlite *.db *.fundledger);;All files (*)"
    if settings is not None:
        from ..widgets.file_choice import choose_open, choose_save

        if create:
            return (
                choose_save(parent, settings, "ledger", caption, "ledger.sqlite", filters) or None
            )
        return choose_open(parent, settings, "ledger", caption, filters) or None
    if create:
        path, _ = QFileDialog.getSaveFileName(parent, caption, "ledger.sqlite", filters)
    else:
        path, _ = QFileDialog.getOpenFileName(parent, caption, "", filters)
    return path or None


class ConnectDialog(QDialog):
    """Host, port, database, user and password for a shared PostgreSQL ledger."""

    def __init__(self, parent: QWidget | None = None, target: PgTarget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to a shared ledger (PostgreSQL)")
        self.host = QLineEdit(target.host if target else "localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(target.port if target else 5432)
        self.database = QLineEdit(target.database if target else "fundledger")
        self.user = QLineEdit(target.user if target else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save = QCheckBox("Remember the password in the system keyring")
        self.save.setToolTip("Never stored in plain text; only in your operating system's keyring")
        form = QFormLayout(self)
        for label, widget in (
            ("&Host", self.host),
            ("&Port", self.port),
            ("&Database", self.database),
            ("&User", self.user),
            ("Pass&word", self.password),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(label, widget)
        form.addRow("", self.save)
        note = QLabel("The server enforces your role: you see only what your account may see.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if target is not None:
            stored = keyring_get(target.key)
            if stored:
                self.password.setText(stored)
                self.save.setChecked(True)

    def target(self) -> PgTarget:
        return PgTarget(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    @classmethod
    def get_url(
        cls, parent: QWidget | None = None, target: PgTarget | None = None
    ) -> tuple[str, str] | None:
        """``(url with password, recent-list key)`` or None when cancelled."""
        dialog = cls(parent, target)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        t = dialog.target()
        password = dialog.password.text()
        if dialog.save.isChecked() and password:
            keyring_set(t.key, password)
        return t.url(password), t.key

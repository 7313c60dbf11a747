"""The audit log: every change, who, when, old → new and why; searchable, and chain-checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ..context import AppContext


def _verify(ledger: Any) -> list[Any]:
    from ui.usecases.audit import verify

    return verify(ledger)


class AuditPage(RegisterPage):
    """The append-only, hash-chained audit log (the whole ledger: not scoped by stream)."""

    name = "audit"
    title = "Audit log"
    description = "Who changed what, when and why"
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from ui.usecases import registers

        self.view = self.add_register(registers.audit_log(), "Audit log")
        self.verify_button = button(
            self,
            "&Verify chain",
            self.verify,
            "Check that no audit entry was edited, removed or inserted outside the app",
            QStyle.StandardPixmap.SP_DialogApplyButton,
        )
        self.buttons.addWidget(self.verify_button)
        self.buttons.addWidget(
            button(
                self,
                "E&xport…",
                self.export_view,
                "Export this view to Excel (Ctrl+E)",
                QStyle.StandardPixmap.SP_DialogSaveButton,
            )
        )
        self.layout_.addWidget(self.view, 1)
        self.view.activated.connect(self.show_entry)
        self.last_check: list[Any] | None = None

    def refresh(self) -> None:
        self.heading.setText("Audit log — whole ledger")
        self.view.reload()

    def status_text(self) -> str:
        return self.view.totals_text()

    def focus_search(self) -> None:
        self.view.focus_search()

    def export_view(self) -> None:
        self.view.export()

    def show_entry(self, entry_id: int) -> None:
        """Double-click: the entry's changes field by field (old → new)."""
        row = self.view.model.row_of(entry_id)
        if row is None:
            return
        values = dict(zip(self.view.register.keys, self.view.model.rows[row], strict=True))
        EntryDialog(values, self).exec()

    def verify(self) -> None:
        self.ctx.run_read(
            _verify, self._verified, progress=True, title="Verifying the audit chain…"
        )

    def _verified(self, problems: list[Any]) -> None:
        self.last_check = problems
        if not problems:
            QMessageBox.information(self, "Audit chain", "The audit chain is intact.")
            return
        lines = "\n".join(f"#{p.entry_id}: {p.reason}" for p in problems[:20])
        QMessageBox.warning(self, "Audit chain", f"{len(problems)} problem(s):\n{lines}")


def changes(old: str | None, new: str | None) -> list[tuple[str, str, str]]:
    """``(field, old, new)`` for each field an audit entry records, old/new as JSON text."""
    import json

    before = json.loads(old) if old else {}
    after = json.loads(new) if new else {}
    fields = sorted(set(before) | set(after))
    return [(f, _text(before.get(f)), _text(after.get(f))) for f in fields]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class EntryDialog(QDialog):
    """One audit entry: who, when, what and why, and each field's old and new value."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Audit entry #{values['id']}")
        self.resize(760, 420)
        head = QLabel(
            f"<b>{values['action']}</b> on {values['table']} #{values['row'] or ''} by "
            f"{values['user']} at {values['at']:%d/%m/%Y %H:%M:%S} UTC"
            + (f"<br>Reason: {values['reason']}" if values.get("reason") else "")
        )
        head.setWordWrap(True)
        rows = changes(values.get("old"), values.get("new"))
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Field", "Old", "New"])
        table.setAccessibleName("Changes")
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.table = table

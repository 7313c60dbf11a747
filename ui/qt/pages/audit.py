"""The audit log: every change, who, when, old → new and why; searchable, and chain-checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.controllers.audit_changes import changes, changes_text, local_time

from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ..context import AppContext


def _seal(ledger: Any) -> str:
    from ui.usecases.audit import seal

    return seal(ledger)


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
        self.seal_label = QLabel()
        self.seal_label.setToolTip(
            "The audit chain's head. Note it (returns and exports print it too): "
            "fundledger check --seal N:HASH later proves no entry up to it was removed or changed"
        )
        self.seal_label.setAccessibleName("Ledger seal")
        self.layout_.addWidget(self.seal_label)
        self.layout_.addWidget(self.view, 1)
        self._show_changes()
        self.view.activated.connect(self.show_entry)
        self.last_check: list[Any] | None = None

    def _show_changes(self) -> None:
        """The New values column reads "Changes": ``field: old → new`` for each field changed
        (the raw JSON is in the entry's window, and in the export); Old values starts hidden."""
        keys = list(self.view.register.keys)
        old, new = keys.index("old"), keys.index("new")
        self.view.model.shown_as = {
            "new": ("Changes", lambda row: changes_text(row[old], row[new])),
        }
        self.view.table.setColumnHidden(old, True)
        self.view.table.setColumnWidth(new, max(self.view.table.columnWidth(new), 420))

    def refresh(self) -> None:
        self.heading.setText("Audit log — whole ledger")
        self.view.reload()
        self.load(_seal, self.seal_label.setText)

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


class EntryDialog(QDialog):
    """One audit entry: who, when (the user's clock), what and why, each field's old and new
    value, and the raw JSON the entry records on demand."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Audit entry #{values['id']}")
        self.resize(760, 460)
        head = QLabel(
            f"<b>{values['action']}</b> on {values['table']} #{values['row'] or ''} by "
            f"{values['user']} at {local_time(values['at'])}"
            + (f"<br>Reason: {values['reason']}" if values.get("reason") else "")
        )
        head.setWordWrap(True)
        old, new = values.get("old"), values.get("new")
        rows = changes(old, new)
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
        self.raw = QPlainTextEdit(_raw_json(old, new))
        self.raw.setReadOnly(True)
        self.raw.setTabChangesFocus(True)  # no keyboard trap
        self.raw.setAccessibleName("Raw JSON")
        self.raw.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.raw_button = buttons.addButton(
            "Show &raw JSON", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.raw_button.setCheckable(True)
        self.raw_button.toggled.connect(self._toggle_raw)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(table, 1)
        layout.addWidget(self.raw, 1)
        layout.addWidget(buttons)
        self.table = table

    def _toggle_raw(self, shown: bool) -> None:
        self.raw.setVisible(shown)
        self.raw_button.setText("Hide &raw JSON" if shown else "Show &raw JSON")


def _raw_json(old: str | None, new: str | None) -> str:
    """The entry's old and new values as recorded (pretty-printed where they are JSON)."""
    import json

    def pretty(text: str | None) -> str:
        if not text:
            return "(none)"
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True)
        except ValueError:
            return text

    return f"Old values:\n{pretty(old)}\n\nNew values:\n{pretty(new)}"

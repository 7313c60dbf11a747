"""The audit log: every change, who, when, old → new and why; searchable, and chain-checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QStyle, QWidget

from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ..context import AppContext


def _verify(ledger: Any) -> list[Any]:
    from db.audit import verify_chain

    with ledger.read() as session:
        return verify_chain(session)


class AuditPage(RegisterPage):
    """The append-only, hash-chained audit log (the whole ledger: not scoped by stream)."""

    name = "audit"
    title = "Audit log"
    description = "Who changed what, when and why"
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from db.queries.register_defs import AUDIT

        self.view = self.add_register(AUDIT, "Audit log")
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

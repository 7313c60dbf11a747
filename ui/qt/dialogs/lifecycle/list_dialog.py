"""The base of the lifecycle list dialogs: a table read off the GUI thread, a row of action
buttons, Close, and a line that shows a refused action inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.usecases.topics import EVERYTHING, Topic

from ...widgets.records_table import RecordsTable

if TYPE_CHECKING:
    from ...context import AppContext


class ListDialog(QDialog):
    """Subclasses build their table and buttons, then call :meth:`finish_layout` and
    :meth:`reload`; :meth:`rows_of` is the use case that reads the rows."""

    #: what an action on a row changes (``ledger_changed`` carries it)
    changes: ClassVar[frozenset[Topic]] = EVERYTHING

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(980, 420)
        self.message = QLabel()
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.action_row = QHBoxLayout()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.bottom = (self.action_row, close)
        #: True until the first rows arrive (the action buttons stay off)
        self.loading = False

    def finish_layout(self, table: RecordsTable) -> None:
        self.rows_table = table
        self.layout_.addWidget(table, 1)
        self.layout_.addWidget(self.message)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.bottom[1])
        self.layout_.addLayout(self.action_row)

    def act(self, fn: Callable[[Any], Any], said: str | None = None) -> None:
        """Run the write ``fn(ledger)`` on the pool; reload after (and put ``said`` in the
        status bar), or show the refusal."""

        def done(_result: Any) -> None:
            if said:
                self.ctx.announce(said)
            if isValid(self):
                self.reload()

        def refused(exc: BaseException) -> None:
            from ...errors import error_text

            if isValid(self):
                self.message.setText(error_text(exc)[0])

        self.message.setText("")
        self.ctx.run_write(fn, done, refused, changes=self.changes)

    def rows_of(self, ledger: Any) -> list[Any]:  # pragma: no cover - overridden
        """The rows to show (a use case, run off the GUI thread)."""
        raise NotImplementedError

    def show_rows(self, rows: list[Any]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def update_buttons(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def reload(self) -> None:
        """Read the rows off the GUI thread ("Loading…" until they arrive)."""
        if self.ctx.ledger is None:
            return
        self._set_loading(True)

        def done(rows: list[Any]) -> None:
            if isValid(self):
                self._set_loading(False)
                self.show_rows(rows)
                self.update_buttons()

        def failed(exc: BaseException) -> None:
            from ...errors import error_text

            if isValid(self):
                self._set_loading(False)
                self.message.setText(error_text(exc)[0])

        self.ctx.run_read(self.rows_of, done, failed)

    def _set_loading(self, loading: bool) -> None:
        """While the rows are read the table says "Loading…" and the actions are off."""
        self.loading = loading
        self.rows_table.empty_text = "Loading…" if loading else RecordsTable.empty_text
        self.rows_table.viewport().update()
        if loading:
            self.update_buttons()

    @classmethod
    def run(cls, *args: Any, **kwargs: Any) -> None:
        cls(*args, **kwargs).exec()

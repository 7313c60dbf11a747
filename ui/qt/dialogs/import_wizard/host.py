"""What a wizard page may ask of the wizard (so pages do not import the wizard back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from ui.usecases.import_wizard import TableView
    from ui.usecases.imports import ImportResult, RowChoices

    from ...context import AppContext, Job
    from .busy import Busy


class WizardHost(Protocol):
    choice: dict[str, Any]
    stream_codes: list[str]
    table: TableView | None
    table_key: tuple[Any, ...]
    header_row: int | None
    last_row: int | None
    columns: dict[str, str]
    outside: str
    outcome: ImportResult | None
    rows_requested: SignalInstance
    row_choices: RowChoices
    ctx: AppContext

    def key(self) -> tuple[Any, ...]: ...
    def set_choices(self, **changes: Any) -> None: ...
    def reset_table(self) -> None: ...
    def set_table(self, table: TableView) -> None: ...
    def run(
        self, busy: Busy, text: str, fn: Callable[[Any], Any], done: Callable[[Any], None]
    ) -> Job: ...
    def dry_run(self, busy: Busy, done: Callable[[ImportResult], None]) -> Job: ...
    def commit(self, on_progress: Any, on_done: Any, on_error: Any) -> Job: ...
    def save_profile(self, name: str, mapping: dict[str, str]) -> None: ...
    def save_errors(self, result: ImportResult, path: str) -> None: ...
    def next(self) -> None: ...
    def accept(self) -> None: ...

"""Submit from the Returns page (issue 22): the file, then what was sent (to whom, period,
date, note, correction or draft), then the write off the GUI thread; the Submitted tab then
shows the new submission selected."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTabWidget

from ui.usecases.topics import Topic, topics

from ..dialogs.submit_return import Earlier, SubmitChoice, SubmitDialog

if TYPE_CHECKING:
    from ui.usecases.submissions import Submitted

    from ..context import AppContext
    from .returns_register import RegisterPanel


class ReturnsPage(Protocol):
    """What submitting needs of the Returns page (a Protocol: no import of the page back)."""

    ctx: AppContext
    prepared: Any
    last_path: Path | None
    stream_code: str | None
    register: RegisterPanel
    tabs: QTabWidget
    done_label: QLabel
    open_button: QPushButton

    def request(self) -> Any: ...

    def default_name(self) -> str: ...


__all__ = ["submit"]


def _earlier(page: ReturnsPage) -> list[Earlier]:
    """Submissions of this return and stream that a correction may supersede (newest first)."""
    p = page.prepared
    assert p is not None
    return [Earlier(s.id, f"{s.period}, sent {s.submitted_on:%d/%m/%Y} to {s.submitted_to}")
            for s in page.register.model.rows
            if s.ret == p.scope.ret and s.stream == p.scope.stream and s.superseded_by is None]  # fmt: skip


def ask(page: ReturnsPage, path: Path) -> SubmitChoice | None:
    from ui.usecases.submissions import default_period

    p = page.prepared
    assert p is not None
    earlier = _earlier(page)
    last_to = next((s.submitted_to for s in page.register.model.rows
                    if s.ret == p.scope.ret and s.stream == p.scope.stream), "")  # fmt: skip
    dialog = SubmitDialog(p.title, path.name, default_period(p), last_to, earlier, page.tabs)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()


def submit(page: ReturnsPage, path: str | None = None, choice: SubmitChoice | None = None) -> None:
    if page.prepared is None:
        return
    if path is None:
        from ..widgets.file_choice import choose_save

        path = choose_save(page.tabs, page.ctx.settings, "return", "Submit return",
                           page.default_name(), "Excel (*.xlsx)")  # fmt: skip
        if not path:
            return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    target = Path(path)
    if choice is None:
        choice = ask(page, target)
        if choice is None:
            page.done_label.setText("Not submitted: nothing was written")
            return
    request, chosen = page.request(), choice

    def work(ledger: Any) -> Submitted:
        from ui.usecases.submissions import submit_return

        return submit_return(ledger, request, target, to=chosen.to, on=chosen.on,
                             period=chosen.period, note=chosen.note,
                             supersedes=chosen.supersedes, draft=chosen.draft)  # fmt: skip

    def done(s: Submitted) -> None:
        page.last_path = s.path
        page.open_button.setEnabled(True)
        word = "Kept draft" if s.draft else "Submitted"
        text = (f"{word} #{s.id}: {s.prepared.title} ({s.period}) to {s.submitted_to} — wrote "
                f"{s.path.name}, sha256 {s.sha256[:16]}…")  # fmt: skip
        page.done_label.setText(text)
        page.ctx.announce(text)
        page.tabs.setCurrentWidget(page.register)
        page.register.reload(page.stream_code)
        page.register.pending_select = s.id

    def failed(exc: BaseException) -> None:
        page.done_label.setText(f"Not submitted, nothing was written: {exc}")

    page.done_label.setText(f"Submitting {target.name}…")
    page.ctx.run_write(work, done, failed, title="Submitting return…",
                       changes=topics(Topic.RETURNS))  # fmt: skip

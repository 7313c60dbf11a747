"""What the reconciliation page's buttons do: auto-match over the page's statement scope,
match ticked items, accept or unmatch, explain, sign off streams over a period range, reopen a
sign-off, export.  Every write goes through :mod:`ui.usecases.reconcile` on the pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..dialogs.recon_signoff import ReopenDialog, SignOffDialog
from ..dialogs.reconciliation import ExplainDialog
from .reconciliation_table import say

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel

    from ui.usecases.reconcile import ReconView

    from ..context import AppContext
    from ..models.reconciliation import ReconItemsModel, ReconRow


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


class ReconActions:
    """Mixed into the page, which provides the attributes typed below."""

    ctx: AppContext
    view_data: ReconView | None
    closed_periods: set[int]
    stream_code: str | None
    year: int | None
    message: QLabel
    proof_label: QLabel
    running_label: QLabel
    suggest_label: QLabel
    signoff_label: QLabel
    ledger_model: ReconItemsModel
    statement_model: ReconItemsModel
    status_changed: Any
    filter: QComboBox
    _active: str

    if TYPE_CHECKING:

        def refresh(self) -> None: ...
        def selected_row(self) -> ReconRow | None: ...
        def chosen_scope(self) -> tuple[list[int], tuple[int, int] | None]: ...
        def _failed(self, exc: BaseException) -> None: ...
        def _update_buttons(self) -> None: ...
        def _view(self, side: str) -> tuple[Any, ReconItemsModel]: ...
        def _rows(self, side: str) -> list[ReconRow]: ...
        def select_item(self, side: str, item_id: int) -> None: ...

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _write(
        self,
        fn: Callable[[Any], Any],
        title: str,
        said: Callable[[Any], str] | None = None,
        group: Callable[[Any], int | None] | None = None,
    ) -> None:
        """Run the write; then say ``said(result)`` in the status bar and reload.  ``group``
        names the match the write made or kept (from its result): once the page has reloaded,
        the match is selected, or if the page's Show filter hides it, the message says so and
        offers Show it."""
        say(self.message, "")

        def done(result: Any) -> None:
            if said is not None:
                text = said(result)
                self.ctx.announce(text)
                gid = group(result) if group is not None else None
                if gid is not None:
                    self._show_match_when_loaded(text, gid)
            self.refresh()

        self.ctx.run_write(fn, done, self._failed, title=title, changes=topics(T.RECONCILIATION))

    def _show_match_when_loaded(self, text: str, group_id: int) -> None:
        """After the reload: select match ``group_id`` on both sides, or, when the Show filter
        hides it (Show: Unmatched after matching), say so with Show it (Show: All, selected)."""

        def pick() -> None:
            for side in ("ledger", "statement"):  # as a click on it: the partners too
                first = next((r for r in self._rows(side) if r.match is not None
                              and r.match.group_id == group_id), None)  # fmt: skip
                if first is not None:
                    self.select_item(side, first.item.id)
                    return

        def loaded(_status: str) -> None:
            self.status_changed.disconnect(loaded)
            shown = any(
                r.match is not None and r.match.group_id == group_id
                for side in ("ledger", "statement")
                for r in self._rows(side)
            )
            if shown:
                pick()
                return
            hiding = self.filter.currentText()

            def show() -> None:
                self.filter.setCurrentIndex(0)  # All (the tables refill at once)
                pick()

            self.ctx.announce(f"{text} — not shown: hidden by Show: {hiding}", show)

        self.status_changed.connect(loaded)

    def auto_match(self) -> None:
        stream, year = self.stream_code, self.year
        statement, periods = self.chosen_scope()

        def fn(ledger: Any) -> Any:
            from ui.usecases.reconcile import reconcile

            return reconcile(ledger, stream, year, statement=statement, periods=periods)

        def said(view: ReconView) -> str:
            r = view.result
            return (
                f"Auto-matched ledger items with the general ledger: {len(r.matches)} matched, "
                f"{len(r.ledger_only)} ledger-only, {len(r.statement_only)} statement-only"
            )

        self._write(fn, "Auto-matching ledger items with the general ledger…", said)

    def match_ticked(self) -> None:
        lids = sorted(self.ledger_model.ticked)
        sids = sorted(self.statement_model.ticked)
        if not lids or not sids:
            say(self.message, "Tick at least one ledger item and one statement line to match.")
            return

        def fn(ledger: Any) -> int:
            from ui.usecases.reconcile import match

            return match(ledger, lids, sids)

        def said(gid: int) -> str:
            return (
                f"Matched {_count(len(lids), 'ledger item')} with "
                f"{_count(len(sids), 'statement line')} (match #{gid})"
            )

        self.ledger_model.clear_ticks()
        self.statement_model.clear_ticks()
        self._write(fn, "Matching…", said, lambda gid: gid)

    def _group_action(self, action: str) -> None:
        row = self.selected_row()
        if row is None or row.match is None or row.match.group_id is None:
            return
        gid = row.match.group_id

        def fn(ledger: Any) -> None:
            from ui.usecases import reconcile as uc

            if action == "accept":
                uc.accept(ledger, gid)
            else:
                uc.reject(ledger, gid, "unmatched on the reconciliation page")

        done = "Accepted" if action == "accept" else "Unmatched"
        kept = (lambda _r: gid) if action == "accept" else None
        self._write(fn, "Saving…", lambda _r: f"{done} match #{gid}", kept)

    def accept_selected(self) -> None:
        self._group_action("accept")

    def unmatch_selected(self) -> None:
        self._group_action("reject")

    def clear_page(self) -> None:
        """Another ledger: no proof, totals, suggestion, sign-off or message of this one."""
        self.view_data = None
        for label in (self.proof_label, self.running_label, self.suggest_label,
                      self.signoff_label, self.message):  # fmt: skip
            label.setText("")
        self._update_buttons()

    def to_explain(self) -> tuple[str, list[ReconRow]]:
        """The ticked unmatched rows (this side's, else the other's), else the selected one."""
        other = "statement" if self._active == "ledger" else "ledger"
        for side in (self._active, other):
            model = self._view(side)[1]
            ticked = [r for r in model.ticked_rows() if r.match is None]
            if ticked:
                return side, ticked
        row = self.selected_row()
        return self._active, [row] if row is not None and row.match is None else []

    def explain_selected(self) -> None:
        side, rows = self.to_explain()
        if not rows:
            return
        got = ExplainDialog.get(self._widget(), rows[0], len(rows) - 1)
        if got is None:
            return
        ids = [r.item.id for r in rows]

        def fn(ledger: Any) -> list[int]:
            from ui.usecases.reconcile_explain import explain_items

            return explain_items(ledger, side, ids, got[0], got[1])

        said = f"Explained {len(ids)} unmatched item{'s' if len(ids) != 1 else ''} as {got[0]}"

        def done(_r: Any) -> None:
            self.ctx.announce(said)
            self.refresh()

        say(self.message, "")
        self.ctx.run_write(fn, done, self._failed, title="Saving…",
                           changes=topics(T.RECONCILIATION))  # fmt: skip

    def _streams(self) -> list[str]:
        v = self.view_data
        if v is None:
            return []
        found = {i.stream for i in v.ledger} | {i.stream for i in v.statement}
        return sorted(found | ({self.stream_code} if self.stream_code else set()))

    def sign_off(self) -> None:
        """Sign off the ticked streams over a range of periods (the dialog shows each period's
        movement, cumulative and unexplained difference)."""
        v = self.view_data
        if v is None or v.scope.year is None or v.scope.periods is None:
            say(self.message, "Choose a year and a statement to sign off its periods.")
            return
        chosen = [self.stream_code] if self.stream_code else self._streams()
        statement, year = list(v.scope.batches), v.scope.year
        got = SignOffDialog.get(self.ctx, self._widget(), self._streams(), chosen, year,
                                v.scope.periods, statement)  # fmt: skip
        if got is None:
            return
        streams, periods, reason = got

        def fn(ledger: Any) -> Any:
            from ui.usecases.reconcile import sign_off

            return sign_off(ledger, streams, year, periods, reason, statement)

        self._write(fn, "Signing off…")

    def reopen_signoff(self) -> None:
        v, stream = self.view_data, self.stream_code
        if v is None or stream is None or v.scope.year is None:
            return
        signed = sorted(s.period for s in v.signoffs if s.stream == stream)
        if not signed:
            say(self.message, f"Nothing of {stream} is signed off in this year.")
            return
        year = v.scope.year
        shut = self.closed_periods  # read with the page's data, as its own pickers mark them
        got = ReopenDialog.get(self._widget(), stream, year, (signed[0], signed[-1]), shut)
        if got is None:
            return
        periods, reason = got

        def fn(ledger: Any) -> Any:
            from ui.usecases.reconcile import reopen

            return reopen(ledger, stream, year, periods, reason)

        self._write(fn, "Reopening…")

    def export_view(self) -> None:
        if self.view_data is None:
            return
        from ..widgets.file_choice import choose_save

        path = choose_save(self._widget(), self.ctx.settings, "statement",
                           "Export reconciliation statement", "reconciliation.xlsx",
                           "Excel (*.xlsx)")  # fmt: skip
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        view = self.view_data
        if view is None:
            return

        def fn(ledger: Any) -> Any:
            from pathlib import Path

            from ui.usecases.reconcile import export_statement

            return export_statement(ledger, view, Path(path))

        self.ctx.run_read(
            fn, lambda _r: self.status_changed.emit(f"Exported the statement to {path}"),
            self._failed, progress=True, title="Exporting the reconciliation statement…",
        )  # fmt: skip

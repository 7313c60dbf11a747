"""The reconciliation page: the ledger and a GL statement side by side over a period range —
the statement (one GL import or all) and the periods are chosen above the tables; earlier
unmatched items are brought forward; items after the statement's last date are out of scope.
Filters, tick to match by hand, accept or unmatch, explanations, the running difference and its
proof (stating its scope), and sign-off of streams over a range (movement and cumulative
differences labelled) with reopening.  All work goes through :mod:`ui.usecases.reconcile`;
the actions live in :mod:`.reconciliation_actions`."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.years import FinancialYear

from ..models.reconciliation import Col, ReconItemsModel, ReconRow, SortedBy, ordered
from ..widgets.elided import ElidedLabel
from ..widgets.permissions import gate
from ..widgets.selection import select_only_row
from .base import Page
from .reconciliation_actions import ReconActions
from .reconciliation_table import (
    FILTERS,
    PeriodPick,
    fill_scope,
    make_table,
    rows_of,
    say,
    signoff_detail,
    signoff_text,
    suggestion,
)
from .registers import button

if TYPE_CHECKING:
    from ui.usecases.reconcile import ReconView

    from ..context import AppContext

#: what the page loads off the GUI thread: the view, the statements, the closed periods, and
#: each side's rows sorted in the order it is shown (with that order)
Loaded = tuple["ReconView", list[Any], set[int], dict[str, tuple[list[ReconRow], SortedBy]]]

SP = QStyle.StandardPixmap


class ReconciliationPage(ReconActions, Page):
    """Reconcile the ledger to the imported general-ledger statement."""

    name = "reconciliation"
    title = "Reconciliation"
    description = "Match the ledger to the council's general ledger"
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view_data: ReconView | None = None
        #: the periods closed for the stream shown (all-streams locks for All streams)
        self.closed_periods: set[int] = set()
        self.ledger_model = ReconItemsModel("ledger", self)
        self.statement_model = ReconItemsModel("statement", self)
        self.ledger_view = make_table(
            self.ledger_model,
            self,
            "No ledger transactions to reconcile for this stream and year (reported actuals "
            "are not general-ledger postings).",
        )
        self.statement_view = make_table(
            self.statement_model,
            self,
            "No general-ledger statement lines: import the general ledger (Imports) to "
            "reconcile against it.",
        )
        for side, view in (("ledger", self.ledger_view), ("statement", self.statement_view)):
            view.horizontalHeader().sortIndicatorChanged.connect(
                lambda col, order, side=side: self._sort_side(side, col, order)
            )  # a header click sorts off the GUI thread
        self._active = "ledger"
        self._syncing = False
        self._filling = False
        self._statement: list[int] = []
        self._periods: tuple[int, int] | None = None
        self._build()
        for model in (self.ledger_model, self.statement_model):
            model.ticked_changed.connect(self._update_running)
        for side, view in (("ledger", self.ledger_view), ("statement", self.statement_view)):
            view.selectionModel().selectionChanged.connect(
                lambda _s, _d, side=side: self._selected_changed(side)
            )

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.filter = QComboBox()
        self.filter.addItems(FILTERS)
        self.filter.setAccessibleName("Show")
        self.filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.statement_pick = QComboBox()
        self.statement_pick.setAccessibleName("Statement")
        self.statement_pick.setToolTip("The GL import(s) to reconcile against")
        self.statement_pick.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.statement_pick.setMinimumContentsLength(16)
        # closed periods marked; the whole name shown when there is room, never widening past it
        self.first_pick, self.last_pick = PeriodPick("From period"), PeriodPick("To period")
        for combo in (self.first_pick, self.last_pick):
            combo.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.statement_pick.currentIndexChanged.connect(lambda _i: self._scope_changed(True))
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        # the scope on the title row; what to show goes with the actions, so the period pickers
        # have room for "P06 September 2025 — closed" at 1400 px
        for text, pick in (("Statement:", self.statement_pick), ("Periods:", self.first_pick),
                           ("to", self.last_pick)):  # fmt: skip
            bar.addWidget(QLabel(text))
            bar.addWidget(pick)
        self.auto_button = button(self, "&Auto-match", self.auto_match,
                                  "Match by reference, then amount and supplier", SP.SP_BrowserReload)  # fmt: skip
        self.match_button = button(self, "&Match ticked", self.match_ticked,
                                   "Match the ticked ledger items to the ticked statement lines",
                                   SP.SP_DialogApplyButton)  # fmt: skip
        self.accept_button = button(self, "A&ccept", self.accept_selected,
                                    "Accept the selected proposed match", SP.SP_DialogYesButton)  # fmt: skip
        self.unmatch_button = button(self, "&Unmatch", self.unmatch_selected,
                                     "Unmatch the selected match (it is not proposed again)",
                                     SP.SP_DialogCancelButton)  # fmt: skip
        self.explain_button = button(self, "E&xplain…", self.explain_selected,
                                     "Explain why the selected item is unmatched",
                                     SP.SP_FileDialogDetailedView)  # fmt: skip
        self.signoff_button = button(self, "&Sign off…", self.sign_off,
                                     "Sign off streams over a range of periods; their matches are "
                                     "then locked", SP.SP_DialogSaveButton)  # fmt: skip
        self.reopen_button = button(self, "&Reopen…", self.reopen_signoff,
                                    "Reopen this stream's sign-off (finance officers and "
                                    "administrators; a reason is recorded)",
                                    SP.SP_BrowserStop)  # fmt: skip
        self.export_button = button(self, "E&xport…", self.export_view,
                                    "Reconciliation statement workbook (Ctrl+E)", SP.SP_DriveHDIcon)  # fmt: skip
        actions = QHBoxLayout()  # a row of their own: the title row stays narrow
        for b in (self.auto_button, self.match_button, self.accept_button, self.unmatch_button,
                  self.explain_button, self.signoff_button, self.reopen_button,
                  self.export_button):  # fmt: skip
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(QLabel("Show:"))
        actions.addWidget(self.filter)
        self.ledger_label = QLabel("Ledger")
        self.statement_label = QLabel("Statement")
        for side in (self.ledger_label, self.statement_label):
            side.setWordWrap(True)  # the counts wrap: two long lines never widen the page
        split = QSplitter(Qt.Orientation.Horizontal, self)
        for label, view in ((self.ledger_label, self.ledger_view),
                            (self.statement_label, self.statement_view)):  # fmt: skip
            box = QWidget(split)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(label)
            lay.addWidget(view, 1)
            split.addWidget(box)
        self.proof_label = QLabel()
        self.proof_label.setTextFormat(Qt.TextFormat.RichText)
        self.proof_label.setWordWrap(True)
        self.running_label = QLabel()
        self.running_label.setWordWrap(True)
        self.suggest_label = QLabel()
        self.suggest_label.setWordWrap(True)
        self.signoff_label = QLabel()
        self.signoff_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e")
        self.message.setWordWrap(True)
        say(self.suggest_label, "")
        say(self.message, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        for w in (
            self.suggest_label, self.running_label, self.proof_label, self.signoff_label,
            self.message,
        ):  # fmt: skip
            layout.addWidget(w)
        # Tab in reading order: the scope pickers, the actions, then the two tables
        order = [self.statement_pick, self.first_pick, self.last_pick, self.filter,
                 self.auto_button, self.match_button, self.accept_button, self.unmatch_button,
                 self.explain_button, self.signoff_button, self.reopen_button,
                 self.export_button, self.ledger_view, self.statement_view]  # fmt: skip
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    # ------------------------------------------------------------------ loading
    def chosen_scope(self) -> tuple[list[int], tuple[int, int] | None]:
        """(statement batch ids, periods) as chosen above the tables ([] / None: defaults)."""
        return list(self._statement), self._periods

    def _scope_changed(self, statement: bool = False) -> None:
        if self._filling:
            return
        batch = self.statement_pick.currentData()
        self._statement = [] if batch is None else [int(batch)]
        first, last = self.first_pick.currentData(), self.last_pick.currentData()
        # a new statement starts at the periods it covers
        self._periods = None if statement or first is None else (first, max(first, last))
        self.refresh()

    def set_scope(self, stream_code: str | None, year: int | None) -> None:
        if year != self.year:
            self._periods = None
        super().set_scope(stream_code, year)

    def refresh(self) -> None:
        stream, year = self.stream_code, self.year
        statement, periods = self.chosen_scope()
        # each side's rows are made and sorted off the GUI thread, in the order shown now
        orders = {side: (m.sorted_by, frozenset(m.ticked))
                  for side, m in (("ledger", self.ledger_model),
                                  ("statement", self.statement_model))}  # fmt: skip

        def fn(ledger: Any) -> Loaded:
            from ui.usecases.periods import closed
            from ui.usecases.reconcile import gl_batches_of, load

            view = load(ledger, stream, year, statement=statement, periods=periods)
            shut = set() if view.year is None else closed(ledger, view.year, view.stream)
            rows = {side: (ordered(rows_of(view, side), by, ticked), by)
                    for side, (by, ticked) in orders.items()}  # fmt: skip
            return view, gl_batches_of(ledger), shut, rows

        self.load(fn, self._loaded, self._failed)

    def _loaded(self, got: Loaded) -> None:
        view, batches, closed, rows = got
        self.view_data, self.closed_periods = view, closed
        when = FinancialYear(view.year).code if view.year is not None else "all years"
        self.heading.setText(f"Reconciliation — {view.stream or 'All streams'}, {when}")
        self._fill_scope(view, batches, closed)
        keep = self._keeper()
        for side, model in (("ledger", self.ledger_model), ("statement", self.statement_model)):
            model.keep = keep
            model.set_rows(*rows[side])
        self._fill_labels()
        self._update_proof()
        self._update_buttons()
        self.status_changed.emit(self.status_text())

    def _fill_scope(self, view: ReconView, batches: list[Any], closed: set[int]) -> None:
        self._filling = True
        try:
            fill_scope(self.statement_pick, self.first_pick, self.last_pick, view, batches, closed)
        finally:
            self._filling = False

    def _failed(self, exc: BaseException) -> None:
        say(self.message, str(exc))

    def _sort_side(self, side: str, column: int, order: Qt.SortOrder) -> None:
        model = self._view(side)[1]
        if (column, order) != model.sorted_by:
            model.sort_later(
                (Col(column), order),
                lambda work, done: self.ctx.run_task(work, done, title="Sorting…"),
            )

    def _rows(self, side: str) -> list[ReconRow]:
        """The rows a side shows (the Show filter's), in its order."""
        return self._view(side)[1].rows

    def _keeper(self) -> Callable[[ReconRow], bool] | None:
        """The Show filter as a test of a row (None: All)."""
        f = self.filter.currentText()
        if f == "Unmatched":
            return lambda row: row.match is None
        if f == "Matched":
            return lambda row: row.match is not None
        if f == "Proposed":
            return lambda row: row.match is not None and row.match.status == "proposed"
        if f == "Brought forward":
            return lambda row: row.brought_from is not None
        return None

    def _fill(self) -> None:
        """The Show filter changed: each side shows what it keeps (no reload, no sort)."""
        keep = self._keeper()
        self.ledger_model.set_filter(keep)
        self.statement_model.set_filter(keep)
        self._fill_labels()

    def _fill_labels(self) -> None:
        v = self.view_data
        if v is None:
            return
        r = v.result
        bf_l = [i for i in v.brought_forward if type(i).__name__ == "LedgerItem"]
        bf_s = len(v.brought_forward) - len(bf_l)
        self.ledger_label.setText(
            f"<b>Ledger</b> — {len(v.ledger)} items, {format_gbp(r.ledger_total)}; "
            f"{len(r.ledger_only)} unmatched, {format_gbp(r.proof.ledger_only_total)}"
            + (f"; {len(bf_l)} brought forward" if bf_l else "")
        )
        self.statement_label.setText(
            f"<b>Statement (general ledger)</b> — {len(v.statement)} lines, "
            f"{format_gbp(r.statement_total)}; {len(r.statement_only)} unmatched, "
            f"{format_gbp(r.proof.statement_only_total)}"
            + (f"; {bf_s} brought forward" if bf_s else "")
        )

    def _update_proof(self) -> None:
        v = self.view_data
        if v is None:
            return
        p = v.result.proof
        ok = "✔ proof balances" if p.balances else "✘ PROOF DOES NOT BALANCE"
        from ui.usecases.reconcile import out_of_scope  # loaded with the view

        after = "".join(f" · out of scope: {line}" for line in out_of_scope(v))
        self.proof_label.setText(
            f"Over {v.scope.label}: statement {format_gbp(p.statement_total)} − ledger "
            f"{format_gbp(p.ledger_total)} = <b>difference {format_gbp(p.difference)}</b> "
            f"(cumulative over the range) = statement-only {format_gbp(p.statement_only_total)}"
            f" − ledger-only {format_gbp(p.ledger_only_total)} + matched differences "
            f"{format_gbp(p.matched_difference)} &nbsp; {ok}{after}"
        )
        self.signoff_label.setText(signoff_text(v))
        self.signoff_label.setToolTip(signoff_detail(v))

    def _update_running(self) -> None:
        lt, st = self.ledger_model.ticked_total(), self.statement_model.ticked_total()
        n_l, n_s = len(self.ledger_model.ticked), len(self.statement_model.ticked)
        self.running_label.setText(
            f"Ticked: ledger {n_l} item(s) {format_gbp(lt)} · statement {n_s} line(s) "
            f"{format_gbp(st)} · difference {format_gbp(st - lt)}"
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Each action by role first (greyed with the reason, as everywhere), then by what is
        selected or ticked."""
        why = self.ctx.why_not("reconcile.signoff")  # finance officers reconcile
        why = why.replace("sign off a reconciliation", "reconcile") if why else None
        if why is None and self.view_data is None:
            why = "Loading…"
        row, v = self.selected_row(), self.view_data
        scoped = v is not None and v.scope.periods is not None
        ticked = bool(self.ledger_model.ticked) and bool(self.statement_model.ticked)
        for b, pick, tip in (
            (self.auto_button, None, "Match by reference, then amount and supplier"),
            (self.match_button, None if ticked else "Tick items on both sides to match them",
             "Match the ticked ledger items to the ticked statement lines"),
            (self.accept_button,
             None if row and row.match and row.match.status == "proposed"
             else "Select a proposed match", "Accept the selected proposed match"),
            (self.unmatch_button, None if row and row.match else "Select a matched item",
             "Unmatch the selected match (it is not proposed again)"),
            (self.explain_button, None if self.to_explain()[1]
             else "Tick or select unmatched items to explain", "Explain why the ticked (or "
             "selected) items are unmatched"),
            (self.signoff_button,
             None if scoped else "Choose a year and a statement to sign off its periods",
             "Sign off streams over a range of periods; their matches are then locked"),
        ):  # fmt: skip
            gate(b, why or pick, tip)
        signed = v is not None and any(s.stream == self.stream_code for s in v.signoffs)
        gate(self.reopen_button,
             self.ctx.why_not("reconcile.reopen") or (None if self.stream_code else
             "Choose one stream to reopen its sign-off") or (None if signed else
             "Nothing of this stream is signed off"),
             "Reopen this stream's sign-off (a reason is recorded); its matches can change again")  # fmt: skip

    # ------------------------------------------------------------------ selection
    def _view(self, side: str) -> tuple[QTableView, ReconItemsModel]:
        if side == "ledger":
            return self.ledger_view, self.ledger_model
        return self.statement_view, self.statement_model

    def selected_row(self) -> ReconRow | None:
        view, model = self._view(self._active)
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        return model.rows[rows[0].row()]

    def _selected_changed(self, side: str) -> None:
        if self._syncing:
            return
        self._active = side
        row = self.selected_row()
        other = "statement" if side == "ledger" else "ledger"
        if row is not None and row.match is not None and row.match.group_id is not None:
            self._select_group(other, row.match.group_id)
        self._suggest(row, other)
        self._update_buttons()

    def _suggest(self, row: ReconRow | None, other: str) -> None:
        """Unmatched items on the other side that could match the selected unmatched one."""
        v = self.view_data
        say(self.suggest_label, "" if v is None or row is None else suggestion(v, row, other))

    def _select_group(self, side: str, group_id: int) -> None:
        view, model = self._view(side)
        sel = QItemSelection()
        for r in model.rows_of_group(group_id):
            sel.select(model.index(r, 0), model.index(r, model.columnCount() - 1))
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            view.selectionModel().select(sel, flags)
            if not sel.isEmpty():
                view.scrollTo(sel.indexes()[0])
        finally:
            self._syncing = False

    def select_item(self, side: str, item_id: int) -> None:
        """Select one item's row (tests, drill-down)."""
        view, model = self._view(side)
        for r, row in enumerate(model.rows):
            if row.item.id == item_id:
                select_only_row(view, r)
                self._selected_changed(side)
                return

    def status_text(self) -> str:
        v = self.view_data
        if v is None:
            return ""
        r = v.result
        return (
            f"{len(r.matches)} matched · {len(r.ledger_only)} ledger-only · "
            f"{len(r.statement_only)} statement-only · difference {format_gbp(r.difference)}"
        )

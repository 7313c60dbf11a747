"""The reconciliation page: ledger and GL statement side by side, matched/unmatched filters, tick
to match by hand, accept or unmatch, explanations, the running difference and its proof, and
sign-off for a stream's period.  All work goes through :mod:`ui.usecases.reconcile`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.matching import candidates
from fundledger.money import format_gbp
from fundledger.years import FinancialYear, period_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..dialogs.reconciliation import ExplainDialog, SignOffDialog
from ..models.reconciliation import GROUP_ROLE, Col, ReconItemsModel, ReconRow
from ..models.records import SORT_ROLE
from ..widgets.elided import ElidedLabel
from ..widgets.permissions import gate
from ..widgets.placeholder import PlaceholderTable
from .base import Page
from .registers import button

if TYPE_CHECKING:
    from ui.usecases.reconcile import ReconView

    from ..context import AppContext

SP = QStyle.StandardPixmap
FILTERS = ("All", "Unmatched", "Matched", "Proposed")


def _say(label: QLabel, text: str) -> None:
    """Set a note's text; an empty note takes no room."""
    label.setText(text)
    label.setVisible(bool(text))


def _table(
    model: ReconItemsModel, parent: QWidget, empty: str
) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = PlaceholderTable(empty, parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(Col.DATE, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    # sized so both side-by-side tables show every figure up to Score at 1500 px; the note
    # (what explained an item) takes what is left
    fm = view.fontMetrics()

    def w(text: str) -> int:
        return fm.horizontalAdvance(text) + 14

    for col, width in ((Col.TICK, 24), (Col.DATE, w("00/00/0000")), (Col.PERIOD, 50),
                       (Col.REFERENCE, w("INV-WOM-202504-0009")), (Col.COUNTERPARTY, 84),
                       (Col.AMOUNT, w("-£99,999.00")), (Col.STATUS, w("matched #000")),
                       (Col.SCORE, w("Score") + 8)):  # fmt: skip
        view.setColumnWidth(col, width)
    view.setColumnHidden(Col.PERIOD, True)  # the date says it; shown in the sign-off dialog
    return view, proxy


class ReconciliationPage(Page):
    """Reconcile the ledger to the imported general-ledger statement."""

    name = "reconciliation"
    title = "Reconciliation"
    description = "Match the ledger to the council's general ledger"
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view_data: ReconView | None = None
        self.ledger_model = ReconItemsModel("ledger", self)
        self.statement_model = ReconItemsModel("statement", self)
        self.ledger_view, self.ledger_proxy = _table(
            self.ledger_model,
            self,
            "No ledger transactions to reconcile for this stream and year (reported actuals "
            "are not general-ledger postings).",
        )
        self.statement_view, self.statement_proxy = _table(
            self.statement_model,
            self,
            "No general-ledger statement lines: import the general ledger (Imports) to "
            "reconcile against it.",
        )
        self._active = "ledger"
        self._syncing = False
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
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.filter)
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
                                     "Sign off a period of this stream; its matches are then locked",
                                     SP.SP_DialogSaveButton)  # fmt: skip
        self.export_button = button(self, "E&xport…", self.export_view,
                                    "Reconciliation statement workbook (Ctrl+E)", SP.SP_DriveHDIcon)  # fmt: skip
        actions = QHBoxLayout()  # a row of their own: the title row stays narrow
        for b in (self.auto_button, self.match_button, self.accept_button, self.unmatch_button,
                  self.explain_button, self.signoff_button, self.export_button):  # fmt: skip
            actions.addWidget(b)
        actions.addStretch(1)
        self.ledger_label = QLabel("Ledger")
        self.statement_label = QLabel("Statement")
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
        _say(self.suggest_label, "")
        _say(self.message, "")
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

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        stream, year = self.stream_code, self.year

        def fn(ledger: Any) -> ReconView:
            from ui.usecases.reconcile import load

            return load(ledger, stream, year)

        self.load(fn, self._loaded, self._failed)

    def _loaded(self, view: ReconView) -> None:
        self.view_data = view
        scope = f"{view.stream or 'All streams'}, " + (
            FinancialYear(view.year).code if view.year is not None else "all years"
        )
        self.heading.setText(f"Reconciliation — {scope}")
        self._fill()
        self._update_proof()
        self._update_buttons()
        self.status_changed.emit(self.status_text())

    def _failed(self, exc: BaseException) -> None:
        _say(self.message, str(exc))

    def _rows(self, side: str) -> list[ReconRow]:
        v = self.view_data
        if v is None:
            return []
        r = v.result
        by_item = {}
        for m in r.matches:
            for i in m.ledger_ids if side == "ledger" else m.statement_ids:
                by_item[i] = m
        items: Sequence[Any] = v.ledger if side == "ledger" else v.statement
        rows = []
        for item in items:
            key = (side, item.id)
            expl = v.explanations.get(key)
            rows.append(
                ReconRow(item, by_item.get(item.id), r.hints.get(key, ""),
                         (expl.category, expl.text) if expl else None)
            )  # fmt: skip
        return [row for row in rows if self._shown(row)]

    def _shown(self, row: ReconRow) -> bool:
        f = self.filter.currentText()
        if f == "Unmatched":
            return row.match is None
        if f == "Matched":
            return row.match is not None
        if f == "Proposed":
            return row.match is not None and row.match.status == "proposed"
        return True

    def _fill(self) -> None:
        self.ledger_model.set_rows(self._rows("ledger"))
        self.statement_model.set_rows(self._rows("statement"))
        v = self.view_data
        if v is None:
            return
        r = v.result
        self.ledger_label.setText(
            f"<b>Ledger</b> — {len(v.ledger)} items, {format_gbp(r.ledger_total)}; "
            f"{len(r.ledger_only)} unmatched, {format_gbp(r.proof.ledger_only_total)}"
        )
        self.statement_label.setText(
            f"<b>Statement (general ledger)</b> — {len(v.statement)} lines, "
            f"{format_gbp(r.statement_total)}; {len(r.statement_only)} unmatched, "
            f"{format_gbp(r.proof.statement_only_total)}"
        )

    def _update_proof(self) -> None:
        v = self.view_data
        if v is None:
            return
        p = v.result.proof
        ok = "✔ proof balances" if p.balances else "✘ PROOF DOES NOT BALANCE"
        self.proof_label.setText(
            f"Statement {format_gbp(p.statement_total)} − ledger {format_gbp(p.ledger_total)} = "
            f"<b>difference {format_gbp(p.difference)}</b> = statement-only "
            f"{format_gbp(p.statement_only_total)} − ledger-only {format_gbp(p.ledger_only_total)}"
            f" + matched differences {format_gbp(p.matched_difference)} &nbsp; {ok}"
        )
        if v.signoffs:
            parts = [
                f"{s.stream} {FinancialYear(s.year).code} {period_label(s.period)} by "
                f"{s.signed_by} on {s.signed_at:%d/%m/%Y}" for s in v.signoffs
            ]  # fmt: skip
            self.signoff_label.setText("Signed off: " + "; ".join(parts))
        else:
            self.signoff_label.setText("Not signed off.")

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
        row = self.selected_row()
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
             None if self.stream_code else "Choose one stream to sign off its reconciliation",
             "Sign off a period of this stream; its matches are then locked"),
        ):  # fmt: skip
            gate(b, why or pick, tip)

    # ------------------------------------------------------------------ selection
    def _view(self, side: str) -> tuple[QTableView, QSortFilterProxyModel, ReconItemsModel]:
        if side == "ledger":
            return self.ledger_view, self.ledger_proxy, self.ledger_model
        return self.statement_view, self.statement_proxy, self.statement_model

    def selected_row(self) -> ReconRow | None:
        view, proxy, model = self._view(self._active)
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        return model.rows[proxy.mapToSource(rows[0]).row()]

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
        if v is None or row is None or row.match is not None:
            _say(self.suggest_label, "")
            return
        r = v.result
        pool: Sequence[Any] = r.statement_only if other == "statement" else r.ledger_only
        found = candidates(row.item, pool)[:3]
        if not found:
            _say(self.suggest_label, f"No likely match among the unmatched {other} items.")
            return
        parts = [
            f"{c.reference or '(no reference)'} {c.date:%d/%m/%Y} {format_gbp(c.amount)} "
            f"(score {score})"
            for c, score in found
        ]
        _say(self.suggest_label, f"Possible {other} matches: " + "; ".join(parts))

    def _select_group(self, side: str, group_id: int) -> None:
        view, proxy, _model = self._view(side)
        sel = QItemSelection()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(GROUP_ROLE) == group_id:
                sel.select(proxy.index(r, 0), proxy.index(r, proxy.columnCount() - 1))
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
        view, proxy, model = self._view(side)
        for r, row in enumerate(model.rows):
            if row.item.id == item_id:
                idx = proxy.mapFromSource(model.index(r, 0))
                view.selectRow(idx.row())
                self._selected_changed(side)
                return

    # ------------------------------------------------------------------ actions
    def _write(self, fn: Callable[[Any], Any], title: str) -> None:
        _say(self.message, "")
        self.ctx.run_write(
            fn, lambda _r: self.refresh(), self._failed, title=title,
            changes=topics(T.RECONCILIATION),
        )  # fmt: skip

    def auto_match(self) -> None:
        stream, year = self.stream_code, self.year

        def fn(ledger: Any) -> Any:
            from ui.usecases.reconcile import reconcile

            return reconcile(ledger, stream, year)

        self._write(fn, "Auto-matching ledger items with the general ledger…")

    def match_ticked(self) -> None:
        lids = sorted(self.ledger_model.ticked)
        sids = sorted(self.statement_model.ticked)
        if not lids or not sids:
            _say(self.message, "Tick at least one ledger item and one statement line to match.")
            return

        def fn(ledger: Any) -> int:
            from ui.usecases.reconcile import match

            return match(ledger, lids, sids)

        self.ledger_model.clear_ticks()
        self.statement_model.clear_ticks()
        self._write(fn, "Matching…")

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

        self._write(fn, "Saving…")

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
            model = self._view(side)[2]
            ticked = [r for r in model.rows if r.item.id in model.ticked and r.match is None]
            if ticked:
                return side, ticked
        row = self.selected_row()
        return self._active, [row] if row is not None and row.match is None else []

    def explain_selected(self) -> None:
        side, rows = self.to_explain()
        if not rows:
            return
        got = ExplainDialog.get(self, rows[0], len(rows) - 1)
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

        _say(self.message, "")
        self.ctx.run_write(fn, done, self._failed, title="Saving…",
                           changes=topics(T.RECONCILIATION))  # fmt: skip

    def sign_off(self) -> None:
        v, stream = self.view_data, self.stream_code
        if v is None or stream is None:
            return
        signed = {(s.year, s.period) for s in v.signoffs if s.stream == stream}
        lines = [
            x for x in v.result.periods
            if x.stream == stream and (x.year, x.period) not in signed
        ]  # fmt: skip
        got = SignOffDialog.get(self, lines)
        if got is None:
            return
        year, period, text = got

        def fn(ledger: Any) -> Any:
            from ui.usecases.reconcile import sign_off

            return sign_off(ledger, [stream], year, (period, period), text)

        self._write(fn, "Signing off…")

    def export_view(self) -> None:
        if self.view_data is None:
            return
        from ..widgets.file_choice import choose_save

        path = choose_save(self, self.ctx.settings, "statement",
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

    def status_text(self) -> str:
        v = self.view_data
        if v is None:
            return ""
        r = v.result
        return (
            f"{len(r.matches)} matched · {len(r.ledger_only)} ledger-only · "
            f"{len(r.statement_only)} statement-only · difference {format_gbp(r.difference)}"
        )

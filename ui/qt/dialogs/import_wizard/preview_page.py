"""Step 4: every row as it will be imported — new, duplicate (left out), outside the ledger
(left out when the user says so) or error — worked out off the GUI thread; problems one line
per cause, and all of them in a workbook on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from fundledger.money import format_gbp

from ...models.records import SORT_ROLE
from .busy import Busy
from .models import STATUS_TEXT, PreviewCol, preview_model, table_view

if TYPE_CHECKING:
    from ui.usecases.imports import ImportResult, RowPreview

    from .host import WizardHost

_WIDTHS = ((PreviewCol.ROW, 56), (PreviewCol.STATUS, 84), (PreviewCol.STREAM, 64),
           (PreviewCol.AMOUNT, 110), (PreviewCol.DESCRIPTION, 300))  # fmt: skip


class PreviewPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check the rows")
        self.setSubTitle("Every row as it will be imported: new, duplicate (left out) or error.")
        self.model = preview_model()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(PreviewCol.STATUS)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = table_view(self.proxy, stretch=PreviewCol.REASON)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(PreviewCol.ROW, Qt.SortOrder.AscendingOrder)
        for col, width in _WIDTHS:
            self.view.setColumnWidth(col, width)
        self.only_errors = QCheckBox("Show only &errors")
        self.only_errors.toggled.connect(self._filter)
        self.outside = QCheckBox()
        self.outside.setObjectName("skipOutside")
        self.outside.hide()
        self.outside.toggled.connect(self._outside_toggled)
        self.save_errors = QPushButton("Save the &problems as a workbook…")
        self.save_errors.clicked.connect(self._save_errors)
        self.save_errors.hide()
        self.totals = QLabel()
        self.totals.setObjectName("importTotals")
        self.totals.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("importProblems")
        self.problems.setStyleSheet("color: #b3261e")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.leave_out = QPushButton("&Leave out / include selected rows")
        self.leave_out.setToolTip("Rows left out are not imported (e.g. a possible duplicate)")
        self.leave_out.clicked.connect(self.toggle_selected)
        self.code_to = QPushButton("&Code selected rows to…")
        self.code_to.setToolTip("Choose the budget line for the selected rows")
        self.code_to.clicked.connect(self.code_selected)
        self.busy = Busy(self)
        top = QHBoxLayout()
        top.addWidget(self.only_errors)
        top.addStretch(1)
        top.addWidget(self.leave_out)
        top.addWidget(self.code_to)
        top.addWidget(self.save_errors)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addLayout(top)
        # a line of its own: "Skip the 6,658 rows of 95 cost centres this ledger does not hold
        # (£85,278,426.51)" beside the buttons was cut off at "this le"
        layout.addWidget(self.outside)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.problems)
        self.checked: ImportResult | None = None

    def _filter(self, on: bool) -> None:
        self.proxy.setFilterFixedString(STATUS_TEXT["error"] if on else "")

    def initializePage(self) -> None:
        self._check()

    def _check(self) -> None:
        self.checked = None
        self.model.set_rows([])
        self.totals.setText("")
        self.problems.setText("")
        self.completeChanged.emit()
        self.wiz.dry_run(self.busy, self._loaded)

    def _outside_toggled(self, on: bool) -> None:
        skip = "skip" if on else "error"
        if skip != self.wiz.outside:
            self.wiz.outside = skip
            self._check()

    def _loaded(self, r: ImportResult) -> None:
        from ui.usecases.import_errors import problem_lines

        self.checked = r
        self.model.set_rows(list(r.preview))
        counts = {s: sum(1 for p in r.preview if p.status == s) for s in STATUS_TEXT}
        streams = ", ".join(f"{k} {format_gbp(v)}" for k, v in r.by_stream.items())
        outside = f", {counts['outside']:,} outside the ledger" if counts["outside"] else ""
        self.totals.setText(
            f"{r.rows_read:,} rows read: {counts['new']:,} new, {counts['duplicate']:,} "
            f"duplicate{outside}, {counts['error']:,} with errors. Will write {r.imported:,} "
            f"{'row' if r.imported == 1 else 'rows'}, total "
            f"{format_gbp(r.total)}" + (f" ({streams})" if streams else "") + "."
        )
        lines = problem_lines(r.errors, limit=8, app=True)
        if r.errors:
            lines.append(f"{len(r.errors):,} problem(s): nothing can be imported until they "
                         "are fixed.")  # fmt: skip
        self.problems.setText("\n".join(lines + [f"Note: {w}" for w in r.warnings]))
        self._offer_outside(r)
        self.save_errors.setVisible(bool(r.errors))
        self.completeChanged.emit()

    def _offer_outside(self, r: ImportResult) -> None:
        from ui.usecases.import_kinds.cost_centres import UNKNOWN_REASON

        unknown = [e for e in r.errors if e.reason == UNKNOWN_REASON]
        if self.wiz.outside == "skip" and r.outside is not None:
            o = r.outside
            text = (
                f"Skip the {o.rows:,} rows of {len(o.cost_centres):,} cost centres this ledger "
                f"does not hold ({format_gbp(o.total)})"
            )
        elif unknown:
            codes = {e.value for e in unknown}
            text = (
                f"Skip the {len(unknown):,} rows of {len(codes):,} cost centres this ledger "
                "does not hold"
            )
        else:
            self.outside.setVisible(self.wiz.outside == "skip")
            return
        self.outside.blockSignals(True)
        self.outside.setText(text)
        self.outside.setChecked(self.wiz.outside == "skip")
        self.outside.blockSignals(False)
        self.outside.show()

    def _save_errors(self) -> None:
        r = self.checked
        if r is None or not r.errors:
            return
        stem = self.wiz.choice["path"].stem
        from ...widgets.file_choice import choose_save

        name = choose_save(
            self,
            self.wiz.ctx.settings,
            "problems",
            "Save the problems",
            f"{stem} problems.xlsx",
            "Excel workbook (*.xlsx)",
        )
        if name:
            self.wiz.save_errors(r, name)

    def isComplete(self) -> bool:
        return self.checked is not None and not self.checked.errors and self.checked.imported > 0

    def selected_rows(self) -> list[RowPreview]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def toggle_selected(self) -> None:
        """Leave the selected rows out (or back in) and check the file again."""
        rows = {r.row for r in self.selected_rows() if r.status in ("new", "skipped")}
        if rows:
            self.wiz.set_choices(excluded=self.wiz.row_choices.excluded ^ frozenset(rows))
            self._check()

    def code_selected(self) -> None:
        """Code the selected rows (of one stream and year) to a budget line chosen here."""
        from .. import import_coding

        rows = [r for r in self.selected_rows() if r.status == "new"]

        def chosen(line: int) -> None:
            lines = dict(self.wiz.row_choices.lines) | {r.row: line for r in rows}
            self.wiz.set_choices(lines=lines)
            self._check()

        import_coding.choose_line(self.wiz.ctx, self, rows, chosen)

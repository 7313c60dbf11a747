"""The two side-by-side tables of the reconciliation page, and its small helpers."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QWidget,
)

from fundledger.matching import candidates
from fundledger.money import format_gbp
from fundledger.periods import period_name
from fundledger.years import period_label

from ..dialogs.period_marks import mark_closed
from ..models.reconciliation import Col, ReconItemsModel, ReconRow
from ..widgets.placeholder import PlaceholderTable

if TYPE_CHECKING:
    from ui.usecases.reconcile import ReconView

FILTERS = ("All", "Unmatched", "Matched", "Proposed", "Brought forward")


def say(label: QLabel, text: str) -> None:
    """Set a note's text; an empty note takes no room."""
    label.setText(text)
    label.setVisible(bool(text))


class PeriodPick(QComboBox):
    """A period picker that asks for room for its longest item ("P06 September 2025 —
    closed") but gives way to a fixed minimum ("P07 Oct 2025" fits), so the page shows the
    whole choice when there is room and never widens past a narrow window."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def sizeHint(self) -> QSize:
        least = super().sizeHint()
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(self.itemText(i)) for i in range(self.count())),
                     default=0)  # fmt: skip
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        room = self.style().sizeFromContents(
            QStyle.ContentsType.CT_ComboBox, opt, QSize(widest + 8, least.height()), self
        )
        return QSize(max(least.width(), room.width()), least.height())


def make_table(model: ReconItemsModel, parent: QWidget, empty: str) -> QTableView:
    """A side's table on its model, which sorts itself (never a sort proxy: see the model)."""
    view = PlaceholderTable(empty, parent)
    view.setModel(model)
    # a header click sorts off the GUI thread (the page's _sort_side), not through the view
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSectionsClickable(True)
    header.setSortIndicator(Col.DATE, Qt.SortOrder.AscendingOrder)
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
    return view


def rows_of(v: ReconView, side: str) -> list[ReconRow]:
    """One side's rows: the items in scope with their match, hint and explanation, then the
    unmatched items brought forward from earlier periods."""
    r = v.result
    by_item = {}
    for m in r.matches:
        for i in m.ledger_ids if side == "ledger" else m.statement_ids:
            by_item[i] = m
    items: list[Any] = list(v.ledger if side == "ledger" else v.statement)
    rows = []
    for item in items:
        key = (side, item.id)
        expl = v.explanations.get(key)
        rows.append(ReconRow(item, by_item.get(item.id), r.hints.get(key, ""),
                             (expl.category, expl.text) if expl else None))  # fmt: skip
    kind = "LedgerItem" if side == "ledger" else "StatementItem"
    for item in v.brought_forward:
        if type(item).__name__ == kind:
            expl = v.explanations.get((side, item.id))
            rows.append(ReconRow(item, None, "", (expl.category, expl.text) if expl else None,
                                 item.charged[1]))  # fmt: skip
    return rows


def signoff_text(v: ReconView) -> str:
    """The sign-offs in force, one phrase per range signed alike (same person, day and
    reason): the streams, the periods, the difference at the range's last period, who, when
    and the reason.  Each period's own figures: :func:`signoff_detail`."""
    if not v.signoffs:
        return "Not signed off."
    alike: dict[tuple[str, str, str | None], dict[str, list[Any]]] = {}
    for s in sorted(v.signoffs, key=lambda s: (s.stream, s.period)):
        key = (s.signed_by, f"{s.signed_at:%d/%m/%Y}", s.explanation)
        alike.setdefault(key, {}).setdefault(s.stream, []).append(s)
    parts = []
    for (by, day, why), streams in alike.items():
        spans: dict[tuple[int, int], list[Any]] = {}
        for rows in streams.values():
            run = [rows[0]]
            for s in [*rows[1:], None]:
                if s is not None and s.period == run[-1].period + 1:
                    run.append(s)
                    continue
                spans.setdefault((run[0].period, run[-1].period), []).append(run[-1])
                if s is not None:
                    run = [s]
        for (p0, p1), lasts in spans.items():
            names = ", ".join(s.stream for s in lasts)
            span = period_label(p0) + ("" if p0 == p1 else f"–{period_label(p1)}")
            if len(lasts) == 1 and p0 == p1:
                s = lasts[0]
                cum = "" if s.cumulative is None else f", cumulative {format_gbp(s.cumulative)}"
                figures = f"movement {format_gbp(s.difference)}{cum}"
            else:
                figures = f"cumulative at {period_label(p1)}: " + ", ".join(
                    (f"{s.stream} " if len(lasts) > 1 else "")
                    + format_gbp(s.difference if s.cumulative is None else s.cumulative)
                    for s in lasts
                )
            quote = f" — “{why}”" if why else ""
            parts.append(f"{names} {span} ({figures}) by {by} on {day}{quote}")
    return "Signed off: " + "; ".join(parts)


def signoff_detail(v: ReconView) -> str:
    """Each period signed off: its movement and cumulative difference, who, when, why."""
    lines = []
    for s in v.signoffs:
        cum = "" if s.cumulative is None else f", cumulative {format_gbp(s.cumulative)}"
        why = f" — “{s.explanation}”" if s.explanation else ""
        lines.append(f"{s.stream} {period_label(s.period)}: movement {format_gbp(s.difference)}"
                     f"{cum}; by {s.signed_by} on {s.signed_at:%d/%m/%Y %H:%M}{why}")  # fmt: skip
    return "\n".join(lines)


def fill_scope(
    statement: QComboBox,
    first: QComboBox,
    last: QComboBox,
    view: ReconView,
    batches: list[Any],
    closed: Collection[int] = (),
) -> None:
    """The statement picker (every GL import, or one) and the period range, as ``view`` was
    made over, its ``closed`` periods marked as in every period picker (the caller blocks its
    reaction to the changes)."""
    statement.clear()
    statement.addItem("All GL imports", None)
    for b in batches:
        statement.addItem(b.label, b.id)
    chosen = view.scope.batches[0] if len(view.scope.batches) == 1 else None
    statement.setCurrentIndex(max(0, statement.findData(chosen)))
    year, periods = view.scope.year, view.scope.periods
    for combo, end in ((first, 0), (last, 1)):
        combo.clear()
        combo.setEnabled(year is not None)
        if year is None:
            continue
        for n in range(1, 13):
            combo.addItem(period_name(year, n), n)
        mark_closed(combo, closed)
        combo.setCurrentIndex((periods[end] if periods else (1, 12)[end]) - 1)
        combo.updateGeometry()  # its longest item changed


def suggestion(v: ReconView, row: ReconRow, other: str) -> str:
    """Up to three unmatched items on the ``other`` side that could match ``row``."""
    if row.match is not None:
        return ""
    r = v.result
    pool: list[Any] = list(r.statement_only if other == "statement" else r.ledger_only)
    found = candidates(row.item, pool)[:3]
    if not found:
        return f"No likely match among the unmatched {other} items."
    parts = [
        f"{c.reference or '(no reference)'} {c.date:%d/%m/%Y} {format_gbp(c.amount)} "
        f"(score {score})"
        for c, score in found
    ]
    return f"Possible {other} matches: " + "; ".join(parts)

"""Budget lifecycle dialogs the allocations and settings pages open.

- :class:`VirementDialog` — request a virement between two lines of one stream and year;
- :class:`CarryForwardDialog` — request carrying an underspend into the next year;
- :class:`ForecastDialog` — enter a forecast outturn with commentary (history shown);
- :class:`ClosePeriodDialog` — close a period or a whole year (finance officers);
- :class:`ApprovalsDialog` — pending virements and carry-forwards: approve / reject;
- :class:`PeriodLocksDialog` — locks with their history: reopen (administrators, reason asked);
- :func:`lifecycle_menu` — all of these as one menu for a page's button.

Each form validates inline and writes once through ``ui.usecases.lifecycle`` on the pool; a
refusal (self-approval, grant conditions, a closed period, a role) is shown inline, nothing saved.
Every dialog has a ``run`` classmethod returning the result or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.years import period_label

from ..models.records import Column, RecordsModel
from ..widgets.permissions import gate
from ..widgets.records_table import RecordsTable
from .form import FormDialog, parse_money_field
from .reason import ReasonDialog

if TYPE_CHECKING:
    from db.queries.budget import LineBudget, LockRow, MovementRow

    from ..context import AppContext


def _year_code(y: int) -> str:
    return f"{y}-{(y + 1) % 100:02d}"


def _streams(ctx: AppContext) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from db.schema import Stream

    assert ctx.ledger is not None
    with ctx.ledger.read() as s:
        q = select(Stream.id, Stream.code).order_by(Stream.sort_order, Stream.code)
        return [(i, c) for i, c in s.execute(q)]


def _lines(ctx: AppContext, stream_code: str | None, year: int | None) -> list[LineBudget]:
    from db.queries.budget import line_budgets

    assert ctx.ledger is not None
    with ctx.ledger.read() as s:
        sid = dict((c, i) for i, c in _streams(ctx)).get(stream_code or "")
        return line_budgets(s, stream_id=sid, year=year)


def _line_combo(lines: list[LineBudget]) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    for ln in lines:
        combo.addItem(
            f"{ln.stream_code} {_year_code(ln.year)} · {ln.name} (revised {format_gbp(ln.revised)})",
            ln.line_id,
        )
    return combo


def _period_combo(whole_year: bool = False, current: int | None = None) -> QComboBox:
    combo = QComboBox()
    if whole_year:
        combo.addItem("Whole year", None)
    for p in range(1, 13):
        combo.addItem(period_label(p), p)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current))
    return combo


class _MoneyForm(FormDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(640)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("£0.00")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(60)
        self.reason.setPlaceholderText("Reason (required; recorded in the audit log)")
        self.amount_value: Any = None

    def _amount_problem(self) -> list[str]:
        value, problem = parse_money_field(self.amount.text())
        self.mark(self.amount, problem is not None)
        self.amount_value = value
        return [problem] if problem else []

    def _reason_problem(self) -> list[str]:
        return [] if self.reason.toPlainText().strip() else ["A reason is required"]


class VirementDialog(_MoneyForm):
    """Request a virement (it counts once someone else approves it)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Request a virement", parent)
        lines = _lines(ctx, stream_code, year)
        self.from_line = self.add_row("&From line", _line_combo(lines))
        self.to_line = self.add_row("&To line", _line_combo(lines))
        if len(lines) > 1:
            self.to_line.setCurrentIndex(1)  # type: ignore[attr-defined]
        self.add_row("&Amount", self.amount, "Exact amount to move, e.g. 2,500.00")
        self.period = self.add_row("&Period", _period_combo())
        self.add_row("&Reason", self.reason)
        note = QLabel(
            "Pending until approved by someone other than you; then revised budgets move."
        )
        note.setWordWrap(True)
        self.form.addRow(note)

    def problems(self) -> list[str]:
        out = self._amount_problem() + self._reason_problem()
        if self.from_line.currentData() == self.to_line.currentData():  # type: ignore[attr-defined]
            out.append("Choose two different lines")
        return out

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import request_virement

        return request_virement(
            ledger,
            self.from_line.currentData(),  # type: ignore[attr-defined]
            self.to_line.currentData(),  # type: ignore[attr-defined]
            self.amount_value,
            self.reason.toPlainText().strip(),
            self.period.currentData(),  # type: ignore[attr-defined]
        )


class CarryForwardDialog(_MoneyForm):
    """Request carrying an underspend (or committed balance) into the next year."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Carry forward to next year", parent)
        lines = _lines(ctx, stream_code, year)
        nxt = _lines(ctx, stream_code, None if year is None else year + 1)
        self.from_line = self.add_row("&From line", _line_combo(lines))
        self.to_line = self.add_row("&To line (next year)", _line_combo(nxt))
        self.basis = QComboBox()
        self.basis.addItem("Underspend", "underspend")
        self.basis.addItem("Committed balance", "committed")
        self.add_row("&Basis", self.basis)
        self.available = QLabel()
        self.add_row("Available", self.available)
        self.add_row("&Amount", self.amount)
        self.add_row("&Reason", self.reason)
        self.from_line.currentIndexChanged.connect(self._show_available)  # type: ignore[attr-defined]
        self.basis.currentIndexChanged.connect(self._show_available)
        self._show_available()
        self.warning.setText(_carry_forward_condition(ctx, stream_code))

    def _show_available(self) -> None:
        from db.ops.carry_forward import available_to_carry

        line_id = self.from_line.currentData()  # type: ignore[attr-defined]
        if line_id is None or self.ctx.ledger is None:
            self.available.setText("")
            return
        with self.ctx.ledger.read() as s:
            amount = available_to_carry(s, line_id, self.basis.currentData())
        self.available.setText(format_gbp(amount))

    def problems(self) -> list[str]:
        out = self._amount_problem() + self._reason_problem()
        if self.to_line.currentData() is None:  # type: ignore[attr-defined]
            out.append("The next year has no budget lines to carry into")
        return out

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import request_carry_forward

        return request_carry_forward(
            ledger,
            self.from_line.currentData(),  # type: ignore[attr-defined]
            self.to_line.currentData(),  # type: ignore[attr-defined]
            self.amount_value,
            self.reason.toPlainText().strip(),
            self.basis.currentData(),
        )


def _carry_forward_condition(ctx: AppContext, stream_code: str | None) -> str:
    """Say up front when the stream's grant conditions forbid carry-forward."""
    from sqlalchemy import select

    from db.schema import Stream
    from fundledger.budget import check_carry_forward

    if stream_code is None or ctx.ledger is None:
        return ""
    with ctx.ledger.read() as s:
        stream = s.execute(select(Stream).where(Stream.code == stream_code)).scalar_one_or_none()
        if stream is None:
            return ""
        problems = check_carry_forward(
            stream.code, stream.carry_forward_allowed, stream.carry_forward_condition, 0, 1
        )
    return problems[0] if problems else ""


class ForecastDialog(_MoneyForm):
    """Enter a forecast outturn for a line at a period, with commentary; history below."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
        line_id: int | None = None,
    ) -> None:
        super().__init__(ctx, "Forecast outturn", parent)
        self.line = self.add_row("&Line", _line_combo(_lines(ctx, stream_code, year)))
        if line_id is not None:
            self.line.setCurrentIndex(self.line.findData(line_id))  # type: ignore[attr-defined]
        self.period = self.add_row("&At period", _period_combo())
        self.add_row("&Forecast outturn", self.amount)
        self.reason.setPlaceholderText("Commentary: why the forecast differs from budget")
        self.add_row("&Commentary", self.reason)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.add_row("History", self.history)
        self.line.currentIndexChanged.connect(self._show_history)  # type: ignore[attr-defined]
        self._show_history()

    def _show_history(self) -> None:
        from db.queries.budget import forecast_history

        line_id = self.line.currentData()  # type: ignore[attr-defined]
        if line_id is None or self.ctx.ledger is None:
            return
        with self.ctx.ledger.read() as s:
            rows = forecast_history(s, line_id)[:5]
        self.history.setText(
            "\n".join(
                f"{period_label(f.period)}: {format_gbp(f.amount)} by {f.by}"
                + (f" — {f.commentary}" if f.commentary else "")
                for f in rows
            )
            or "No forecast yet"
        )

    def problems(self) -> list[str]:
        return self._amount_problem()

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import enter_forecast

        return enter_forecast(
            ledger,
            self.line.currentData(),  # type: ignore[attr-defined]
            self.period.currentData(),  # type: ignore[attr-defined]
            self.amount_value,
            self.reason.toPlainText().strip() or None,
        )


class ClosePeriodDialog(_MoneyForm):
    """Close a period or a whole year, for one stream or all (finance officers)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Close a period", parent)
        self.stream = QComboBox()
        self.stream.addItem("All streams", None)
        for sid, code in _streams(ctx):
            self.stream.addItem(code, sid)
            if code == stream_code:
                self.stream.setCurrentIndex(self.stream.count() - 1)
        self.add_row("&Stream", self.stream)
        self.year = QComboBox()
        for y in range(2021, 2031):
            self.year.addItem(_year_code(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(year or 2025)))
        self.add_row("&Year", self.year)
        self.period = self.add_row("&Period", _period_combo(whole_year=True))
        self.reason.setPlaceholderText("Note (e.g. month-end close)")
        self.add_row("&Note", self.reason)

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import close_period

        return close_period(
            ledger,
            self.year.currentData(),
            self.period.currentData(),  # type: ignore[attr-defined]
            self.stream.currentData(),
            self.reason.toPlainText().strip() or None,
        )


# ---------------------------------------------------------------------- list dialogs

MOVEMENT_COLUMNS: list[Column[MovementRow]] = [
    Column("Kind", "text", lambda r: "Carry-forward" if r.basis else "Virement"),
    Column("Stream", "text", lambda r: r.stream_code),
    Column("Year", "text", lambda r: _movement_years(r)),
    Column("From line", "text", lambda r: r.from_line),
    Column("To line", "text", lambda r: r.to_line),
    Column("Amount", "money", lambda r: r.amount),
    Column("Reason", "text", lambda r: r.reason),
    Column("Requested by", "text", lambda r: r.requested_by),
    Column("Status", "text", lambda r: r.status),
    Column("Decided by", "text", lambda r: r.decided_by),
]


def _movement_years(r: MovementRow) -> str:
    if r.from_year == r.to_year:
        return _year_code(r.from_year) + (f" {period_label(r.period)}" if r.period else "")
    return f"{_year_code(r.from_year)} → {_year_code(r.to_year)}"


class _ListDialog(QDialog):
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

    def finish_layout(self, table: RecordsTable) -> None:
        self.layout_.addWidget(table, 1)
        self.layout_.addWidget(self.message)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.bottom[1])
        self.layout_.addLayout(self.action_row)

    def act(self, fn: Any) -> None:
        def refused(exc: BaseException) -> None:
            from ..errors import error_text

            self.message.setText(error_text(exc)[0])

        self.message.setText("")
        self.ctx.run_write(fn, lambda _r: self.reload(), refused)

    def reload(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def run(cls, *args: Any, **kwargs: Any) -> None:
        cls(*args, **kwargs).exec()


class ApprovalsDialog(_ListDialog):
    """Virements and carry-forwards of a stream/year: approve or reject pending ones."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Virements and carry-forwards", parent)
        self.stream_code, self.year = stream_code, year
        self.model: RecordsModel[MovementRow] = RecordsModel(MOVEMENT_COLUMNS, self)
        self.table = RecordsTable(self.model, "Virements and carry-forwards", self)
        self.approve_button = QPushButton("&Approve")
        self.reject_button = QPushButton("&Reject…")
        pairs = ((self.approve_button, self.approve), (self.reject_button, self.reject_selected))
        for b, slot in pairs:
            b.clicked.connect(lambda _c=False, s=slot: s())
            self.action_row.addWidget(b)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.finish_layout(self.table)
        self.reload()

    def why_not(self, row: MovementRow | None) -> str | None:
        """Why the selected request cannot be decided by the acting user, or None."""
        if row is None:
            return "Select a pending virement or carry-forward"
        if row.status != "pending":
            return f"This request is already {row.status}"
        action = "carry_forward.approve" if row.basis else "virement.approve"
        return self.ctx.why_not(action, row.stream_code)

    def update_buttons(self) -> None:
        why = self.why_not(self.table.selected_row())
        gate(self.approve_button, why, "Approve the selected request")
        gate(self.reject_button, why, "Reject the selected request, saying why")

    def reload(self) -> None:
        from db.queries.budget import carry_forwards, virements

        assert self.ctx.ledger is not None
        sid = dict((c, i) for i, c in _streams(self.ctx)).get(self.stream_code or "")
        with self.ctx.ledger.read() as s:
            rows = virements(s, stream_id=sid, year=self.year)
            rows += carry_forwards(s, stream_id=sid, year=self.year)
        rows.sort(key=lambda r: (r.status != "pending", -r.requested_at.timestamp()))
        self.model.set_rows(rows)
        self.table.fit()
        self.update_buttons()

    def approve(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not(row) is not None:
            return
        from ui.usecases import lifecycle as uc

        fn = uc.approve_carry_forward if row.basis else uc.approve_virement
        self.act(lambda ledger: fn(ledger, row.id))

    def reject_selected(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not(row) is not None:
            return
        reason = ReasonDialog.get(self, "Reject", "Why is this being rejected?")
        if reason is None:
            return
        from ui.usecases import lifecycle as uc

        fn = uc.reject_carry_forward if row.basis else uc.reject_virement
        self.act(lambda ledger: fn(ledger, row.id, reason))


LOCK_COLUMNS: list[Column[LockRow]] = [
    Column("Stream", "text", lambda r: r.stream_code or "All streams"),
    Column("Year", "year", lambda r: r.year),
    Column("Period", "text", lambda r: period_label(r.period) if r.period else "Whole year"),
    Column("Note", "text", lambda r: r.reason),
    Column("Closed by", "text", lambda r: r.closed_by),
    Column("Closed at", "datetime", lambda r: r.closed_at),
    Column("State", "text", lambda r: "Closed" if r.active else "Reopened"),
    Column("Reopened by", "text", lambda r: r.reopened_by),
    Column("Reopen reason", "text", lambda r: r.reopen_reason),
]


class PeriodLocksDialog(_ListDialog):
    """Closed periods and years; close another, or reopen one (administrators, reason)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Period locks", parent)
        self.model: RecordsModel[LockRow] = RecordsModel(LOCK_COLUMNS, self)
        self.table = RecordsTable(self.model, "Period locks", self)
        self.close_button = QPushButton("&Close a period…")
        self.reopen_button = QPushButton("&Reopen…")
        for b, slot in ((self.close_button, self.close_one), (self.reopen_button, self.reopen)):
            b.clicked.connect(lambda _c=False, s=slot: s())
            self.action_row.addWidget(b)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.finish_layout(self.table)
        self.reload()

    def why_not_reopen(self, row: LockRow | None) -> str | None:
        if row is None:
            return "Select a closed period to reopen"
        if not row.active:
            return "This period has already been reopened"
        return self.ctx.why_not("period.reopen", row.stream_code)

    def update_buttons(self) -> None:
        gate(self.close_button, self.ctx.why_not("period.close"), "Close a period or a year")
        gate(
            self.reopen_button,
            self.why_not_reopen(self.table.selected_row()),
            "Reopen the selected period (administrators; a reason is recorded)",
        )

    def reload(self) -> None:
        from db.queries.budget import period_locks

        assert self.ctx.ledger is not None
        with self.ctx.ledger.read() as s:
            self.model.set_rows(period_locks(s))
        self.table.fit()
        self.update_buttons()

    def close_one(self) -> None:
        if self.ctx.why_not("period.close") is not None:
            return
        if ClosePeriodDialog.run(self.ctx, self) is not None:
            self.reload()

    def reopen(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not_reopen(row) is not None:
            return
        reason = ReasonDialog.get(
            self, "Reopen period", "Reopening lets changes into a closed period. Why?"
        )
        if reason is None:
            return
        from ui.usecases.lifecycle import reopen_period

        self.act(lambda ledger: reopen_period(ledger, row.id, reason))


def lifecycle_menu(
    ctx: AppContext,
    parent: QWidget,
    scope: Callable[[], tuple[str | None, int | None]],
) -> QMenu:
    """A "Budget actions" menu for a page (e.g. allocations): virement, carry-forward, forecast,
    approvals, period locks — each opened for the page's current ``scope()`` (stream, year).

    Use: ``button.setMenu(lifecycle_menu(self.ctx, self, lambda: (self.stream_code, self.year)))``.
    """
    menu = QMenu("Budget actions", parent)
    entries: list[tuple[str, Callable[[str | None, int | None], Any]]] = [
        ("Request a &virement…", lambda s, y: VirementDialog.run(ctx, parent, s, y)),
        ("&Carry forward to next year…", lambda s, y: CarryForwardDialog.run(ctx, parent, s, y)),
        ("&Forecast outturn…", lambda s, y: ForecastDialog.run(ctx, parent, s, y)),
        ("&Approvals (virements, carry-forwards)…", lambda s, y: ApprovalsDialog.run(ctx, parent, s, y)),
        ("Period &locks…", lambda _s, _y: PeriodLocksDialog.run(ctx, parent)),
    ]  # fmt: skip
    for text, open_ in entries:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False, f=open_: f(*scope()))
    return menu

"""Adding and editing a transaction; reversing one (with a reason).

``TransactionDialog.run(ctx, parent, txn_id=None, stream=..., year=...)`` returns the saved
transaction's id or None.  The pickers (streams, organisations, budget lines) and the row being
edited are read off the GUI thread (``ui.usecases.transactions``).  Inline checks before saving
(:mod:`ui.controllers.transaction`): the amount (exact, whole pence), the date against the
charged year and period; then, off the GUI thread, a closed period, an edit of a reversal, and
whether the counterparty is a known organisation (kept as typed if not).  The write is one
transaction with its audit record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from fundledger.years import year_label
from ui.controllers import transaction as tc
from ui.controllers.fields import text_or_none as clean
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import (
    Check,
    FormDialog,
    combo_select,
    complete_names,
    date_edit,
    date_of,
    local_today,
    year_combo,
)
from .reason import ReasonDialog

if TYPE_CHECKING:
    from ui.usecases.transactions import Choice, Snapshot, TransactionForm

    from ..context import AppContext

KINDS = tc.KINDS


class TransactionDialog(FormDialog):
    """The transaction form (new when ``txn_id`` is None, else an edit of that row)."""

    changes = topics(T.TRANSACTIONS)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        txn_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit transaction" if txn_id else "New transaction", parent)
        self.txn_id = txn_id
        self.before: Snapshot | None = None
        self.values: dict[str, Any] | None = None
        #: the budget line to select once the lines are read (an edit's own line)
        self._wanted_line: int | None = None
        self._build(year)
        self._auto = tc.charged(date_of(self.date))
        from ui.usecases.transactions import transaction_form

        self.load_options(
            lambda ledger: transaction_form(ledger, txn_id), lambda f: self._loaded(f, stream)
        )

    # ------------------------------------------------------------------ fields
    def _build(self, year: int | None) -> None:
        self.stream = QComboBox()
        self.date = date_edit(tc.first_date(local_today(), year))
        start = tc.charged(date_of(self.date))
        self.year = year_combo(tc.year_choices(date_of(self.date)), start[0])
        self.period = QComboBox()
        for p in range(1, 13):
            self.period.addItem(f"P{p:02d}", p)
        combo_select(self.period, start[1])
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 1,234.50, (250.00) for a credit, or Nil")
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.line = QComboBox()
        self.line.addItem("(no budget line)", None)
        self.counterparty = QLineEdit()
        self.reference = QLineEdit()
        self.description = QLineEdit()
        self.cost_centre = QLineEdit()
        self.gl_ref = QLineEdit()
        self.reason = QLineEdit()
        rows: list[tuple[str, QWidget, str]] = [
            ("&Stream", self.stream, "The funding stream the money belongs to"),
            ("&Date", self.date, "Transaction date (dd/mm/yyyy)"),
            ("Charged to &year", self.year, "Financial year charged (differs for accruals)"),
            ("&Period", self.period, "Period charged (P01 = April … P12 = March)"),
            ("&Amount", self.amount, "Spend positive; credit notes and refunds negative"),
            ("&Kind", self.kind, ""),
            ("&Budget line", self.line, "The budget line charged"),
            ("&Counterparty", self.counterparty, "Supplier or customer, kept as typed"),
            ("&Reference", self.reference, "Invoice or document reference"),
            ("D&escription", self.description, ""),
            ("C&ost centre", self.cost_centre, "Council cost centre, e.g. LC4410"),
            ("&GL ref", self.gl_ref, "General-ledger reference"),
        ]
        if self.txn_id is not None:
            rows.append(("Reason for the c&hange", self.reason, "Recorded in the audit log"))
        for label, widget, tip in rows:
            self.add_row(label, widget, tip)
        self.date.dateChanged.connect(self._date_changed)
        self.amount.textEdited.connect(lambda _t: self.mark(self.amount, False))

    def _loaded(self, form: TransactionForm, stream: str | None) -> None:
        self.before = form.before
        for s in form.choices.streams:
            self.stream.addItem(f"{s.code} — {s.name}", s.id)
        if stream:
            combo_select(
                self.stream, next((s.id for s in form.choices.streams if s.code == stream), None)
            )
        complete_names(self.counterparty, [o.name for o in form.choices.organisations])
        if self.before is not None:
            self._fill(self.before)
        self.stream.currentIndexChanged.connect(self._load_lines)
        self.year.currentIndexChanged.connect(self._load_lines)
        self._load_lines()
        from .period_marks import ClosedPeriodMarks

        self.period_marks = ClosedPeriodMarks(
            self, self.period, lambda: self.year.currentData(), self._stream_code
        )
        self.stream.currentIndexChanged.connect(lambda _i: self.period_marks.reload())
        self.year.currentIndexChanged.connect(lambda _i: self.period_marks.reload())
        self.period_marks.reload()

    def _stream_code(self) -> str | None:
        if self.stream.currentData() is None:
            return None
        return self.stream.currentText().split(" — ", 1)[0] or None

    def _fill(self, snap: Snapshot) -> None:
        g = snap.get
        combo_select(self.stream, g("stream_id"))
        self.date.blockSignals(True)
        self.date.setDate(date_edit(g("txn_date")).date())
        self.date.blockSignals(False)
        if self.year.findData(g("year")) < 0:
            self.year.addItem(year_label(g("year")), g("year"))
        combo_select(self.year, g("year"))
        combo_select(self.period, g("period"))
        self._auto = tc.charged(g("txn_date"))
        self.amount.setText(tc.amount_text(g("amount"), bool(g("reported_nil"))))
        if self.kind.findData(g("kind")) < 0:
            self.kind.addItem(g("kind"), g("kind"))
        combo_select(self.kind, g("kind"))
        self._wanted_line = g("budget_line_id")
        for edit, key in (
            (self.counterparty, "counterparty"),
            (self.reference, "reference"),
            (self.description, "description"),
            (self.cost_centre, "cost_centre"),
            (self.gl_ref, "gl_ref"),
        ):
            edit.setText(g(key) or "")

    def _date_changed(self) -> None:
        """The charged year and period follow the date unless the user set them apart."""
        if (self.year.currentData(), self.period.currentData()) != self._auto:
            return
        self._auto = tc.charged(date_of(self.date))
        if self.year.findData(self._auto[0]) < 0:
            self.year.addItem(year_label(self._auto[0]), self._auto[0])
        combo_select(self.year, self._auto[0])
        combo_select(self.period, self._auto[1])

    def _load_lines(self) -> None:
        """Offer the budget lines of the chosen stream and year (read off the GUI thread)."""
        keep = self.line.currentData()
        if keep is not None:
            self._wanted_line = keep
        stream_id, year = self.stream.currentData(), self.year.currentData()
        if stream_id is None or year is None:
            return
        from ui.usecases.transactions import budget_line_choices

        self.load_options(
            lambda ledger: budget_line_choices(ledger, stream_id, year),
            lambda lines: self._show_lines((stream_id, year), lines),
            "Loading budget lines…",
            hold=[self.line],
        )

    def _show_lines(self, scope: tuple[int, int], lines: tuple[Choice, ...]) -> None:
        if scope != (self.stream.currentData(), self.year.currentData()):
            return  # a later choice has its own read on the way
        self.line.clear()
        self.line.addItem("(no budget line)", None)
        for c in lines:
            self.line.addItem(f"{c.code} {c.name}".strip(), c.id)
        combo_select(self.line, self._wanted_line)

    # ------------------------------------------------------------------ checks
    def entry(self) -> tc.TransactionEntry:
        """What the form holds now."""
        return tc.TransactionEntry(
            stream_id=self.stream.currentData(),
            txn_date=date_of(self.date),
            year=self.year.currentData(),
            period=self.period.currentData(),
            amount=self.amount.text(),
            kind=self.kind.currentData(),
            budget_line_id=self.line.currentData(),
            counterparty=self.counterparty.text(),
            reference=self.reference.text(),
            description=self.description.text(),
            cost_centre=self.cost_centre.text(),
            gl_ref=self.gl_ref.text(),
        )

    def problems(self) -> list[str]:
        checked = tc.check_transaction(self.entry())
        self.mark(self.amount, "amount" in checked.invalid)
        self.values = checked.value
        return checked.problems

    def inline_warnings(self) -> list[str]:
        note = tc.accrual_note(date_of(self.date), self.year.currentData())
        return [note] if note else []

    def checks(self) -> Check:
        from ui.usecases.transactions import check_transaction

        before, values = self.before, self.values
        assert values is not None
        return lambda ledger: check_transaction(ledger, before, values)

    def saved_text(self, result: Any) -> str:
        """ "Saved transaction #279 in 2025-26 P05, £500.00"."""
        v = self.values or {}
        verb = "Saved changes to" if self.txn_id is not None else "Saved"
        return tc.saved_text(verb, result, v.get("year"), v.get("period"), v.get("amount"))

    def write(self, ledger: Any) -> int:
        from ui.usecases.transactions import save_transaction

        assert self.values is not None
        return save_transaction(ledger, self.before, self.values, clean(self.reason.text()))


def reverse(ctx: AppContext, parent: QWidget | None, txn_id: int, on_done: Any) -> None:
    """Say what reversing ``txn_id`` posts and where (or why it cannot be reversed) before
    asking for a reason, then reverse it (a new, negated row; nothing is deleted)."""

    def preview(ledger: Any) -> str:
        from ui.usecases.periods import reversal_preview

        return reversal_preview(ledger, txn_id)

    ctx.run_read(
        preview,
        lambda text: _reverse(ctx, parent, txn_id, text, on_done),
        lambda exc: ctx.error_handler and ctx.error_handler("Reverse", exc),
    )


def _reverse(ctx: AppContext, parent: QWidget | None, txn_id: int, text: str, on_done: Any) -> None:
    reason = ReasonDialog.get(parent, "Reverse transaction", f"{text} Why?")
    if reason is None:
        return

    def work(ledger: Any) -> Any:
        from ui.usecases.periods import reverse as reverse_transaction

        return reverse_transaction(ledger, txn_id, reason)

    def done(rev: Any) -> None:
        ctx.announce(f"Reversed transaction #{txn_id}: {rev.describe()}")
        on_done(rev.id)

    ctx.run_write(
        work,
        done,
        lambda exc: ctx.error_handler and ctx.error_handler("Reverse", exc),
        changes=topics(T.TRANSACTIONS),
    )

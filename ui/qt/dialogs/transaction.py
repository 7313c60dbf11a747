"""Adding and editing a transaction; reversing one (with a reason).

``TransactionDialog.run(ctx, parent, txn_id=None, stream=..., year=...)`` returns the saved
transaction's id or None.  Inline checks before saving: the amount (``parse_amount``: exact,
whole pence), the date against the charged year, the budget line's year, a closed period
(``db.ops.locks``), and an organisation the counterparty matches (kept as typed if none).
The write is ``db.ops.transactions`` — one transaction with its audit record.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from fundledger.amounts import parse_amount
from fundledger.budget import check_charge
from fundledger.years import FinancialYear, period_of, year_of

from .form import (
    FormDialog,
    combo_select,
    date_edit,
    date_of,
    local_today,
    parse_money_field,
    text_or_none,
    year_combo,
)
from .reason import ReasonDialog

if TYPE_CHECKING:
    from db.queries.forms import Snapshot

    from ..context import AppContext

KINDS = (
    ("spend", "Spend"),
    ("credit", "Credit note"),
    ("refund", "Refund"),
    ("income", "Income"),
    ("reported_actual", "Reported actual"),
)


class TransactionDialog(FormDialog):
    """The transaction form (new when ``txn_id`` is None, else an edit of that row)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        txn_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit transaction" if txn_id else "New transaction", parent)
        from db.queries.forms import form_choices, snapshot
        from db.schema import Transaction

        assert ctx.ledger is not None
        with ctx.ledger.read() as session:
            self.choices = form_choices(session)
            self.before: Snapshot | None = (
                snapshot(session, Transaction, txn_id) if txn_id is not None else None
            )
        self.txn_id = txn_id
        self._build(stream, year)
        if self.before is not None:
            self._fill(self.before)
        d = date_of(self.date)
        self._auto = (year_of(d).start_year, period_of(d))

    # ------------------------------------------------------------------ fields
    def _build(self, stream: str | None, year: int | None) -> None:
        self.stream = QComboBox()
        for s in self.choices.streams:
            self.stream.addItem(f"{s.code} — {s.name}", s.id)
        if stream:
            combo_select(
                self.stream, next((s.id for s in self.choices.streams if s.code == stream), None)
            )
        today = local_today()
        start = (
            date(year, 4, 1) if year is not None and year_of(today).start_year != year else today
        )
        self.date = date_edit(start)
        current = year_of(date_of(self.date)).start_year
        self.year = year_combo(range(current - 6, current + 2), current)
        self.period = QComboBox()
        for p in range(1, 13):
            self.period.addItem(f"P{p:02d}", p)
        combo_select(self.period, period_of(date_of(self.date)))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 1,234.50, (250.00) for a credit, or Nil")
        self.amount_nil = False
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.line = QComboBox()
        self.counterparty = QLineEdit()
        names = [o.name for o in self.choices.organisations]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.counterparty.setCompleter(completer)
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
        self.stream.currentIndexChanged.connect(self._load_lines)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.date.dateChanged.connect(self._date_changed)
        self.amount.textEdited.connect(lambda _t: self.mark(self.amount, False))
        self._load_lines()

    def _fill(self, snap: Snapshot) -> None:
        g = snap.get
        combo_select(self.stream, g("stream_id"))
        d: date = g("txn_date")
        self.date.blockSignals(True)
        self.date.setDate(date_edit(d).date())
        self.date.blockSignals(False)
        i = self.year.findData(g("year"))
        if i < 0:
            self.year.addItem(FinancialYear(g("year")).code, g("year"))
        combo_select(self.year, g("year"))
        combo_select(self.period, g("period"))
        nil = bool(g("reported_nil")) and g("amount") == 0
        self.amount.setText("Nil" if nil else f"{g('amount'):,.2f}")
        if self.kind.findData(g("kind")) < 0:
            self.kind.addItem(g("kind"), g("kind"))
        combo_select(self.kind, g("kind"))
        self._load_lines()
        combo_select(self.line, g("budget_line_id"))
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
        d = date_of(self.date)
        self._auto = (year_of(d).start_year, period_of(d))
        if self.year.findData(self._auto[0]) < 0:
            self.year.addItem(FinancialYear(self._auto[0]).code, self._auto[0])
        combo_select(self.year, self._auto[0])
        combo_select(self.period, self._auto[1])

    def _year_changed(self) -> None:
        self._load_lines()

    def _load_lines(self) -> None:
        from db.queries.forms import budget_lines

        keep = self.line.currentData()
        self.line.clear()
        self.line.addItem("(no budget line)", None)
        stream_id, year = self.stream.currentData(), self.year.currentData()
        if stream_id is None or year is None or self.ctx.ledger is None:
            return
        with self.ctx.ledger.read() as session:
            for c in budget_lines(session, stream_id, year):
                self.line.addItem(f"{c.code} {c.name}".strip(), c.id)
        combo_select(self.line, keep)

    # ------------------------------------------------------------------ checks
    def problems(self) -> list[str]:
        out: list[str] = []
        amount, problem = parse_money_field(self.amount.text())
        self.mark(self.amount, problem is not None)
        if problem:
            out.append(problem)
        if self.stream.currentData() is None:
            out.append("Choose a stream")
        out += check_charge(date_of(self.date), self.year.currentData(), self.period.currentData())
        self.amount_value = amount
        parsed, _reason = parse_amount(self.amount.text())
        self.amount_nil = parsed is not None and parsed.reported_nil
        return out

    def db_problems(self, session: Any) -> list[str]:
        from db.queries.forms import lock_problem, reversal_of

        out: list[str] = []
        stream_id, year, period = (
            self.stream.currentData(),
            self.year.currentData(),
            self.period.currentData(),
        )
        if self.before is not None:
            b = self.before.get
            if b("reverses_id") is not None:
                out.append(f"transaction #{self.txn_id} is a reversal and cannot be edited")
            done = reversal_of(session, self.before.id)
            if done is not None:
                out.append(
                    f"transaction #{self.txn_id} was reversed by #{done} and cannot be edited"
                )
            locked = lock_problem(session, b("stream_id"), b("year"), b("period"))
            if locked:
                out.append(f"This transaction is in a closed period: {locked}")
        locked = lock_problem(session, stream_id, year, period)
        if locked and locked not in " ".join(out):
            out.append(locked[0].upper() + locked[1:])
        return out

    def warnings(self, session: Any) -> list[str]:
        from db.queries.forms import find_organisation

        out: list[str] = []
        d, year = date_of(self.date), self.year.currentData()
        if not FinancialYear(year).contains(d):
            out.append(
                f"Dated {d:%d/%m/%Y}, outside {FinancialYear(year).code}: "
                "it will be saved as charged to that year (an accrual)."
            )
        name = self.counterparty.text().strip()
        if name and find_organisation(session, name, d) is None:
            out.append(f"“{name}” is not a known organisation; it is kept as typed.")
        return out

    # ------------------------------------------------------------------ save
    def values(self) -> dict[str, Any]:
        return {
            "stream_id": self.stream.currentData(),
            "txn_date": date_of(self.date),
            "year": self.year.currentData(),
            "period": self.period.currentData(),
            "amount": self.amount_value,
            "kind": self.kind.currentData(),
            "budget_line_id": self.line.currentData(),
            "counterparty": text_or_none(self.counterparty),
            "reference": text_or_none(self.reference),
            "description": text_or_none(self.description),
            "cost_centre": text_or_none(self.cost_centre),
            "gl_ref": text_or_none(self.gl_ref),
            # "Nil" as the source reported it (shown "Nil"; counts as £0.00)
            "reported_nil": self.amount_nil,
        }

    def write(self, ledger: Any) -> int:
        from db.ops.transactions import TransactionInput, add_transaction, edit_transaction
        from db.queries.forms import find_organisation

        values = self.values()
        with ledger.write() as session:
            if values["counterparty"]:
                values["counterparty_org_id"] = find_organisation(
                    session, values["counterparty"], values["txn_date"]
                )
            if self.before is None:
                return add_transaction(session, ledger.actor, TransactionInput(**values))
            seen = dict(self.before.values)
            changes = {k: v for k, v in values.items() if seen.get(k) != v}
            edit_transaction(
                session,
                ledger.actor,
                self.before.id,
                changes,
                expected_version=self.before.version,
                reason=text_or_none(self.reason),
                seen=seen,
            )
            return self.before.id


def reverse(ctx: AppContext, parent: QWidget | None, txn_id: int, on_done: Any) -> None:
    """Ask for a reason, then reverse ``txn_id`` (a new, negated row; nothing is deleted)."""
    reason = ReasonDialog.get(
        parent,
        "Reverse transaction",
        f"Transaction #{txn_id} will be reversed by a new transaction for the opposite amount. "
        "Why?",
    )
    if reason is None:
        return

    def work(ledger: Any) -> int:
        from db.ops.transactions import reverse_transaction

        with ledger.write() as session:
            return reverse_transaction(session, ledger.actor, txn_id, reason=reason)

    ctx.run_write(
        work, on_done, lambda exc: ctx.error_handler and ctx.error_handler("Reverse", exc)
    )

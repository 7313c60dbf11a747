"""Adding and editing allocations and budget lines.

``AllocationDialog.run(ctx, parent, allocation_id=None, stream=..., year=...)`` and
``BudgetLineDialog.run(ctx, parent, line_id=None, stream=..., year=...)`` return the saved id or
None.  The pickers and the row being edited are read off the GUI thread
(``ui.usecases.budget_entries``).  Inline checks (:mod:`ui.controllers.budget`): the amount, years
in order; then off the GUI thread: the funder must be a known organisation, a closed year
refuses the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from fundledger.money import format_amount
from fundledger.years import year_of
from ui.controllers import budget as bc
from ui.controllers.fields import text_or_none as clean
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import Check, FormDialog, combo_select, complete_names, local_today, year_combo

if TYPE_CHECKING:
    from ui.usecases.budget_entries import EntryForm, FormChoices, Snapshot

    from ..context import AppContext


def _streams(combo: QComboBox, choices: FormChoices, code: str | None) -> None:
    for s in choices.streams:
        combo.addItem(f"{s.code} — {s.name}", s.id)
    if code:
        combo_select(combo, next((s.id for s in choices.streams if s.code == code), None))


class AllocationDialog(FormDialog):
    """An allocation from a funder for a year or a range of years."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        allocation_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit allocation" if allocation_id else "New allocation", parent)
        self.before: Snapshot | None = None
        self.values: dict[str, Any] | None = None
        years = bc.year_choices(local_today())
        start = year if year is not None else year_of(local_today()).start_year
        self.stream = QComboBox()
        self.funder = QLineEdit()
        self.year_from = year_combo(years, start)
        self.year_to = year_combo(years, start)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 1,463,965")
        self.status = QComboBox()
        for code, label in bc.STATUSES:
            self.status.addItem(label, code)
        self.mechanism = QComboBox()
        self.mechanism.setEditable(True)
        self.mechanism.addItems(bc.MECHANISMS)
        self.label = QLineEdit()
        self.source_ref = QLineEdit()
        self.reason = QLineEdit()
        for label, widget, tip in (
            ("&Stream", self.stream, ""),
            ("&Funder", self.funder, "A known organisation (name or alias)"),
            ("From &year", self.year_from, "First financial year covered"),
            ("&To year", self.year_to, "Last financial year (same as first for one year)"),
            ("&Amount", self.amount, "The allocation as printed, e.g. £1,463,965"),
            ("Stat&us", self.status, ""),
            ("&Mechanism", self.mechanism, "grant, settlement, …"),
            ("&Label", self.label, ""),
            ("Source &ref", self.source_ref, "Where the figure comes from"),
        ):
            self.add_row(label, widget, tip)
        if allocation_id is not None:
            self.add_row("Reason for the c&hange", self.reason, "Recorded in the audit log")
        from ui.usecases.budget_entries import allocation_form

        self.load_options(
            lambda ledger: allocation_form(ledger, allocation_id), lambda f: self._loaded(f, stream)
        )

    def _loaded(self, form: EntryForm, stream: str | None) -> None:
        self.before = form.before
        _streams(self.stream, form.choices, stream)
        complete_names(self.funder, [o.name for o in form.choices.organisations])
        b = form.before
        if b is None:
            return
        combo_select(self.stream, b.get("stream_id"))
        org = (o.name for o in form.choices.organisations if o.id == b.get("funder_org_id"))
        self.funder.setText(next(org, ""))
        combo_select(self.year_from, b.get("year_from"))
        combo_select(self.year_to, b.get("year_to"))
        self.amount.setText(format_amount(b.get("amount")))
        combo_select(self.status, b.get("status"))
        self.mechanism.setCurrentText(b.get("mechanism") or "")
        self.label.setText(b.get("label") or "")
        self.source_ref.setText(b.get("source_ref") or "")

    def entry(self) -> bc.AllocationEntry:
        return bc.AllocationEntry(
            stream_id=self.stream.currentData(),
            funder=self.funder.text(),
            year_from=self.year_from.currentData(),
            year_to=self.year_to.currentData(),
            amount=self.amount.text(),
            status=self.status.currentData(),
            mechanism=self.mechanism.currentText(),
            label=self.label.text(),
            source_ref=self.source_ref.text(),
        )

    def problems(self) -> list[str]:
        checked = bc.check_allocation(self.entry())
        self.mark(self.amount, "amount" in checked.invalid)
        self.values = checked.value
        return checked.problems

    def checks(self) -> Check:
        from ui.usecases.budget_entries import check_allocation

        e = self.entry()
        return lambda ledger: check_allocation(ledger, e.funder, e.stream_id, e.year_from,
                                               e.year_to)  # fmt: skip

    def mark_fields(self, invalid: frozenset[str]) -> None:
        self.mark(self.funder, "funder" in invalid)

    def saved_text(self, result: Any) -> str:
        verb = "Saved changes to" if self.before is not None else "Saved"
        years = self.year_from.currentText()
        if self.year_to.currentData() not in (None, self.year_from.currentData()):
            years += f" to {self.year_to.currentText()}"
        return (
            f"{verb} allocation #{result}: {self.funder.text().strip()},"
            f" {self.stream.currentText().split(' — ')[0]} {years}, {self.amount_text()}"
        )

    def amount_text(self) -> str:
        from fundledger.money import format_gbp

        return format_gbp((self.values or {}).get("amount"))

    def write(self, ledger: Any) -> int:
        from ui.usecases.budget_entries import save_allocation

        assert self.values is not None
        return save_allocation(
            ledger, self.before, self.values, self.funder.text(), clean(self.reason.text())
        )


class BudgetLineDialog(FormDialog):
    """A budget line of a stream and year, with its original budget."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        line_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit budget line" if line_id else "New budget line", parent)
        self.before: Snapshot | None = None
        self.values: dict[str, Any] | None = None
        years = bc.year_choices(local_today())
        self.stream = QComboBox()
        self.year = year_combo(
            years, year if year is not None else year_of(local_today()).start_year
        )
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(bc.CATEGORIES)
        self.original = QLineEdit()
        self.original.setPlaceholderText("e.g. 250,000")
        self.eligible = QComboBox()
        for text, value in bc.ELIGIBILITY:
            self.eligible.addItem(text, value)
        self.order = QSpinBox()
        self.order.setRange(0, 9999)
        self.reason = QLineEdit()
        for label, widget, tip in (
            ("&Stream", self.stream, ""),
            ("&Year", self.year, ""),
            ("&Name", self.name, "Unique within the stream and year"),
            ("&Code", self.code, ""),
            ("C&ategory", self.category, ""),
            (
                "&Original budget",
                self.original,
                "Once saved, the agreed original changes only through Revise original… "
                "(finance, with a reason); in-year moves are virements",
            ),
            (
                "&Eligible",
                self.eligible,
                "Under the stream's grant conditions: yes, no, or not "
                "yet known (spend on a line that is not eligible, or not known, is flagged)",
            ),
            ("O&rder", self.order, "Position on the budget"),
        ):
            self.add_row(label, widget, tip)
        if line_id is not None:
            self.add_row("Reason for the c&hange", self.reason, "Recorded in the audit log")
            self.stream.setEnabled(False)
            self.year.setEnabled(False)
            self.original.setReadOnly(True)  # agreed: Revise original… changes it
        from ui.usecases.budget_entries import budget_line_form

        self.load_options(
            lambda ledger: budget_line_form(ledger, line_id), lambda f: self._loaded(f, stream)
        )

    def _loaded(self, form: EntryForm, stream: str | None) -> None:
        self.before = b = form.before
        _streams(self.stream, form.choices, stream)
        if b is None:
            return
        combo_select(self.stream, b.get("stream_id"))
        combo_select(self.year, b.get("year"))
        self.name.setText(b.get("name") or "")
        self.code.setText(b.get("code") or "")
        self.category.setCurrentText(b.get("category") or "")
        self.original.setText(format_amount(b.get("original")))
        self.eligible.setCurrentIndex(
            next(i for i, (_t, v) in enumerate(bc.ELIGIBILITY) if v is b.get("eligible"))
        )
        self.order.setValue(b.get("sort_order") or 0)

    def entry(self) -> bc.BudgetLineEntry:
        return bc.BudgetLineEntry(
            name=self.name.text(),
            original=self.original.text(),
            code=self.code.text(),
            category=self.category.currentText(),
            eligible=self.eligible.currentData(),
            sort_order=self.order.value(),
        )

    def problems(self) -> list[str]:
        checked = bc.check_budget_line(self.entry())
        self.mark(self.original, "original" in checked.invalid)
        self.values = checked.value
        return checked.problems

    def checks(self) -> Check:
        from ui.usecases.budget_entries import check_budget_line

        stream_id, year = self.stream.currentData(), self.year.currentData()
        return lambda ledger: check_budget_line(ledger, stream_id, year)

    def saved_text(self, result: Any) -> str:
        from fundledger.money import format_gbp

        verb = "Saved changes to" if self.before is not None else "Saved"
        original = format_gbp((self.values or {}).get("original"))
        return (
            f"{verb} budget line #{result}: {self.name.text().strip()},"
            f" {self.stream.currentText().split(' — ')[0]} {self.year.currentText()},"
            f" original {original}"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.budget_entries import save_budget_line

        assert self.values is not None
        return save_budget_line(
            ledger,
            self.before,
            self.stream.currentData(),
            self.year.currentData(),
            self.values,
            clean(self.reason.text()),
        )

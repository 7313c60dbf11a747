"""Adding and editing allocations and budget lines (``db.ops.budget_entries``).

``AllocationDialog.run(ctx, parent, allocation_id=None, stream=..., year=...)`` and
``BudgetLineDialog.run(ctx, parent, line_id=None, stream=..., year=...)`` return the saved id or
None.  Inline checks: the amount (``parse_amount``), the funder must be a known organisation,
years in order, a closed year refuses the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QSpinBox, QWidget

from fundledger.years import year_of

from .form import (
    FormDialog,
    combo_select,
    local_today,
    parse_money_field,
    text_or_none,
    year_combo,
)

if TYPE_CHECKING:
    from db.queries.forms import FormChoices, Snapshot

    from ..context import AppContext


def _streams(combo: QComboBox, choices: FormChoices, code: str | None) -> None:
    for s in choices.streams:
        combo.addItem(f"{s.code} — {s.name}", s.id)
    if code:
        combo_select(combo, next((s.id for s in choices.streams if s.code == code), None))


def _load(
    ctx: AppContext, cls_name: str, row_id: int | None
) -> tuple[FormChoices, Snapshot | None]:
    from db import schema
    from db.queries.forms import form_choices, snapshot

    assert ctx.ledger is not None
    with ctx.ledger.read() as session:
        choices = form_choices(session)
        snap = snapshot(session, getattr(schema, cls_name), row_id) if row_id is not None else None
    return choices, snap


def _changes(before: Snapshot, values: dict[str, Any]) -> dict[str, Any]:
    seen = dict(before.values)
    return {k: v for k, v in values.items() if seen.get(k) != v}


class AllocationDialog(FormDialog):
    """An allocation from a funder for a year or a range of years."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        allocation_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit allocation" if allocation_id else "New allocation", parent)
        self.choices, self.before = _load(ctx, "Allocation", allocation_id)
        now = year_of(local_today()).start_year
        start = year if year is not None else now
        self.stream = QComboBox()
        _streams(self.stream, self.choices, stream)
        self.funder = QLineEdit()
        completer = QCompleter([o.name for o in self.choices.organisations], self)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.funder.setCompleter(completer)
        self.year_from = year_combo(range(now - 8, now + 4), start)
        self.year_to = year_combo(range(now - 8, now + 4), start)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 1,463,965")
        self.status = QComboBox()
        for s in ("confirmed", "expected", "tbc"):
            self.status.addItem(s.capitalize() if s != "tbc" else "TBC", s)
        self.mechanism = QComboBox()
        self.mechanism.setEditable(True)
        for m in ("", "grant", "settlement", "contribution", "pooled", "levy"):
            self.mechanism.addItem(m)
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
        if self.before is not None:
            self.add_row("Reason for the c&hange", self.reason, "Recorded in the audit log")
            self._fill(self.before)

    def _fill(self, b: Snapshot) -> None:
        combo_select(self.stream, b.get("stream_id"))
        org = next(
            (o.name for o in self.choices.organisations if o.id == b.get("funder_org_id")), ""
        )
        self.funder.setText(org)
        combo_select(self.year_from, b.get("year_from"))
        combo_select(self.year_to, b.get("year_to"))
        self.amount.setText(f"{b.get('amount'):,.2f}")
        combo_select(self.status, b.get("status"))
        self.mechanism.setCurrentText(b.get("mechanism") or "")
        self.label.setText(b.get("label") or "")
        self.source_ref.setText(b.get("source_ref") or "")

    def problems(self) -> list[str]:
        out: list[str] = []
        self.amount_value, problem = parse_money_field(self.amount.text())
        self.mark(self.amount, problem is not None)
        if problem:
            out.append(problem)
        elif self.amount_value is not None and self.amount_value < 0:
            out.append("An allocation cannot be negative")
        if self.year_to.currentData() < self.year_from.currentData():
            out.append("The last year is before the first year")
        if not self.funder.text().strip():
            out.append("Name the funder")
        return out

    def db_problems(self, session: Any) -> list[str]:
        from db.queries.forms import find_organisation, lock_problem

        out: list[str] = []
        name = self.funder.text().strip()
        self.funder_id = find_organisation(session, name)
        self.mark(self.funder, self.funder_id is None)
        if self.funder_id is None:
            out.append(f"“{name}” is not a known organisation (add it under Settings first)")
        for y in range(self.year_from.currentData(), self.year_to.currentData() + 1):
            locked = lock_problem(session, self.stream.currentData(), y, None)
            if locked:
                out.append(locked[0].upper() + locked[1:])
        return out

    def values(self) -> dict[str, Any]:
        return {
            "stream_id": self.stream.currentData(),
            "funder_org_id": self.funder_id,
            "year_from": self.year_from.currentData(),
            "year_to": self.year_to.currentData(),
            "amount": self.amount_value,
            "status": self.status.currentData(),
            "mechanism": self.mechanism.currentText().strip() or None,
            "label": text_or_none(self.label),
            "source_ref": text_or_none(self.source_ref),
        }

    def write(self, ledger: Any) -> int:
        from db.ops.budget_entries import AllocationInput, add_allocation, edit_allocation

        values = self.values()
        with ledger.write() as session:
            if self.before is None:
                return add_allocation(session, ledger.actor, AllocationInput(**values))
            edit_allocation(
                session,
                ledger.actor,
                self.before.id,
                _changes(self.before, values),
                expected_version=self.before.version,
                reason=text_or_none(self.reason),
                seen=dict(self.before.values),
            )
            return self.before.id


class BudgetLineDialog(FormDialog):
    """A budget line of a stream and year, with its original budget."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        line_id: int | None = None,
        stream: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Edit budget line" if line_id else "New budget line", parent)
        self.choices, self.before = _load(ctx, "BudgetLine", line_id)
        now = year_of(local_today()).start_year
        self.stream = QComboBox()
        _streams(self.stream, self.choices, stream)
        self.year = year_combo(range(now - 8, now + 4), year if year is not None else now)
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.category = QComboBox()
        self.category.setEditable(True)
        for c in ("", "cost_heading", "csp_area", "agency", "income_category", "post", "service"):
            self.category.addItem(c)
        self.original = QLineEdit()
        self.original.setPlaceholderText("e.g. 250,000")
        self.eligible = QCheckBox("Eligible under the grant conditions")
        self.eligible.setChecked(True)
        self.order = QSpinBox()
        self.order.setRange(0, 9999)
        self.reason = QLineEdit()
        for label, widget, tip in (
            ("&Stream", self.stream, ""),
            ("&Year", self.year, ""),
            ("&Name", self.name, "Unique within the stream and year"),
            ("&Code", self.code, ""),
            ("C&ategory", self.category, ""),
            ("&Original budget", self.original, "Later changes are virements"),
            ("", self.eligible, ""),
            ("O&rder", self.order, "Position on the budget"),
        ):
            self.add_row(label, widget, tip)
        if self.before is not None:
            self.add_row("Reason for the c&hange", self.reason, "Recorded in the audit log")
            self._fill(self.before)

    def _fill(self, b: Snapshot) -> None:
        combo_select(self.stream, b.get("stream_id"))
        combo_select(self.year, b.get("year"))
        self.stream.setEnabled(False)
        self.year.setEnabled(False)
        self.name.setText(b.get("name") or "")
        self.code.setText(b.get("code") or "")
        self.category.setCurrentText(b.get("category") or "")
        self.original.setText(f"{b.get('original'):,.2f}")
        self.eligible.setChecked(b.get("eligible") is not False)
        self.order.setValue(b.get("sort_order") or 0)

    def problems(self) -> list[str]:
        out: list[str] = []
        self.amount_value, problem = parse_money_field(self.original.text(), "Original budget")
        self.mark(self.original, problem is not None)
        if problem:
            out.append(problem)
        if not self.name.text().strip():
            out.append("Name the budget line")
        return out

    def db_problems(self, session: Any) -> list[str]:
        from db.queries.forms import lock_problem

        locked = lock_problem(session, self.stream.currentData(), self.year.currentData(), None)
        return [locked[0].upper() + locked[1:]] if locked else []

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "code": text_or_none(self.code),
            "category": self.category.currentText().strip() or None,
            "original": self.amount_value,
            "eligible": self.eligible.isChecked(),
            "sort_order": self.order.value(),
        }

    def write(self, ledger: Any) -> int:
        from db.ops.budget_entries import BudgetLineInput, add_budget_line, edit_budget_line

        values = self.values()
        with ledger.write() as session:
            if self.before is None:
                data = BudgetLineInput(
                    stream_id=self.stream.currentData(), year=self.year.currentData(), **values
                )
                return add_budget_line(session, ledger.actor, data)
            edit_budget_line(
                session,
                ledger.actor,
                self.before.id,
                _changes(self.before, values),
                expected_version=self.before.version,
                reason=text_or_none(self.reason),
                seen=dict(self.before.values),
            )
            return self.before.id

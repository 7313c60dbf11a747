"""The contract-line form (new and edit, with extension options) and the extension decision.

Term text ("2 years (+1 year extension)") fills the base term and extensions when they are left
blank.  Editing keeps the line's profile; extensions listed beyond the existing ones are added
as new pending options.  Writes go through ``db.ops.contracts`` (one audited transaction).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.terms import parse_term

from .form import FormDialog, combo_select, date_of, local_today, parse_money_field, text_or_none

if TYPE_CHECKING:
    from db.queries.contracts import ContractRow

    from ..context import AppContext

NO_DATE = QDate(2000, 1, 1)
PROVIDER_KINDS = ("vcse", "business", "group", "internal", "county", "district", "other")


def _optional_date(value: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("not set")
    edit.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))
    return edit


def _date_or_none(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else date_of(edit)


class ContractDialog(FormDialog):
    """New or edit a contract line: service, providers, value and basis, dates, term, options."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        row: ContractRow | None = None,
        stream_code: str | None = None,
    ) -> None:
        super().__init__(ctx, "Edit contract line" if row else "New contract line", parent)
        from db.queries.forms import form_choices

        assert ctx.ledger is not None
        with ctx.ledger.read() as s:
            choices = form_choices(s)
        self.row = row
        self.stream = QComboBox()
        for c in choices.streams:
            self.stream.addItem(f"{c.code} — {c.name}", c.id)
        combo_select(self.stream, row.stream_id if row else None)
        if row is None and stream_code:
            i = self.stream.findText(stream_code, Qt.MatchFlag.MatchStartsWith)
            self.stream.setCurrentIndex(max(i, 0))
        self.stream.setEnabled(row is None)
        self.add_row("&Stream", self.stream)
        self.service = QLineEdit(row.service if row else "")
        self.add_row("S&ervice", self.service)
        self.provider_text = QLineEdit(row.provider_text if row else "")
        self.add_row("Provider (as &printed)", self.provider_text)
        self.providers = QListWidget()
        self.providers.setMaximumHeight(90)
        for c in choices.organisations:
            if c.code in PROVIDER_KINDS:
                item = QListWidgetItem(c.name)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.providers.addItem(item)
        if row is None:
            self.add_row("Provider &organisations", self.providers, "Tick each provider named")
        self.budget_line = QComboBox()
        self._fill_lines(row.budget_line_id if row else None)
        self.stream.currentIndexChanged.connect(lambda _i: self._fill_lines(None))
        self.add_row("Budget &line", self.budget_line, "The budget line this commitment falls on")
        self.commissioner = QComboBox()
        self.commissioner.addItem("—", None)
        for c in choices.organisations:
            if c.code in ("county", "unitary", "district", "pcc"):
                self.commissioner.addItem(c.name, c.id)
        combo_select(self.commissioner, row.commissioner_org_id if row else None)
        self.add_row("&Commissioner", self.commissioner)
        self.value = QLineEdit("" if row is None or row.value is None else f"{row.value:,.2f}")
        self.add_row("&Value", self.value, "Blank when not known")
        self.basis = QComboBox()
        for code, label in (("unknown", "Unknown"), ("per_year", "Per year"),
                            ("whole_term", "Whole term")):  # fmt: skip
            self.basis.addItem(label, code)
        combo_select(self.basis, row.cost_basis if row else "unknown")
        self.add_row("Cost &basis", self.basis)
        self.contract_start = self.add_row(
            "Contract st&art", _optional_date(row.contract_start if row else None)
        )
        self.service_start = self.add_row(
            "Service s&tart", _optional_date(row.service_start if row else None),
            "When the service began taking referrals (may differ from the contract start)",
        )  # fmt: skip
        self.term_text = QLineEdit((row.term_text or "") if row else "")
        self.term_text.setPlaceholderText("e.g. 2 years (+1 year extension)")
        self.add_row("Te&rm", self.term_text)
        self.base = QSpinBox()
        self.base.setRange(0, 600)
        self.base.setSpecialValueText("from term text")
        self.base.setSuffix(" months")
        self.base.setValue((row.base_term_months or 0) if row else 0)
        self.add_row("Base term", self.base)
        self.extensions = QLineEdit(", ".join(str(e.months) for e in row.extensions) if row else "")
        self.extensions.setPlaceholderText("months of each option, e.g. 12, 12")
        self.add_row("E&xtension options", self.extensions)
        self.reference = QLineEdit((row.reference or "") if row else "")
        self.add_row("Re&ference", self.reference)
        self.value_amount: Any = None
        self.ext_months: list[int] = []

    def _fill_lines(self, current: int | None) -> None:
        from sqlalchemy import select

        from db.schema import BudgetLine

        assert self.ctx.ledger is not None
        self.budget_line.clear()
        self.budget_line.addItem("—", None)
        with self.ctx.ledger.read() as s:
            q = (
                select(BudgetLine.id, BudgetLine.year, BudgetLine.name)
                .where(BudgetLine.stream_id == self.stream.currentData())
                .order_by(BudgetLine.year, BudgetLine.sort_order, BudgetLine.id)
            )
            for i, y, name in s.execute(q):
                self.budget_line.addItem(f"{y}-{(y + 1) % 100:02d} · {name}", i)
        combo_select(self.budget_line, current)

    def problems(self) -> list[str]:
        out: list[str] = []
        if not self.service.text().strip():
            out.append("Service is required")
        if not self.provider_text.text().strip():
            out.append("Provider is required (as printed)")
        self.value_amount = None
        if self.value.text().strip():
            self.value_amount, problem = parse_money_field(self.value.text(), "Value")
            if problem:
                out.append(problem)
        try:
            self.ext_months = [int(p) for p in self.extensions.text().replace(";", ",").split(",")
                               if p.strip()]  # fmt: skip
        except ValueError:
            out.append("Extension options are whole months separated by commas")
        term = self.term_text.text().strip()
        if term and not self.base.value():
            parsed, reason = parse_term(term)
            if parsed is None:
                out.append(f"Term “{term}”: {reason}; give the base term in months")
        return out

    def _fields(self) -> dict[str, Any]:
        return {
            "service": self.service.text().strip(),
            "provider_text": self.provider_text.text().strip(),
            "commissioner_org_id": self.commissioner.currentData(),
            "budget_line_id": self.budget_line.currentData(),
            "value": self.value_amount,
            "cost_basis": self.basis.currentData(),
            "contract_start": _date_or_none(self.contract_start),  # type: ignore[arg-type]
            "service_start": _date_or_none(self.service_start),  # type: ignore[arg-type]
            "term_text": text_or_none(self.term_text),
            "reference": text_or_none(self.reference),
        }

    def write(self, ledger: Any) -> int:
        from db.ops import contracts as ops

        f = self._fields()
        base = self.base.value() or None
        with ledger.write() as s:
            if self.row is None:
                refs = tuple(
                    ops.ProviderRef(self.providers.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(self.providers.count())
                    if self.providers.item(i).checkState() == Qt.CheckState.Checked
                )
                data = ops.ContractInput(
                    stream_id=self.stream.currentData(), providers=refs, base_term_months=base,
                    extensions=tuple(self.ext_months) or None, **f,
                )  # fmt: skip
                return ops.add_contract_line(s, ledger.actor, data)
            if base is not None:
                f["base_term_months"] = base
            seen = {k: getattr(self.row, k, None) for k in f}
            changes = {k: v for k, v in f.items() if seen.get(k) != v}
            if changes:
                ops.edit_contract_line(s, ledger.actor, self.row.id, changes,
                                       expected_version=self.row.version, seen=seen)  # fmt: skip
            for months in self.ext_months[len(self.row.extensions) :]:
                ops.add_extension(s, ledger.actor, self.row.id, months)
            return self.row.id


class ExtensionDialog(FormDialog):
    """Record the decision on one of a line's extension options (by you, on a date)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: ContractRow) -> None:
        super().__init__(ctx, f"Extension decision — {row.service}", parent)
        self.row = row
        self.option = QComboBox()
        for e in row.extensions:
            self.option.addItem(f"Option {e.seq}: {e.months} months — {e.decision}", e.id)
        first_pending = next((e.id for e in row.extensions if e.decision == "pending"), None)
        combo_select(self.option, first_pending)
        self.add_row("&Option", self.option)
        self.decision = QComboBox()
        for d in ("taken", "declined", "pending"):
            self.decision.addItem(d.capitalize(), d)
        self.add_row("&Decision", self.decision)
        self.on = QDateEdit()
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        t = local_today()
        self.on.setDate(QDate(t.year, t.month, t.day))
        self.add_row("Decided &on", self.on)
        self.note = QLineEdit()
        self.add_row("&Note", self.note)
        if row.value is not None:
            self.warning.setText(f"Line value {format_gbp(row.value)} ({row.cost_basis}).")

    def problems(self) -> list[str]:
        return [] if self.option.currentData() is not None else ["This line has no options"]

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import decide_extension

        decide_extension(ledger, self.option.currentData(), self.decision.currentData(),
                         date_of(self.on), text_or_none(self.note))  # fmt: skip
        return self.row.id


class ProfileDialog(FormDialog):
    """Edit a line's value by financial year (or reset it to the even default)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: ContractRow) -> None:
        super().__init__(ctx, f"Profile — {row.service}", parent)
        self.row = row
        years = dict(row.profile)
        start = row.contract_start or row.service_start
        first = min([*years, *([start.year if start.month >= 4 else start.year - 1] if start else [])],
                    default=2025)  # fmt: skip
        last = max([*years, first + 2])
        self.edits: dict[int, QLineEdit] = {}
        for y in range(first, last + 1):
            edit = QLineEdit("" if y not in years else f"{years[y]:,.2f}")
            edit.setPlaceholderText("£0.00")
            edit.textChanged.connect(self._show_total)
            self.edits[y] = edit
            self.add_row(f"{y}-{(y + 1) % 100:02d}", edit)
        self.even = QCheckBox("Reset to the even default over the term (ignores the amounts above)")
        self.add_row("", self.even)
        self.total = QLabel()
        self.add_row("Total", self.total)
        self.values: dict[int, Any] = {}
        self._show_total()

    def _show_total(self) -> None:
        from decimal import Decimal

        total = Decimal(0)
        for edit in self.edits.values():
            value, _problem = (
                parse_money_field(edit.text()) if edit.text().strip() else (None, None)
            )
            total += value or 0
        target = self.row.total_value
        self.total.setText(f"{format_gbp(total)} of {format_gbp(target, blank='an unknown value')}")

    def problems(self) -> list[str]:
        out: list[str] = []
        self.values = {}
        for y, edit in self.edits.items():
            if edit.text().strip():
                value, problem = parse_money_field(edit.text(), f"{y}-{(y + 1) % 100:02d}")
                if problem:
                    out.append(problem)
                self.values[y] = value
        return out

    def write(self, ledger: Any) -> int:
        from db.ops import contracts as ops
        from ui.usecases.lifecycle import write

        if self.even.isChecked():
            write(ledger, ops.reprofile_even, self.row.id)
        else:
            write(ledger, ops.set_profile, self.row.id, self.values, reason="profile edited")
        return self.row.id

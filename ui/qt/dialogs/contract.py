"""The contract-line form (new and edit, with extension options) and the extension decision.

Term text ("2 years (+1 year extension)") fills the base term and extensions when they are left
blank.  Editing keeps the line's profile; extensions listed beyond the existing ones are added
as new pending options.  The pickers are read off the GUI thread, the checks are
:mod:`ui.controllers.contract`, the writes :mod:`ui.usecases.contracts` (one audited
transaction each).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from fundledger.money import format_amount, format_gbp
from fundledger.years import year_label
from ui.controllers import contract as cc
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..widgets.date_field import DateField
from .form import FormDialog, combo_select, date_edit, date_of, local_today, text_or_none

if TYPE_CHECKING:
    from ui.usecases.contracts import ContractRow, FormChoices

    from ..context import AppContext

PROVIDER_KINDS = cc.PROVIDER_KINDS


def _optional_date(value: date | None) -> DateField:
    return DateField(value, optional=True)


def _date_or_none(edit: DateField) -> date | None:
    return edit.date_or_none()


class ContractDialog(FormDialog):
    """New or edit a contract line: service, providers, value and basis, dates, term, options."""

    changes = topics(T.CONTRACTS)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        row: ContractRow | None = None,
        stream_code: str | None = None,
    ) -> None:
        super().__init__(ctx, "Edit contract line" if row else "New contract line", parent)
        self.row = row
        self.values: cc.ContractValues | None = None
        self.stream = QComboBox()
        self.stream.setEnabled(row is None)
        self.add_row("&Stream", self.stream)
        self.service = QLineEdit(row.service if row else "")
        self.add_row("S&ervice", self.service)
        self.provider_text = QLineEdit(row.provider_text if row else "")
        self.add_row("Provider (as &printed)", self.provider_text)
        self.providers = QListWidget()
        self.providers.setMaximumHeight(90)
        if row is None:
            self.add_row("Provider &organisations", self.providers, "Tick each provider named")
        self.budget_line = QComboBox()
        self.budget_line.addItem("—", None)
        self.add_row("Budget &line", self.budget_line, "The budget line this commitment falls on")
        self.commissioner = QComboBox()
        self.commissioner.addItem("—", None)
        self.add_row("&Commissioner", self.commissioner)
        self.value = QLineEdit("" if row is None or row.value is None else format_amount(row.value))
        self.add_row("&Value", self.value, "Blank when not known")
        self.basis = QComboBox()
        for code, label in cc.COST_BASES:
            self.basis.addItem(label, code)
        combo_select(self.basis, row.cost_basis if row else "unknown")
        self.add_row("Cost &basis", self.basis)
        self._add_term_rows(row)
        from ui.usecases.contracts import contract_form

        self.load_options(contract_form, lambda ch: self._loaded(ch, stream_code))

    def _add_term_rows(self, row: ContractRow | None) -> None:
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

    def _loaded(self, choices: FormChoices, stream_code: str | None) -> None:
        row = self.row
        for c in choices.streams:
            self.stream.addItem(f"{c.code} — {c.name}", c.id)
        combo_select(self.stream, row.stream_id if row else None)
        if row is None and stream_code:
            i = self.stream.findText(stream_code, Qt.MatchFlag.MatchStartsWith)
            self.stream.setCurrentIndex(max(i, 0))
        for c in cc.providers(choices.organisations):
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.providers.addItem(item)
        for c in cc.commissioners(choices.organisations):
            self.commissioner.addItem(c.name, c.id)
        combo_select(self.commissioner, row.commissioner_org_id if row else None)
        self._fill_lines(row.budget_line_id if row else None)
        self.stream.currentIndexChanged.connect(lambda _i: self._fill_lines(None))

    def _fill_lines(self, current: int | None) -> None:
        """Offer the stream's budget lines (read off the GUI thread)."""
        from ui.usecases.contracts import budget_line_choices

        stream_id = self.stream.currentData()
        if stream_id is None:
            return
        self.load_options(
            lambda ledger: budget_line_choices(ledger, stream_id),
            lambda lines: self._show_lines(stream_id, lines, current),
            "Loading budget lines…",
            hold=[self.budget_line],
        )

    def _show_lines(
        self, stream_id: int, lines: list[tuple[int, int, str]], current: int | None
    ) -> None:
        if stream_id != self.stream.currentData():
            return
        self.budget_line.clear()
        self.budget_line.addItem("—", None)
        for i, y, name in lines:
            self.budget_line.addItem(f"{year_label(y)} · {name}", i)
        combo_select(self.budget_line, current)

    def entry(self) -> cc.ContractEntry:
        return cc.ContractEntry(
            service=self.service.text(),
            provider_text=self.provider_text.text(),
            value=self.value.text(),
            cost_basis=self.basis.currentData(),
            commissioner_org_id=self.commissioner.currentData(),
            budget_line_id=self.budget_line.currentData(),
            contract_start=_date_or_none(self.contract_start),  # type: ignore[arg-type]
            service_start=_date_or_none(self.service_start),  # type: ignore[arg-type]
            term_text=self.term_text.text(),
            base_term_months=self.base.value(),
            extensions=self.extensions.text(),
            reference=self.reference.text(),
        )

    def problems(self) -> list[str]:
        checked = cc.check_contract(self.entry())
        self.values = checked.value
        return checked.problems

    def ticked_providers(self) -> list[int]:
        return [
            self.providers.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.providers.count())
            if self.providers.item(i).checkState() == Qt.CheckState.Checked
        ]

    def saved_text(self, result: Any) -> str:
        verb = "Saved changes to" if self.row is not None else "Saved"
        amount = self.values.fields.get("value") if self.values is not None else None
        value = format_gbp(amount) if amount is not None else ""
        return f"{verb} contract line #{result}: {self.service.text().strip()}" + (
            f", {value}" if value else ""
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.contracts import save_contract

        assert self.values is not None
        return save_contract(
            ledger, self.row, self.stream.currentData(), self.ticked_providers(), self.values
        )


class ExtensionDialog(FormDialog):
    """Record the decision on one of a line's extension options (by you, on a date)."""

    changes = topics(T.CONTRACTS)

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
        for d in cc.DECISIONS:
            self.decision.addItem(d.capitalize(), d)
        self.add_row("&Decision", self.decision)
        self.on = date_edit(local_today())
        self.add_row("Decided &on", self.on)
        self.note = QLineEdit()
        self.add_row("&Note", self.note)
        if row.value is not None:
            self.warning.setText(f"Line value {format_gbp(row.value)} ({row.cost_basis}).")

    def problems(self) -> list[str]:
        return [] if self.option.currentData() is not None else ["This line has no options"]

    def saved_text(self, result: Any) -> str:
        option = self.option.currentText().split(" — ", 1)[0]
        return (
            f"Recorded the extension decision for {self.row.service}: {option}"
            f" {self.decision.currentText().lower()} on {date_of(self.on):%d/%m/%Y}"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import decide_extension

        decide_extension(ledger, self.option.currentData(), self.decision.currentData(),
                         date_of(self.on), text_or_none(self.note))  # fmt: skip
        return self.row.id


class ProfileDialog(FormDialog):
    """Edit a line's value by financial year (or reset it to the even default)."""

    changes = topics(T.CONTRACTS)

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: ContractRow) -> None:
        super().__init__(ctx, f"Profile — {row.service}", parent)
        self.row = row
        years = dict(row.profile)
        self.edits: dict[int, QLineEdit] = {}
        for y in cc.profile_years(years, row.contract_start or row.service_start):
            edit = QLineEdit("" if y not in years else format_amount(years[y]))
            edit.setPlaceholderText("£0.00")
            edit.textChanged.connect(self._show_total)
            self.edits[y] = edit
            self.add_row(year_label(y), edit)
        self.even = QCheckBox("Reset to the even default over the term (ignores the amounts above)")
        self.add_row("", self.even)
        self.total = QLabel()
        self.add_row("Total", self.total)
        self.values: dict[int, Any] = {}
        self._show_total()

    def texts(self) -> dict[int, str]:
        return {y: edit.text() for y, edit in self.edits.items()}

    def _show_total(self) -> None:
        total = cc.profile_total(self.texts())
        target = self.row.total_value
        self.total.setText(f"{format_gbp(total)} of {format_gbp(target, blank='an unknown value')}")

    def problems(self) -> list[str]:
        checked = cc.check_profile(self.texts())
        self.values = checked.value or {}
        return checked.problems

    def saved_text(self, result: Any) -> str:
        how = "reset to even" if self.even.isChecked() else "saved"
        return f"Profile of contract line #{self.row.id} ({self.row.service}) {how}"

    def write(self, ledger: Any) -> int:
        from ui.usecases.contracts import save_profile

        return save_profile(ledger, self.row.id, None if self.even.isChecked() else self.values)

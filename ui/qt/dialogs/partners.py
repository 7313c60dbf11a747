"""Forms for partner money: a contribution, raising recharges in bulk, recording a receipt, and
an income item.  Each reads its pickers off the GUI thread (``ui.usecases.options``), checks
inline (:mod:`ui.controllers.partners`) and writes once through ``ui.usecases.lifecycle`` on the
pool.

:class:`RaiseRechargesDialog` preselects the DHR debtors (the seven districts and Rutland) at
£5,000.00 when the stream is DHR, per the Board's resolution [004:181].
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QListWidget, QListWidgetItem, QWidget

from fundledger.income import CATEGORIES
from fundledger.money import format_amount, format_gbp
from fundledger.reference import DHR_RECHARGE_PER_YEAR
from ui.controllers import partners as pc
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import FormDialog, date_edit, date_of, local_today, text_or_none, year_combo

if TYPE_CHECKING:
    from ui.usecases.transactions import FormChoices

    from ..context import AppContext

HEADINGS = pc.HEADINGS


class _PartnerForm(FormDialog):
    """A partner-money form with a stream picker filled from the ledger: the page's stream,
    else the ledger's first stream of the form's fund type (and mechanism)."""

    #: (fund type, mechanism or None) of the stream offered first
    default_kind: tuple[str, str | None] = ("", None)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None, code: str | None):
        super().__init__(ctx, title, parent)
        self.stream = QComboBox()
        self.add_row("&Stream", self.stream)
        from ui.usecases.options import form_choices_of

        self.load_options(form_choices_of, lambda ch: self._loaded(ch, code))

    def _loaded(self, choices: FormChoices, code: str | None) -> None:
        for c in choices.streams:
            self.stream.addItem(c.code, c.id)
        default = code or choices.first_stream(*self.default_kind) or ""
        self.stream.setCurrentIndex(max(self.stream.findText(default), 0))
        self.fill(choices)

    def fill(self, choices: FormChoices) -> None:
        """Fill the form's other pickers (override)."""


class ContributionDialog(_PartnerForm):
    """A partner's contribution: cash with an amount, or in kind (FTE, value may be unknown)."""

    changes = topics(T.PARTNERS)

    default_kind = ("pooled", None)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "New partner contribution", parent, stream_code)
        self.year = self.add_row("&Year", year_combo(range(2021, 2031), year or 2025))
        self.partner = QComboBox()
        self.add_row("&Partner", self.partner)
        self.heading = QComboBox()
        self.heading.setEditable(True)
        self.heading.addItems(pc.HEADINGS)
        self.add_row("&Heading", self.heading)
        self.in_kind = QCheckBox("In kind (staff or services, not cash)")
        self.add_row("", self.in_kind)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("blank = value not known (in kind only)")
        self.add_row("&Amount", self.amount)
        self.fte = QLineEdit()
        self.add_row("&FTE", self.fte)
        self.description = QLineEdit()
        self.add_row("&Description", self.description)
        self.amount_value: Any = None

    def fill(self, choices: FormChoices) -> None:
        for c in pc.contribution_partners(choices.organisations):
            self.partner.addItem(c.name, c.id)

    def problems(self) -> list[str]:
        checked = pc.check_contribution(
            pc.ContributionEntry(
                self.amount.text(), self.in_kind.isChecked(), self.description.text()
            )
        )
        self.amount_value = checked.value
        return checked.problems

    def saved_text(self, result: Any) -> str:
        return (
            f"Saved contribution #{result}: {self.partner.currentText()},"
            f" {self.heading.currentText().strip()}, {format_gbp(self.amount_value)}"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import ContributionInput, add_contribution

        return add_contribution(
            ledger,
            ContributionInput(
                stream_id=self.stream.currentData(),
                year=self.year.currentData(),  # type: ignore[attr-defined]
                partner_org_id=self.partner.currentData(),
                heading=self.heading.currentText().strip(),
                amount=self.amount_value,
                kind="in_kind" if self.in_kind.isChecked() else "cash",
                fte=self.fte.text().strip() or None,
                description=text_or_none(self.description),
            ),
        )


class RaiseRechargesDialog(_PartnerForm):
    """Raise the same recharge to several partners at once, with a due date."""

    changes = topics(T.PARTNERS)

    default_kind = ("income", "recharge")

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Raise recharges", parent, stream_code)
        y = year or local_today().year
        self.year = self.add_row("&Year", year_combo(range(2021, 2031), y))
        self.partners = QListWidget()
        self.partners.setMinimumHeight(220)
        self.add_row("&Partners", self.partners, "Tick each partner to invoice")
        self.amount = QLineEdit(format_amount(DHR_RECHARGE_PER_YEAR))
        self.add_row("&Amount each", self.amount)
        self.description = QLineEdit(pc.recharge_description(y))
        self.add_row("&Description", self.description)
        self.raised_on = self.add_row("&Raised on", date_edit(local_today()))
        self.due_on = self.add_row("D&ue on", date_edit(local_today() + timedelta(days=30)))
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("e.g. DHR26 → DHR26-01, DHR26-02 …")
        self.add_row("Reference &prefix", self.prefix)
        self.amount_value: Any = None

    def fill(self, choices: FormChoices) -> None:
        # a recharge stream (DHR) ticks its usual debtors first, then everyone else
        recharge = choices.mechanism(self.stream.currentText()) == "recharge"
        for c, ticked in pc.recharge_partners(choices.organisations, recharge):
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.partners.addItem(item)

    def checked(self) -> list[int]:
        return [
            self.partners.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        ]

    def problems(self) -> list[str]:
        checked = pc.check_recharges(
            pc.RechargeEntry(
                self.amount.text(),
                len(self.checked()),
                self.description.text(),
                date_of(self.raised_on),  # type: ignore[arg-type]
                date_of(self.due_on),  # type: ignore[arg-type]
            )
        )
        self.amount_value = checked.value
        return checked.problems

    def inline_warnings(self) -> list[str]:
        if self.amount_value is None:
            return []
        return [pc.recharges_note(len(self.checked()), self.amount_value)]

    def saved_text(self, result: Any) -> str:
        n = len(result or [])
        return (
            f"Raised {n} recharge{'s' if n != 1 else ''} of {format_gbp(self.amount_value)}"
            f" each: {self.description.text().strip()}"
        )

    def write(self, ledger: Any) -> list[int]:
        from ui.usecases.lifecycle import raise_recharges

        return raise_recharges(
            ledger,
            self.stream.currentText(),
            self.year.currentData(),  # type: ignore[attr-defined]
            self.checked(),
            self.amount_value,
            self.description.text().strip(),
            date_of(self.raised_on),  # type: ignore[arg-type]
            date_of(self.due_on),  # type: ignore[arg-type]
            text_or_none(self.prefix),
        )


class ReceiptDialog(FormDialog):
    """Record money received: a recharge (amount, part payments allowed) or income (date)."""

    changes = topics(T.PARTNERS, T.INCOME)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        kind: str,
        row_id: int,
        outstanding: Any,
        label: str,
    ) -> None:
        super().__init__(ctx, "Record receipt", parent)
        self.kind, self.row_id = kind, row_id
        self.add_row("For", QLineEdit(label)).setEnabled(False)
        self.on = self.add_row("&Received on", date_edit(local_today()))
        self.amount = QLineEdit(format_amount(outstanding))
        if kind == "recharge":
            self.add_row("&Amount", self.amount)
        self.amount_value: Any = None

    def problems(self) -> list[str]:
        checked = pc.check_receipt(self.kind, self.amount.text())
        self.amount_value = checked.value
        return checked.problems

    def saved_text(self, result: Any) -> str:
        on = date_of(self.on)  # type: ignore[arg-type]
        money = f" {format_gbp(self.amount_value)}" if self.kind == "recharge" else ""
        return f"Recorded receipt{money} on {on:%d/%m/%Y} for {self.kind} #{self.row_id}"

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import record_income_receipt, record_recharge_receipt

        on = date_of(self.on)  # type: ignore[arg-type]
        if self.kind == "recharge":
            record_recharge_receipt(ledger, self.row_id, on, self.amount_value)
        else:
            record_income_receipt(ledger, self.row_id, on)
        return self.row_id


class IncomeDialog(_PartnerForm):
    """Income raised (invoiced): category, customer, list price and discount, amount."""

    changes = topics(T.INCOME)

    default_kind = ("income", "commercial_income")

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "New income", parent, stream_code)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(CATEGORIES)
        self.category.setCurrentText("Commercial package")
        self.add_row("&Category", self.category)
        self.customer = QLineEdit()
        self.add_row("C&ustomer", self.customer)
        self.description = QLineEdit()
        self.add_row("&Description", self.description)
        self.list_price = QLineEdit()
        self.add_row("&List price", self.list_price, "For a package: its list price")
        self.discount = QLineEdit()
        self.add_row("D&iscount", self.discount, "e.g. the £275 small-business discount")
        self.amount = QLineEdit()
        self.add_row("&Amount", self.amount)
        self.raised_on = self.add_row("&Raised on", date_edit(local_today()))
        self.council = QCheckBox("Council investment (for return on investment)")
        self.add_row("", self.council)
        self.values: dict[str, Any] = {}

    def problems(self) -> list[str]:
        checked = pc.check_income(
            pc.IncomeEntry(self.customer.text(), self.amount.text(), self.list_price.text(),
                           self.discount.text(), self.description.text())
        )  # fmt: skip
        self.values = checked.value or {}
        return checked.problems

    def saved_text(self, result: Any) -> str:
        return (
            f"Saved income #{result}: {self.customer.text().strip()},"
            f" {format_gbp(self.values.get('amount'))}"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import IncomeInput, add_income

        return add_income(
            ledger,
            IncomeInput(
                stream_id=self.stream.currentData(),
                category=self.category.currentText().strip(),
                customer=self.customer.text().strip(),
                amount=self.values["amount"],
                raised_on=date_of(self.raised_on),  # type: ignore[arg-type]
                list_price=self.values.get("list_price"),
                discount=self.values.get("discount"),
                description=self.values.get("description"),
                is_council_investment=self.council.isChecked(),
            ),
        )

"""Forms for partner money: a contribution, raising recharges in bulk, recording a receipt, and
an income item.  Each validates inline and writes once through ``db.ops`` on the pool.

:class:`RaiseRechargesDialog` preselects the DHR debtors (the seven districts and Rutland) at
£5,000.00 when the stream is DHR, per the Board's resolution [004:181].
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QListWidget, QListWidgetItem, QWidget

from fundledger.income import CATEGORIES
from fundledger.money import format_gbp

from .form import (
    FormDialog,
    date_edit,
    date_of,
    local_today,
    parse_money_field,
    text_or_none,
    year_combo,
)

if TYPE_CHECKING:
    from ..context import AppContext

HEADINGS = ("Staffing Costs", "Payments in kind", "Other delegated funds")


def _choices(ctx: AppContext) -> Any:
    from db.queries.forms import form_choices

    assert ctx.ledger is not None
    with ctx.ledger.read() as s:
        return form_choices(s)


def _stream_combo(choices: Any, code: str | None, default: str | None) -> QComboBox:
    """The ledger's streams; the page's stream, else ``default`` (the ledger's first stream
    of the right fund type, from :meth:`db.queries.forms.FormChoices.first_stream`)."""
    combo = QComboBox()
    for c in choices.streams:
        combo.addItem(c.code, c.id)
    i = combo.findText(code or default or "")
    combo.setCurrentIndex(max(i, 0))
    return combo


class ContributionDialog(FormDialog):
    """A partner's contribution: cash with an amount, or in kind (FTE, value may be unknown)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "New partner contribution", parent)
        ch = _choices(ctx)
        self.stream = self.add_row(
            "&Stream", _stream_combo(ch, stream_code, ch.first_stream("pooled"))
        )
        self.year = self.add_row("&Year", year_combo(range(2021, 2031), year or 2025))
        self.partner = QComboBox()
        for c in ch.organisations:
            if c.code not in ("csp_area", "business"):
                self.partner.addItem(c.name, c.id)
        self.add_row("&Partner", self.partner)
        self.heading = QComboBox()
        self.heading.setEditable(True)
        self.heading.addItems(HEADINGS)
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

    def problems(self) -> list[str]:
        out: list[str] = []
        self.amount_value = None
        if self.amount.text().strip():
            self.amount_value, problem = parse_money_field(self.amount.text())
            if problem:
                out.append(problem)
        elif not self.in_kind.isChecked():
            out.append("A cash contribution needs an amount")
        if self.in_kind.isChecked() and not self.description.text().strip():
            out.append("Describe the in-kind contribution (e.g. a seconded Probation Officer)")
        return out

    def write(self, ledger: Any) -> int:
        from db.ops.contributions import ContributionInput
        from ui.usecases.lifecycle import add_contribution

        return add_contribution(
            ledger,
            ContributionInput(
                stream_id=self.stream.currentData(),  # type: ignore[attr-defined]
                year=self.year.currentData(),  # type: ignore[attr-defined]
                partner_org_id=self.partner.currentData(),
                heading=self.heading.currentText().strip(),
                amount=self.amount_value,
                kind="in_kind" if self.in_kind.isChecked() else "cash",
                fte=self.fte.text().strip() or None,
                description=text_or_none(self.description),
            ),
        )


class RaiseRechargesDialog(FormDialog):
    """Raise the same recharge to several partners at once, with a due date."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Raise recharges", parent)
        from fundledger.reference import DHR_DEBTORS, DHR_RECHARGE_PER_YEAR, by_key

        ch = _choices(ctx)
        self.stream = self.add_row(
            "&Stream", _stream_combo(ch, stream_code, ch.first_stream("income", "recharge"))
        )
        y = year or local_today().year
        self.year = self.add_row("&Year", year_combo(range(2021, 2031), y))
        debtors = {by_key(k).name for k in DHR_DEBTORS}
        self.partners = QListWidget()
        self.partners.setMinimumHeight(220)
        # a recharge stream (DHR) ticks its usual debtors
        dhr = ch.mechanism(self.stream.currentText()) == "recharge"  # type: ignore[attr-defined]
        kinds = ("district", "unitary", "county", "police", "pcc", "health")
        orgs = [c for c in ch.organisations if c.code in kinds]
        # the DHR debtors first (ticked), then everyone else who could be recharged
        orgs.sort(key=lambda c: (not (dhr and c.name in debtors), c.name))
        for c in orgs:
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = dhr and c.name in debtors
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.partners.addItem(item)
        self.add_row("&Partners", self.partners, "Tick each partner to invoice")
        self.amount = QLineEdit(f"{DHR_RECHARGE_PER_YEAR:,.2f}")
        self.add_row("&Amount each", self.amount)
        self.description = QLineEdit(
            f"Domestic Homicide Review contribution {y}-{(y + 1) % 100:02d}"
        )
        self.add_row("&Description", self.description)
        self.raised_on = self.add_row("&Raised on", date_edit(local_today()))
        self.due_on = self.add_row("D&ue on", date_edit(local_today() + timedelta(days=30)))
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("e.g. DHR26 → DHR26-01, DHR26-02 …")
        self.add_row("Reference &prefix", self.prefix)
        self.amount_value: Any = None

    def checked(self) -> list[int]:
        return [
            self.partners.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        ]

    def problems(self) -> list[str]:
        self.amount_value, problem = parse_money_field(self.amount.text())
        out = [problem] if problem else []
        if not self.checked():
            out.append("Tick at least one partner")
        if not self.description.text().strip():
            out.append("A description is required")
        if date_of(self.due_on) < date_of(self.raised_on):  # type: ignore[arg-type]
            out.append("The due date is before the date raised")
        return out

    def warnings(self, session: Any) -> list[str]:
        n = len(self.checked())
        amount = self.amount_value
        return [f"{n} recharges of {format_gbp(amount)} = {format_gbp(amount * n)}"]

    def write(self, ledger: Any) -> list[int]:
        from ui.usecases.lifecycle import raise_recharges

        return raise_recharges(
            ledger,
            self.stream.currentText(),  # type: ignore[attr-defined]
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
        self.amount = QLineEdit(f"{outstanding:,.2f}")
        if kind == "recharge":
            self.add_row("&Amount", self.amount)
        self.amount_value: Any = None

    def problems(self) -> list[str]:
        if self.kind != "recharge":
            return []
        self.amount_value, problem = parse_money_field(self.amount.text())
        return [problem] if problem else []

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import record_income_receipt, record_recharge_receipt

        on = date_of(self.on)  # type: ignore[arg-type]
        if self.kind == "recharge":
            record_recharge_receipt(ledger, self.row_id, on, self.amount_value)
        else:
            record_income_receipt(ledger, self.row_id, on)
        return self.row_id


class IncomeDialog(FormDialog):
    """Income raised (invoiced): category, customer, list price and discount, amount."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "New income", parent)
        ch = _choices(ctx)
        self.stream = self.add_row(
            "&Stream",
            _stream_combo(ch, stream_code, ch.first_stream("income", "commercial_income")),
        )
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
        out: list[str] = []
        self.values = {}
        for key, edit, required in (("amount", self.amount, True),
                                    ("list_price", self.list_price, False),
                                    ("discount", self.discount, False)):  # fmt: skip
            if edit.text().strip() or required:
                value, problem = parse_money_field(edit.text(), key.replace("_", " ").capitalize())
                if problem:
                    out.append(problem)
                self.values[key] = value
        if not self.customer.text().strip():
            out.append("A customer is required")
        return out

    def write(self, ledger: Any) -> int:
        from db.ops.income import IncomeInput
        from ui.usecases.lifecycle import add_income

        return add_income(
            ledger,
            IncomeInput(
                stream_id=self.stream.currentData(),  # type: ignore[attr-defined]
                category=self.category.currentText().strip(),
                customer=self.customer.text().strip(),
                amount=self.values["amount"],
                raised_on=date_of(self.raised_on),  # type: ignore[arg-type]
                list_price=self.values.get("list_price"),
                discount=self.values.get("discount"),
                description=text_or_none(self.description),
                is_council_investment=self.council.isChecked(),
            ),
        )

"""Forms for reference data (Settings → Streams & cost centres, Organisations & aliases,
Coding rules): add or edit a stream, add a cost centre, add an organisation, add an alias,
merge two organisations, add a coding rule.

Each checks what it can inline before saving (codes, names, kinds, dates, a rule's parts, that
an organisation is not merged into itself) and saves through :mod:`ui.usecases.reference` as
one audited write; a refusal from the ledger (a code already used, a conflicting rule) is shown
inline and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from fundledger.streams import (
    FUND_TYPES,
    LINE_CATEGORIES,
    code_problem,
    cost_centre_code,
    cost_centre_problem,
    mechanisms_text,
    parse_mechanisms,
)
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import FormDialog, text_or_none

if TYPE_CHECKING:
    from ..context import AppContext

ORG_KINDS = ("funder", "partner", "provider", "csp-area", "district", "customer", "vcse",
             "business", "government", "health", "other")  # fmt: skip


W = TypeVar("W", bound=QWidget)


def _row(dialog: FormDialog, label: str, widget: W, tip: str = "") -> W:
    """``dialog.add_row`` keeping the widget's type."""
    dialog.add_row(label, widget, tip)
    return widget


def _combo(items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    if current is not None and (i := combo.findData(current)) >= 0:
        combo.setCurrentIndex(i)
    return combo


class StreamDialog(FormDialog):
    """Add a stream, or edit one (``item``: a :class:`db.queries.reference.StreamItem`)."""

    changes = topics(T.REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None, item: Any = None) -> None:
        super().__init__(ctx, "Edit stream" if item else "Add stream", parent)
        self.item = item
        self.code = _row(self, "&Code", QLineEdit(item.code if item else ""), "e.g. GHL")
        self.code.setReadOnly(item is not None)
        self.name = _row(self, "&Name", QLineEdit(item.name if item else ""))
        self.kind = _row(
            self,
            "&Kind",
            _combo([(k, k) for k in FUND_TYPES], item.fund_type if item else "grant"),
            "grant from a funder · pooled budget · allocations to partners or areas · income",
        )
        self.funder = _row(self, "&Funder", QLineEdit(item.funder or "" if item else ""),
                                   "An organisation's name or alias (blank: none)")  # fmt: skip
        self.mechanisms = _row(
            self,
            "&Mechanism by year",
            QLineEdit(mechanisms_text(item.mechanisms) if item else ""),
            "From which year the funder pays how, e.g. 2021-22 grant; 2025-26 settlement",
        )
        cats = [(c.replace("_", " "), c) for c in LINE_CATEGORIES]
        self.category = _row(self, "&Budget lines are", _combo(cats, item and item.line_category))
        self.carry = QCheckBox("An underspend may be carried forward")
        self.carry.setChecked(item.carry_forward_allowed if item else True)
        _row(self, "Carry-forward", self.carry)
        self.notes = QPlainTextEdit(item.eligibility_notes or "" if item else "")
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)  # no keyboard trap
        _row(self, "&Eligibility notes", self.notes, "Grant conditions: what may be spent")

    def problems(self) -> list[str]:
        out = []
        if self.item is None and (p := code_problem(self.code.text().strip().upper())):
            out.append(p)
        if not self.name.text().strip():
            out.append("a stream needs a name")
        out.extend(parse_mechanisms(self.mechanisms.text())[1])
        return out

    def saved_text(self, result: Any) -> str:
        code = self.code.text().strip().upper()
        if self.item is None:
            return f"Added stream {code} — {self.name.text().strip()} ({self.kind.currentText()})"
        return f"Saved changes to stream {code}"

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        data = uc.StreamIn(
            name=self.name.text().strip(),
            fund_type=self.kind.currentData(),
            carry_forward_allowed=self.carry.isChecked(),
            eligibility_notes=self.notes.toPlainText().strip(),
            line_category=self.category.currentData(),
            mechanisms=self._new_mechanisms(),
        )
        funder = text_or_none(self.funder)
        if self.item is None:
            return uc.add_stream(ledger, self.code.text().strip(), data, funder)
        if funder == self.item.funder:
            funder = None
        return uc.edit_stream(ledger, self.item.code, data, funder,
                              expected_version=self.item.version)  # fmt: skip

    def _new_mechanisms(self) -> tuple[tuple[int, str], ...]:
        """The years whose mechanism is new or changed (a year left out keeps its mechanism)."""
        typed = parse_mechanisms(self.mechanisms.text())[0]
        had = dict(self.item.mechanisms) if self.item is not None else {}
        return tuple((y, m) for y, m in typed if had.get(y) != m)


class CostCentreDialog(FormDialog):
    """Add a cost centre to a stream, optionally coding its rows to a budget line."""

    changes = topics(T.REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None, streams: list[str],
                 stream: str | None = None) -> None:  # fmt: skip
        super().__init__(ctx, "Add cost centre", parent)
        self.code = _row(self, "&Code", QLineEdit(), "As in the council's ledger, e.g. LC4410")
        self.stream = _row(self, "&Stream", _combo([(s, s) for s in streams], stream))
        self.name = _row(self, "&Name", QLineEdit())
        self.line = _row(self, "Budget &line", QLineEdit(),
                                 "Optional: its rows are coded to this line (by name, any year)")  # fmt: skip

    def problems(self) -> list[str]:
        p = cost_centre_problem(cost_centre_code(self.code.text()))
        return [p] if p else []

    def saved_text(self, result: Any) -> str:
        return (
            f"Added cost centre {cost_centre_code(self.code.text())} to {self.stream.currentText()}"
        )

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        data = uc.CostCentreIn(self.code.text(), self.stream.currentData(), text_or_none(self.name))
        return uc.add_cost_centre(ledger, data, text_or_none(self.line))


class OrgDialog(FormDialog):
    """Add an organisation."""

    changes = topics(T.REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(ctx, "Add organisation", parent)
        self.name = _row(self, "&Name", QLineEdit())
        self.kind = _row(self, "&Kind", _combo([(k, k) for k in ORG_KINDS], "provider"))
        self.short = _row(self, "&Short name", QLineEdit(), "Optional, e.g. LWA")

    def problems(self) -> list[str]:
        return [] if self.name.text().strip() else ["an organisation needs a name"]

    def saved_text(self, result: Any) -> str:
        return f"Added organisation {self.name.text().strip()} ({self.kind.currentText()})"

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        return uc.add_org(
            ledger, self.name.text(), self.kind.currentData(), text_or_none(self.short)
        )


class AliasDialog(FormDialog):
    """Add another name for an organisation; with dates, a name in force then (a rename)."""

    changes = topics(T.REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None, org: Any) -> None:
        super().__init__(ctx, f"Add an alias for {org.name}", parent)
        self.org = org
        self.alias = _row(self, "&Alias", QLineEdit(), "Another way the name is printed")
        self.valid_from = _row(self, "In force &from", QLineEdit(), "Optional date: dd/mm/yyyy")
        self.valid_to = _row(self, "&Until", QLineEdit(), "Optional: the first day not in force")

    def _dates(self) -> tuple[Any, Any, list[str]]:
        from fundledger.dates import parse_date

        out, problems = [], []
        for edit, what in ((self.valid_from, "from"), (self.valid_to, "until")):
            text = edit.text().strip()
            found, why = parse_date(text) if text else (None, None)
            if text and found is None:
                problems.append(f"{what} {text!r}: {why or 'not a date'}")
            out.append(found)
        if out[0] and out[1] and out[1] <= out[0]:
            problems.append("the until date must be after the from date")
        return out[0], out[1], problems

    def problems(self) -> list[str]:
        problems = [] if self.alias.text().strip() else ["type the alias"]
        return problems + self._dates()[2]

    def saved_text(self, result: Any) -> str:
        return f"Added the alias “{self.alias.text().strip()}” for {self.org.name}"

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        start, end, _ = self._dates()
        return uc.add_alias(ledger, f"#{self.org.id}", self.alias.text(), valid_from=start,
                            valid_to=end)  # fmt: skip


class MergeDialog(FormDialog):
    """Merge the selected organisation into another (links move; a reason is recorded)."""

    changes = topics(T.REFERENCE, T.CONTRACTS, T.TRANSACTIONS, T.PARTNERS, T.INCOME)

    def __init__(self, ctx: AppContext, parent: QWidget | None, org: Any, orgs: list[Any]) -> None:
        super().__init__(ctx, f"Merge {org.name} into…", parent)
        self.org = org
        items = [(f"{o.name} ({o.kind.replace('_', ' ')} #{o.id})", o.id) for o in orgs]
        self.into = _row(self, "&Into", _combo(items))
        self.reason = _row(self, "&Reason", QLineEdit(), "Why they are one (audited)")

    def problems(self) -> list[str]:
        out = []
        if self.into.currentData() == self.org.id:
            out.append(f"cannot merge {self.org.name} into itself")
        if not self.reason.text().strip():
            out.append("a reason is required to merge two organisations")
        return out

    def saved_text(self, result: Any) -> str:
        return f"Merged {self.org.name} into {self.into.currentText()}: its links moved"

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        return uc.merge_orgs(ledger, f"#{self.org.id}", f"#{self.into.currentData()}",
                             self.reason.text())  # fmt: skip


class RuleDialog(FormDialog):
    """Add a coding rule: cost centre [+ account or range] → budget line, or supplier [+
    reference pattern] → contract line."""

    changes = topics(T.REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None, centres: list[str],
                 contracts: list[tuple[str, int]]) -> None:  # fmt: skip
        super().__init__(ctx, "Add coding rule", parent)
        self.kind = _row(self, "&Codes", _combo([("spend of a cost centre to a budget line",
                                                   "budget"),
                                                  ("a supplier's invoices to a contract line",
                                                   "contract")]))  # fmt: skip
        self.centre = _row(self, "Cost &centre", _combo([(c, c) for c in centres]))
        self.account = _row(self, "&Account", QLineEdit(), "Optional: a code or range 5200-5299")
        self.line = _row(self, "Budget &line", QLineEdit(), "The line's name (any year)")
        self.supplier = _row(self, "&Supplier", QLineEdit(), "Organisation or name as printed")
        self.pattern = _row(self, "&Reference", QLineEdit(), "Optional pattern, e.g. INV-LWA-*")
        self.contract = _row(self, "C&ontract line", _combo([(t, i) for t, i in contracts]))

    def problems(self) -> list[str]:
        if self.kind.currentData() == "budget":
            return [] if self.line.text().strip() else ["type the budget line's name"]
        out = [] if self.supplier.text().strip() else ["type the supplier"]
        return out + ([] if self.contract.currentData() else ["choose the contract line"])

    def write(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        if self.kind.currentData() == "budget":
            rid = uc.add_rule(ledger, cost_centre=self.centre.currentData(),
                              account=text_or_none(self.account), line=self.line.text())  # fmt: skip
            return RuleAdded(rid, uc.rule_note(ledger, rid))
        return uc.add_rule(ledger, supplier=self.supplier.text(),
                           contract=f"#{self.contract.currentData()}",
                           pattern=text_or_none(self.pattern))  # fmt: skip

    def saved_text(self, result: Any) -> str:
        """A budget rule naming a line its stream has in no year says so: it codes nothing."""
        if isinstance(result, RuleAdded) and result.note:
            return f"Added rule #{result.id} — note: {result.note}"
        return super().saved_text(result)


@dataclass(frozen=True, slots=True)
class RuleAdded:
    """A budget rule added, and what the user should know about it (:func:`rule_note`)."""

    id: int
    note: str | None = None

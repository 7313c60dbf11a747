"""Helpers the returns share: money kind choice, extension and date text, Rows-sheet cells."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ..data import ContractRow, ExtensionOption
from ..workbook import Kind

_ONE = Decimal(1)


def money_kind(values: Iterable[Decimal | None]) -> Kind:
    """``money_whole`` when every figure is whole pounds (papers that print no pence)."""
    for v in values:
        if v is not None and v % _ONE != 0:
            return "money"
    return "money_whole"


def uk_date(d: date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def extension_options(options: Iterable[ExtensionOption]) -> str:
    """``+12 months; +12 months`` (the options offered)."""
    return "; ".join(f"+{o.months} months" for o in options)


def extension_decisions(options: Iterable[ExtensionOption]) -> str:
    """``taken 01/04/2024; pending`` (one per option, in order)."""
    out = []
    for o in options:
        when = f" {uk_date(o.decided_on)}" if o.decided_on else ""
        out.append(f"{o.decision}{when}")
    return "; ".join(out)


def extension_summary(options: Iterable[ExtensionOption]) -> str:
    """``+12 months (pending)`` for the spend plan."""
    return "; ".join(
        f"+{o.months} months ({o.decision}"
        + (f" {uk_date(o.decided_on)}" if o.decided_on else "")
        + ")"
        for o in options
    )


def contract_cost(row: ContractRow) -> Decimal | str | None:
    """The value, or the words the source gave instead (e.g. ``£100k`` unparsed)."""
    if row.value is not None:
        return row.value
    return row.value_text

"""How register values are shown, sorted and copied: one place for every column kind.

Display: percentages ``5.00%``; money ``£1,234.50`` (``format_gbp``; an amount reported as "Nil" shows ``Nil``), dates
``dd/mm/yyyy``, years ``2025-26``, periods ``P03``.  Copy (clipboard, tab-separated): money as a
plain number ``1234.50`` with no £ or separators so it pastes into Excel as a number (a reported
Nil copies as ``0.00``, so a pasted column still sums); dates ``dd/mm/yyyy``; text on one line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundledger.money import ReportedNil, format_gbp
from fundledger.years import year_label

NIL_TIP = "Reported as “Nil” (counts as £0.00)"
#: a yes/no not yet decided (a budget line's eligibility under the grant conditions)
NOT_KNOWN = "Not known"


def display(kind: str, value: Any) -> str:
    """The text shown in a cell (never None); a yes/no left open is "Not known"."""
    if value is None:
        return NOT_KNOWN if kind == "bool" else ""
    if kind == "money":
        return format_gbp(value)
    if kind == "percent" and isinstance(value, Decimal | int):
        return f"{Decimal(value):.2f}%"
    if kind == "date" and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind == "datetime" and isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value  # stored UTC: the user's clock
        return local.strftime("%d/%m/%Y %H:%M:%S")
    if kind == "year" and isinstance(value, int):
        return year_label(value)
    if kind == "period" and isinstance(value, int):
        return f"P{value:02d}"
    if kind == "bool":
        return "Yes" if value else "No"
    text = str(value)
    return text.replace("\r", " ").replace("\n", " ") if kind == "text" else text


def tooltip(kind: str, value: Any) -> str:
    """The cell's tooltip: its text, or what a reported "Nil" means."""
    if kind == "money" and isinstance(value, ReportedNil):
        return NIL_TIP
    return display(kind, value)


def copy_text(kind: str, value: Any) -> str:
    """The clipboard form of a cell: raw numbers, UK dates, one-line text without tabs."""
    if value is None:
        return ""
    if kind in ("money", "percent") and isinstance(value, Decimal):
        return f"{value:.2f}"
    if kind in ("date", "datetime", "year", "period", "bool"):
        return display(kind, value)
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def sort_value(kind: str, value: Any) -> Any:
    """The raw value for the sort role (sorting itself happens in SQL)."""
    if value is None:
        return ""
    if kind in ("money", "percent") and isinstance(value, Decimal):
        return int(value * 100)  # pence (hundredths): exact, and a type Qt sorts natively
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def is_right_aligned(kind: str) -> bool:
    return kind in ("money", "int", "percent")

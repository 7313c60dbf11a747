"""The index workbook of an evidence pack (issue 22): each row behind the return's figures with
the files attached to it (their place in the zip and sha256), and the files attached to the
submission itself.  A row with no evidence is listed with the file left blank, so what is
missing shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..cells import Column
from ..data import Produced, Written
from ..workbook import FinanceWorkbook

__all__ = ["IndexRow", "write_index"]


@dataclass(frozen=True, slots=True)
class IndexRow:
    figure: str
    source: str
    amount: Decimal | None
    on: date | None
    reference: str | None
    attachment: int | None
    file: str | None
    sha256: str | None
    note: str | None


_COLUMNS = (
    Column("Figure", "text", max_width=40),
    Column("Ledger row", "text"),
    Column("Amount", "money", total=True),
    Column("Date", "date"),
    Column("Reference", "text", max_width=30),
    Column("Attachment", "int"),
    Column("File in this pack", "text", max_width=60),
    Column("sha256", "text", max_width=66),
    Column("Note", "text", max_width=40, wrap=True),
)


def write_index(
    path: str | Path, produced: Produced, rows: Sequence[IndexRow], *, title: str,
    return_file: str, seal: str | None,
) -> Written:  # fmt: skip
    notes = [f"The return as sent: {return_file}."]
    if seal:
        notes.append(f"Stored with {seal}.")
    notes.append("Each ledger row behind the return's figures and the evidence attached to it; "
                 "a row without a file has no evidence attached.")  # fmt: skip
    with FinanceWorkbook(path, produced, title=title, subject="evidence pack") as book:
        sheet = book.add_sheet("Index", title=title, notes=notes)
        written = sheet.table(_COLUMNS, [
            (r.figure, r.source, r.amount, r.on, r.reference, r.attachment, r.file, r.sha256,
             r.note) for r in rows])  # fmt: skip
    return Written(str(path), dict(written.totals), ("Index",))

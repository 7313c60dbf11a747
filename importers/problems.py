"""Import problems: what went wrong, and exactly where (file, sheet, cell, row, column).

Every check in ``importers`` returns problems as values of :class:`ImportProblem`; nothing
raises for bad input.  ``str(problem)`` is the form the command line prints
(``sheet!cell: value: reason``, SPEC §5); a problem about the whole file prints as
``file: reason``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fundledger.messages import Wording

__all__ = ["ImportProblem", "cell_ref", "column_letter", "parse_cell_ref"]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason an import cannot go ahead (or a row cannot be imported).

    ``cell`` is an A1 reference ("C7") or None for a problem about a sheet or the file;
    ``row`` is the 1-based sheet row; ``column`` is the column's header text as printed;
    ``value`` is the cell as printed (``""`` when there is none).
    """

    file: str
    sheet: str | None
    cell: str | None
    row: int | None
    column: str | None
    value: str
    reason: str
    #: the reason as the command line says it, when it differs (names ``--stream``, not “Stream”)
    cli_reason: str | None = None

    @classmethod
    def said(
        cls,
        file: str,
        sheet: str | None,
        cell: str | None,
        row: int | None,
        column: str | None,
        value: str,
        reason: str | Wording,
    ) -> ImportProblem:
        """A problem whose reason may be a :class:`Wording` (the app's and the CLI's)."""
        if isinstance(reason, Wording):
            return cls(file, sheet, cell, row, column, value, reason.app, reason.cli)
        return cls(file, sheet, cell, row, column, value, reason)

    @property
    def cli_text(self) -> str:
        """The reason as the command line says it."""
        return self.reason if self.cli_reason is None else self.cli_reason

    def reason_for(self, app: bool) -> str:
        return self.reason if app else self.cli_text

    @property
    def where(self) -> str:
        """``sheet!C7``, ``sheet`` or the file name."""
        if self.sheet is not None and self.cell is not None:
            if self.sheet == self.file:  # a CSV file: one table, no sheet name
                return self.cell
            return f"{self.sheet}!{self.cell}"
        return self.sheet if self.sheet is not None else self.file

    def __str__(self) -> str:
        parts = [self.where]
        if self.value != "":
            parts.append(self.value)
        parts.append(self.cli_text)
        return ": ".join(parts)


def column_letter(col: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    if col < 1:
        raise ValueError(f"column {col} is not 1 or more")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """``(7, 3)`` → ``C7`` (both 1-based)."""
    return f"{column_letter(col)}{row}"


def parse_cell_ref(ref: str) -> tuple[int, int]:
    """``C7`` → ``(7, 3)`` (row, column; 1-based)."""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    letters, digits = ref[:i].upper(), ref[i:]
    if not letters or not digits.isdigit():
        raise ValueError(f"{ref!r} is not a cell reference")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col

"""Problems grouped by cause: one line per cause with its count and first cells, so a
council-wide file with 8,969 unknown cost centres says so in one line, not 8,969.

The full list stays in the wizard's error workbook (``import --json`` lists the first 1,000,
with how many there are); the command line prints at most a screenful of these lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.ledger import Ledger
from fundledger import __version__
from importers.problems import ImportProblem

from .import_kinds.cost_centres import UNKNOWN_REASON
from .import_result import format_problem

__all__ = [
    "SCREENFUL",
    "ProblemGroup",
    "group_problems",
    "problem_lines",
    "write_error_workbook",
]

SCREENFUL = 20
_COLUMN = re.compile(r"(?:.*!)?\$?([A-Z]{1,3})\$?\d+$")
_CELLS = 5
_VALUES = 5


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """Problems with one reason in one column (or about the file)."""

    reason: str
    column: str | None
    problems: tuple[ImportProblem, ...]

    @property
    def count(self) -> int:
        return len(self.problems)

    def line(self, app: bool = False) -> str:
        """The group in one line (a lone problem as it always prints); ``app``: the way out
        said for the wizard rather than the command line."""
        first = self.problems[0]
        if self.count == 1:
            return format_problem(first, app)
        cells = ", ".join(p.cell or "" for p in self.problems[:_CELLS] if p.cell)
        cells += ", …" if self.count > _CELLS else ""
        where = first.file if first.sheet in (None, first.file) else f"{first.file}: {first.sheet}"
        values = Counter(p.value for p in self.problems if p.value != "")
        if self.reason == UNKNOWN_REASON:
            return (
                f"{where}: {len(values):,} unknown cost centre{'s' if len(values) != 1 else ''} "
                f"in {self.count:,} rows{self._of_column()}: {cells}; codes {_top(values)}: add "
                "them to the ledger's cost centres, leave their rows out "
                + (
                    "(tick “Skip the rows…” above), or map the cost centre to another column "
                    "(Back, to “Map the columns”)"
                    if app
                    else "(--outside skip), or read the cost centre from another column "
                    "(--map cost_centre=COLUMN)"
                )
            )
        column = f" ({self.column})" if self.column else ""
        shown = f"; values {_top(values)}" if values else ""
        return f"{where}: {self.count:,} rows{column}: {first.reason_for(app)}: {cells}{shown}"

    def _of_column(self) -> str:
        """`` of column G (DetailedExpenditureCode)``: which column was read as the cost
        centre (a council-wide file may have several code columns)."""
        letters = _COLUMN.match(self.problems[0].cell or "")
        letter = f" {letters.group(1)}" if letters else ""
        header = f" ({self.column})" if self.column else ""
        return f" of column{letter}{header}" if letter or header else ""


def _top(values: Counter[str]) -> str:
    top = values.most_common(_VALUES)
    text = ", ".join(f"{v} ({n:,} row{'s' if n != 1 else ''})" for v, n in top)
    return text + (f", … {len(values) - len(top):,} more" if len(values) > len(top) else "")


def group_problems(problems: Sequence[ImportProblem]) -> list[ProblemGroup]:
    """Problems grouped by (reason, column), in the order each cause first appears."""
    groups: dict[tuple[str, str | None, bool], list[ImportProblem]] = {}
    for p in problems:
        groups.setdefault((p.reason, p.column, p.row is None), []).append(p)
    return [ProblemGroup(r, c, tuple(ps)) for (r, c, _f), ps in groups.items()]


def problem_lines(
    problems: Sequence[ImportProblem], limit: int = SCREENFUL, *, app: bool = False
) -> list[str]:
    """At most ``limit`` lines: one per cause, then how many more causes there are."""
    groups = group_problems(problems)
    lines = [g.line(app) for g in groups[:limit]]
    if len(groups) > limit:
        rest = groups[limit:]
        n = sum(g.count for g in rest)
        lines.append(
            f"… and {len(rest):,} more cause{'s' if len(rest) != 1 else ''} ({n:,} problems): "
            + (
                "“Save the problems” lists every one"
                if app
                else "--json lists the first 1,000, the import wizard saves every one"
            )
        )
    return lines


def write_error_workbook(
    ledger: Ledger, problems: Sequence[ImportProblem], path: str | Path, file: str
) -> int:
    """Every problem of an import as a workbook (one row each: file, sheet, cell, row,
    column, value, reason), for the user to work through; returns the rows written.
    The workbook writer is imported here: an import that succeeds (the command line's usual
    case) never loads it (about 0.05 CPU s of xlsxwriter at start-up)."""
    from exports.cells import Column
    from exports.data import Produced
    from exports.workbook import FinanceWorkbook

    now = datetime.now(UTC)
    produced = Produced(ledger.display_name, now.date(), ledger.actor.username, now, __version__)
    columns = [
        Column("Sheet"), Column("Cell"), Column("Row", "int"), Column("Column"),
        Column("Value"), Column("Reason", max_width=90),
    ]  # fmt: skip
    title = f"Problems importing {file}"
    rows = [(p.sheet or "", p.cell or "", p.row, p.column or "", p.value, p.reason)
            for p in problems]  # fmt: skip
    with FinanceWorkbook(path, produced, title=title) as book:
        groups = [g.line() for g in group_problems(problems)]
        sheet = book.add_sheet("Problems", title=title, notes=groups[:SCREENFUL])
        sheet.table(columns, rows, total_label=None)
    return len(rows)

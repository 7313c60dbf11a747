"""Problems grouped by cause: one line per cause with its count and first cells, so a
council-wide file with 8,969 unknown cost centres says so in one line, not 8,969.

The full list stays in ``import --json`` (and the wizard's error workbook); the command line
prints at most a screenful of these lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from importers.problems import ImportProblem

from .import_kinds.cost_centres import UNKNOWN_REASON
from .import_result import format_problem

__all__ = ["SCREENFUL", "ProblemGroup", "group_problems", "problem_lines"]

SCREENFUL = 20
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

    def line(self) -> str:
        """The group in one line (a lone problem as it always prints)."""
        first = self.problems[0]
        if self.count == 1:
            return format_problem(first)
        cells = ", ".join(p.cell or "" for p in self.problems[:_CELLS] if p.cell)
        cells += ", …" if self.count > _CELLS else ""
        where = first.file if first.sheet in (None, first.file) else f"{first.file}: {first.sheet}"
        values = Counter(p.value for p in self.problems if p.value != "")
        if self.reason == UNKNOWN_REASON:
            return (
                f"{where}: {len(values):,} unknown cost centre{'s' if len(values) != 1 else ''} "
                f"in {self.count:,} rows: {cells}; codes {_top(values)}: add them to the "
                "ledger's cost centres, or leave their rows out (--outside skip)"
            )
        column = f" ({self.column})" if self.column else ""
        shown = f"; values {_top(values)}" if values else ""
        return f"{where}: {self.count:,} rows{column}: {self.reason}: {cells}{shown}"


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


def problem_lines(problems: Sequence[ImportProblem], limit: int = SCREENFUL) -> list[str]:
    """At most ``limit`` lines: one per cause, then how many more causes there are."""
    groups = group_problems(problems)
    lines = [g.line() for g in groups[:limit]]
    if len(groups) > limit:
        rest = groups[limit:]
        n = sum(g.count for g in rest)
        lines.append(
            f"… and {len(rest):,} more cause{'s' if len(rest) != 1 else ''} ({n:,} problems): "
            "--json lists every problem"
        )
    return lines

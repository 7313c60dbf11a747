"""What an import did (or would do): :class:`ImportResult`, its ``--json`` form and summary,
and how a problem is printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fundledger.money import ZERO, Money, format_gbp, money_str
from importers.problems import ImportProblem
from importers.rows import ImportInfo

from .import_kinds.plan import OutsideRows, RowPreview

__all__ = ["JSON_ERRORS", "ImportResult", "format_problem", "merge_errors", "undo_summary"]

#: problems listed by ``import --json`` (a council-wide file can have hundreds of thousands)
JSON_ERRORS = 1_000


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, for a dry run or on errors, would do).  Mirrors the JSON."""

    kind: str
    file: str
    sheet: str | None
    dry_run: bool
    batch: int | None
    rows_read: int
    imported: int
    duplicates: int
    skipped: int
    total: Money
    by_stream: Mapping[str, Money]
    errors: tuple[ImportProblem, ...]
    warnings: tuple[str, ...]
    created: tuple[str, ...] = ()
    reported_actual: Money | None = None
    info: ImportInfo | None = None
    preview: tuple[RowPreview, ...] = ()
    outside: OutsideRows | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        """The SPEC §5 ``import --json`` object (money as two-decimal strings); ``errors``
        holds the first :data:`JSON_ERRORS` problems, ``errors_total`` how many there are."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "file": self.file,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "batch": self.batch,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "total": money_str(self.total),
            "by_stream": {k: money_str(v) for k, v in sorted(self.by_stream.items())},
            "errors": [
                {"sheet": p.sheet, "cell": p.cell, "value": p.value, "reason": p.cli_text}
                for p in self.errors[:JSON_ERRORS]
            ],
            "errors_total": len(self.errors),
            "warnings": list(self.warnings),
        }
        o = self.outside
        out["outside"] = {
            "rows": o.rows if o else 0,
            "total": money_str(o.total if o else ZERO),
            "cost_centres": dict(o.cost_centres) if o else {},
        }
        mapping = self.info.mapping if self.info is not None else ()
        out["mapping"] = {m.field: {"column": m.letter, "header": m.header} for m in mapping}
        return out

    def summary(self) -> str:
        """A short human summary (several lines)."""
        verb = "would import" if self.dry_run or self.errors else "imported"
        head = f"{self.file}"
        if self.sheet and self.sheet != self.file:
            head += f" (sheet {self.sheet!r})"
        lines = [
            f"{head}: {self.kind}: {self.rows_read} rows read; {verb} {self.imported}, "
            f"{self.duplicates} duplicate, {self.skipped} skipped; total {format_gbp(self.total)}"
        ]
        if self.by_stream:
            parts = ", ".join(f"{k} {format_gbp(v)}" for k, v in sorted(self.by_stream.items()))
            lines.append(f"  by stream: {parts}")
        if self.outside is not None:
            lines.append(_outside_line(self.outside))
        if self.reported_actual is not None:
            lines.append(f"  reported actuals (to date): {format_gbp(self.reported_actual)}")
        if self.batch is not None:
            lines.append(f"  batch {self.batch}")
        elif self.dry_run and not self.errors:
            lines.append("  dry run: nothing written")
        if self.errors:
            lines.append(f"  {len(self.errors)} error(s): nothing written")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _outside_line(o: OutsideRows) -> str:
    n = len(o.cost_centres)
    top = sorted(o.cost_centres.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    codes = ", ".join(f"{code} ({rows:,} rows)" for code, rows in top)
    more = f", … {n - len(top):,} more" if n > len(top) else ""
    return (
        f"  left out: {o.rows:,} rows of {n:,} cost centre{'s' if n != 1 else ''} this "
        f"ledger does not hold, {format_gbp(o.total)}: {codes}{more}"
    )


def format_problem(p: ImportProblem, app: bool = False) -> str:
    """``invoices.xlsx: Invoices!F7 (Amount): '12.345': more than two decimal places``;
    ``app``: the reason as the app says it (“Stream”, not ``--stream``)."""
    where = p.where
    if p.sheet is not None or p.cell is not None:
        where = f"{p.file}: {where}"
    if p.column:
        where += f" ({p.column})"
    parts = [where]
    if p.value != "":
        parts.append(repr(p.value))
    parts.append(p.reason_for(app))
    return ": ".join(parts)


def merge_errors(previews: list[RowPreview], errors: list[ImportProblem]) -> tuple[RowPreview, ...]:
    """Every row for the preview: rows with a problem marked ``error`` with its reason(s)."""
    reasons: dict[int, list[str]] = {}
    for p in errors:
        if p.row is not None:
            where = f"{p.cell} ({p.column})" if p.cell and p.column else (p.cell or "")
            value = f"{p.value!r}: " if p.value != "" else ""
            reasons.setdefault(p.row, []).append(f"{where}: {value}{p.reason}".lstrip(": "))
    out: dict[int, RowPreview] = {}
    for pv in previews:
        if pv.row in reasons:
            pv = RowPreview(
                pv.row, "error", pv.stream, pv.amount, pv.label, "; ".join(reasons[pv.row])
            )
        out.setdefault(pv.row, pv)
    for row, why in reasons.items():
        if row not in out:
            out[row] = RowPreview(row, "error", None, None, "", "; ".join(why))
    return tuple(out[r] for r in sorted(out))


def imported_text(result: ImportResult) -> str:
    """The status message after an import: "Imported batch #12 (transactions): 1,234 rows from
    gl.xlsx, £56,789.00 (3 duplicates left out)"."""
    extra = [
        f"{n:,} {what}"
        for n, what in ((result.duplicates, "duplicates left out"), (result.skipped, "skipped"))
        if n
    ]
    tail = f" ({'; '.join(extra)})" if extra else ""
    return (
        f"Imported batch #{result.batch} ({result.kind.replace('_', ' ')}): {result.imported:,}"
        f" rows from {Path(result.file).name}, {format_gbp(result.total)}{tail}"
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def undo_summary(
    kind: str, rows: int, reversed_transactions: int, superseded: int, cancelled: int
) -> str:
    """What undoing a batch did, in words, only what happened: a GL extract's lines leave the
    reconciliation; a budget-lines, contracts or contributions import's rows stop counting
    (and the transactions some of them brought, such as spend to date, are reversed)."""
    done = []
    if kind == "gl":
        done.append(
            f"its {_count(rows, 'statement line', 'statement lines')} left the reconciliation "
            "and the matches made with them ended"
        )
    elif kind not in ("transactions", "allocations", "income"):
        done.append(f"its {_count(rows, 'row', 'rows')} no longer count")
    if reversed_transactions:
        done.append(_count(reversed_transactions, "transaction", "transactions") + " reversed")
    if superseded:
        done.append(_count(superseded, "allocation", "allocations") + " superseded")
    if cancelled:
        done.append(_count(cancelled, "income item", "income items") + " cancelled")
    return ", ".join(done) or "nothing was left standing to reverse"

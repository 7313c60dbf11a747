"""The Variance page's own Export (Ctrl+E): the variance workbook for the scope, level and as-at
date shown, written off the GUI thread under a temporary name (a cancelled or failed export
leaves nothing and says so); the chooser starts in the last folder used for returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundledger.money import format_gbp
from fundledger.years import year_label

from ..widgets.file_choice import choose_save

if TYPE_CHECKING:
    from ui.usecases.exports import Exported

    from ..context import AppContext, Job

__all__ = ["export_request", "export_variance", "variance_file_name"]


def variance_file_name(stream: str | None, year: int | None, by: str) -> str:
    """``variance-DA-2025-26-line.xlsx`` (all streams / all years left out)."""
    parts = ["variance", stream or "", year_label(year) if year else "", by]
    return "-".join(p for p in parts if p) + ".xlsx"


def export_variance(
    ctx: AppContext,
    parent: Any,
    scope: tuple[str | None, int | None, str, date],
    say: Callable[[str], None],
    path: str | None = None,
) -> Job | None:
    """Ask for a file (unless given) and write the variance workbook of ``scope`` (stream,
    year, level, as at); ``say`` gets the outcome (written, cancelled or failed)."""
    from ui.usecases.returns import Request

    stream, year, by, as_at = scope
    year_text = year_label(year) if year is not None else None
    request = Request("variance", year_text, stream, by, as_at, from_scope=True)
    return export_request(ctx, parent, request, "variance",
                          variance_file_name(stream, year, by), say, path)  # fmt: skip


def export_request(
    ctx: AppContext,
    parent: Any,
    request: Any,
    label: str,
    file_name: str,
    say: Callable[[str], None],
    path: str | None = None,
) -> Job | None:
    """Ask for a file (unless given, starting at ``file_name``) and write the return
    ``request`` asks for off the GUI thread; ``say`` gets the outcome, naming it ``label``."""
    if path is None:
        path = choose_save(
            parent, ctx.settings, "return", f"Export {label}", file_name, "Excel (*.xlsx)"
        )
        if not path:
            return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    target = Path(path)

    def work(ledger: Any, job: Job) -> Exported:
        from ui.usecases.exports import export_return

        def progress(done: int, total: int) -> None:
            job.report(done, total, f"Written {done:,} of {total:,} rows")

        return export_return(ledger, request, target, progress)

    def done(result: Exported) -> None:
        totals = " · ".join(f"{k} {format_gbp(v)}" for k, v in result.totals.items())
        say(f"Exported {label} to {result.path}" + (f" — {totals}" if totals else ""))

    def failed(exc: BaseException) -> None:
        from ..errors import error_text

        say(f"{label[:1].upper()}{label[1:]} not exported, nothing was written to {target}: "
            f"{error_text(exc)[0]}")  # fmt: skip

    job = ctx.run_read(
        work,
        done,
        failed,
        progress=True,
        title=f"Exporting {label}…",
        cancellable=True,
        pass_job=True,
    )
    job.on_cancelled = lambda: say(f"Export cancelled: nothing was written to {target}")
    return job

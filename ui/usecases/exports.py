"""Returns from the ledger (SPEC §5 ``export``, §7): resolve a request against the registry of
returns (:mod:`ui.usecases.returns`), gather its figures, preview them, write the workbook.

:func:`prepare` reads everything a return needs in one read transaction and gives back a
:class:`~ui.usecases.returns.base.Prepared`: the table the preview shows (rows and totals),
the figure keys a funder's template can use, the rows behind the figures and a writer.
:func:`export_return` writes it to a temporary file beside ``out`` and renames it into place
(an interrupted export never leaves half a file), then checks that the totals the workbook
cached are the totals the preview showed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import exports as xq
from db.schema import Stream
from db.seal import current_seal
from exports import data as xd
from exports.atomic import atomic_path
from exports.template import FigureValue
from fundledger import __version__
from fundledger.dates import parse_date
from fundledger.messages import Field
from fundledger.years import parse_year

from .returns import by_prefix, find, names
from .returns.base import (
    PREVIEW_ROWS,
    ExportInputError,
    Prepared,
    Progress,
    Request,
    Scope,
    common_figures,
)
from .returns.registry import ReturnDef
from .variance import BY_CHOICES, today

__all__ = [
    "PREVIEW_ROWS",
    "ExportInputError",
    "Exported",
    "Prepared",
    "Request",
    "Scope",
    "check_out",
    "export_return",
    "figures_for",
    "prepare",
    "resolve",
    "return_names",
    "write_atomic",
    "write_prepared",
]


def return_names() -> tuple[str, ...]:
    """The returns ``export`` takes, in the order the app lists them."""
    return names()


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    totals: dict[str, Decimal]
    sheets: tuple[str, ...]
    prepared: Prepared = field(repr=False)


# --------------------------------------------------------------------------- resolving


def definition(ret: str) -> ReturnDef:
    """The registered return called ``ret`` (:class:`ExportInputError` if none)."""
    found = find(ret)
    if found is None:
        raise ExportInputError(f"unknown return {ret!r}: one of {', '.join(names())}")
    return found


def _stream(session: Session, d: ReturnDef, request: Request) -> tuple[str | None, int | None]:
    code = request.stream or d.applies.stream
    if code is None:
        if d.applies.kinds:
            kinds = " or ".join(sorted(d.applies.kinds))
            raise ExportInputError(f"{d.name}: choose a stream ({kinds})")
        return None, None
    rows = session.execute(select(Stream.code, Stream.id, Stream.fund_type)).all()
    found = {c.upper(): (c, i, k) for c, i, k in rows}
    hit = found.get(code.strip().upper())
    if hit is None:
        known = ", ".join(sorted(c for c, _i, _k in found.values())) or "none"
        raise ExportInputError(f"{code}: no such stream (streams: {known})", Field.STREAM)
    if d.applies.fits(hit[2]) is False and request.from_scope and d.applies.stream:
        return _stream(session, d, replace(request, stream=None, from_scope=False))
    if d.applies.fits(hit[2]) is False:
        kinds = " or ".join(sorted(d.applies.kinds))
        a = "an" if hit[2][:1] in "aeiou" else "a"
        raise ExportInputError(f"{hit[0]} is {a} {hit[2]} stream; {d.name} reports "
                               f"on {kinds} streams", Field.STREAM)  # fmt: skip
    return hit[0], hit[1]


def _year(d: ReturnDef, text: str | None) -> tuple[int | None, int | None]:
    """(financial start year, calendar year) from ``--year``."""
    if not text:
        return None, None
    t = text.strip()
    calendar = "calendar" in d.options
    if calendar and t.isdigit() and len(t) == 4:
        return None, int(t)
    fy = parse_year(t)
    if fy is None:
        hint = " or a calendar year such as 2025" if calendar else ""
        raise ExportInputError(f"{text}: not a financial year (e.g. 2025-26{hint})", Field.YEAR)
    return fy.start_year, None


def _as_at(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    found, problem = parse_date(value)
    if found is None:
        raise ExportInputError(f"{value}: {problem or 'not a date'}", Field.AS_AT)
    return found


def resolve(session: Session, request: Request) -> Scope:
    """Check the request against the registry and the ledger (:class:`ExportInputError`
    when it does not fit)."""
    d = definition(request.ret)
    if request.by not in BY_CHOICES:
        raise ExportInputError(
            f"must be one of {', '.join(BY_CHOICES)}, not {request.by!r}", Field.BY
        )
    code, sid = _stream(session, d, request)
    year, calendar = _year(d, request.year)
    as_at = _as_at(request.as_at)
    if year is None and calendar is None and sid is not None and d.latest_year is not None:
        year = d.latest_year(session, sid)
        if year is None:
            raise ExportInputError(f"{d.name}: the {code} stream has nothing to report in any year")
    if as_at is None and d.default_as_at is not None and sid is not None and year is not None:
        as_at = d.default_as_at(session, sid, year)
    return Scope(d.name, code, sid, year, calendar, request.by, as_at or today())


def produced_by(session: Session, ledger: Ledger, as_at: date) -> xd.Produced:
    """Who and what: the ledger's name (or file name), the as-at date, the user, now (UTC)."""
    name = xq.ledger_name(session) or Path(ledger.display_name).name
    seal = str(current_seal(session))
    return xd.Produced(name, as_at, ledger.actor.username, datetime.now(UTC), __version__, seal)


def prepare(ledger: Ledger, request: Request) -> Prepared:
    """Everything the return needs, read in one transaction."""
    from .permissions import hidden_stream

    with ledger.read() as session:
        scope = resolve(session, request)
        hidden = hidden_stream(ledger.actor, ledger.is_shared, scope.stream)
        if hidden is not None:
            raise ExportInputError(f"{hidden}; nothing was written", Field.STREAM)
        produced = produced_by(session, ledger, scope.as_at)
        return definition(scope.ret).build(session, scope, produced)


# --------------------------------------------------------------------------- writing


def check_out(out: str | Path) -> Path:
    """``--out`` must be an ``.xlsx`` file in a folder that exists."""
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        raise ExportInputError(f"{out}: the file name must end in .xlsx", Field.OUT)
    if not path.parent.is_dir():
        raise ExportInputError(f"{out}: the folder {path.parent} does not exist", Field.OUT)
    if path.is_dir():
        raise ExportInputError(f"{out}: is a folder", Field.OUT)
    return path


def write_atomic(out: Path, write: Callable[[Path], xd.Written]) -> xd.Written:
    """Write to a temporary file in ``out``'s folder, then rename it over ``out`` (with the
    user's normal file mode); a failed or cancelled write leaves nothing."""
    with atomic_path(out) as tmp:
        written = write(tmp)
    return replace(written, path=str(out))


def write_prepared(
    ledger: Ledger, prepared: Prepared, out: str | Path, progress: Progress | None = None
) -> Exported:
    """Write a prepared return to ``out`` atomically and check its cached totals."""
    path = check_out(out)
    written = write_atomic(path, lambda tmp: prepared.write(ledger, tmp, progress))
    if written.totals != prepared.totals:
        path.unlink(missing_ok=True)
        raise RuntimeError(
            f"{prepared.scope.ret}: the workbook's totals {written.totals} differ from the "
            f"ledger's {prepared.totals}; nothing was kept"
        )
    return Exported(path, dict(written.totals), written.sheets, prepared)


def export_return(
    ledger: Ledger, request: Request, out: str | Path, progress: Progress | None = None
) -> Exported:
    """Prepare and write one return (``ExportInputError`` for bad input; nothing written)."""
    check_out(out)
    return write_prepared(ledger, prepare(ledger, request), out, progress)


# --------------------------------------------------------------------------- templates


def figures_for(ledger: Ledger, keys: Sequence[str], request: Request) -> dict[str, FigureValue]:
    """The figures a cell map names, from every return its keys belong to (``yj.total`` →
    the pooled budget).  ``request.ret`` is ignored; year, stream and as-at apply to each."""
    out: dict[str, FigureValue] = {}
    wanted = {d.name: d for k in keys if (d := by_prefix(k.split(".", 1)[0])) is not None}
    for name in sorted(wanted):  # the stream given where it fits, else the return's own
        prepared = prepare(ledger, replace(request, ret=name, from_scope=True))
        for k, v in prepared.figures.items():
            out.setdefault(k, v)
    if not wanted:
        with ledger.read() as s:
            scope = resolve(s, replace(request, ret="variance"))
            out.update(common_figures(scope, produced_by(s, ledger, scope.as_at), {}))
    return out

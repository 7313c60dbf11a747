"""A dummy import kind ("meter readings") built only from the registry's public parts, to
show that adding a kind is its own module plus one registration."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.ops.import_writes import WriteBatch
from fundledger.money import Money
from importers.body import TableRows
from importers.cells import CellReader, Figures
from importers.headers import FieldSpec, TableSpec
from importers.kinds import KindParser, Parsed
from importers.options import ImportOptions
from ui.usecases.import_kinds import REGISTRY, ImportKind, Option
from ui.usecases.import_kinds.plan import Plan, PlanContext, new_plan

NAME = "meter-readings"
LABEL = "Meter readings (a test kind)"


@dataclass(frozen=True, slots=True)
class Reading:
    row: int
    read_on: date
    meter: str
    amount: Money


SPEC = TableSpec(
    NAME,
    (
        FieldSpec("date", ("reading date", "date")),
        FieldSpec("meter", ("meter", "meter id")),
        FieldSpec("amount", ("charge", "amount"), money=True),
    ),
    (("date",), ("meter",), ("amount",)),
)


def parse(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[Reading]:
    jd, jm, ja = rd.index("date"), rd.index("meter"), rd.index("amount")
    out = []
    for row, cells in rows.data:
        when = rd.required_date(row, cells, jd, "date")
        meter = rd.required_text(row, cells, jm, "meter")
        amount = rd.money(row, cells, ja)
        if when is not None and meter is not None and isinstance(amount, Decimal):
            out.append(Reading(row, when, meter, amount))
    return out, Figures(False), ()


def plan(ctx: PlanContext, rows: Sequence[Reading]) -> tuple[Plan, list[Reading]]:
    p = new_plan(ctx)
    for r in rows:
        p.count("METERS", r.amount)
        p.new(r.row, "METERS", r.amount, r.meter)
    return p, list(rows)


WRITTEN: list[Reading] = []


def write(session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[Reading]) -> int:
    WRITTEN.extend(rows)
    batch.tick(len(rows), len(rows))
    return len(rows)


KIND: ImportKind[Reading, Reading] = ImportKind(
    name=NAME,
    label=LABEL,
    short="Meter readings",
    help="meter readings (a kind registered by a test)",
    description="Readings of the council's meters.",
    parser=KindParser(NAME, SPEC, Reading, parse),
    planner=plan,
    writer=write,
    options=frozenset({Option.YEAR}),
)


def registered() -> Iterator[None]:
    """Register the dummy kind for the length of a test."""
    REGISTRY.register(KIND)
    try:
        yield
    finally:
        REGISTRY.unregister(NAME)
        WRITTEN.clear()

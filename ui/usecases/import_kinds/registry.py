"""The import-kind registry: one :class:`ImportKind` record per kind, read by the command line
(``fundledger import KIND``), the import wizard, the imports page and the use case.

A kind is its parser (:class:`importers.kinds.KindParser`: the table it reads and its row
type), its planner (rows + the ledger → a :class:`~.plan.Plan` and the typed write records)
and its writer (:mod:`db.ops.import_writes` / :mod:`db.ops.import_records`), plus what the
screens say about it and which wizard options it takes.  Adding a kind is one module that
builds an :class:`ImportKind` and one :meth:`Registry.register` call (see
``docs/contributing.md``).

Refiners plug into a kind's plan before anything is shown or written: each gets the context,
the rows, the plan and the write records, and returns the write records to commit (changing
a row's coding, marking a possible duplicate in the preview, leaving a row out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.ops.import_writes import WriteBatch
from importers.api import parse_file
from importers.headers import TableSpec
from importers.kinds import KindParser
from importers.options import ImportOptions
from importers.problems import ImportProblem
from importers.rows import ImportInfo

from .plan import Plan, PlanContext

__all__ = [
    "DuplicateKind",
    "ImportKind",
    "KindEntry",
    "Option",
    "ParsedFile",
    "Planner",
    "Refiner",
    "Registry",
    "UnknownKind",
    "Writer",
]

R = TypeVar("R")
W = TypeVar("W")

#: rows of a kind + the ledger → the plan and the records to write
Planner = Callable[[PlanContext, Sequence[R]], tuple[Plan, list[W]]]
#: writes the records inside the import's transaction; returns rows written
Writer = Callable[[Session, Actor, WriteBatch, Sequence[W]], int]
#: adjusts a plan before it is shown or written (coding, duplicate marks); returns the writes
Refiner = Callable[[PlanContext, Sequence[R], Plan, list[W]], list[W]]


class Option(StrEnum):
    """What the wizard asks (and the command line takes) for a kind besides the file."""

    STREAM = "stream"  # the stream the file is for
    YEAR = "year"  # the financial year, when the sheet does not say
    AS_AT = "as_at"  # the as-at date of figures "to date"
    CREATE_MISSING = "create_missing"  # create organisations that match no one
    OUTSIDE = "outside"  # rows of cost centres the ledger does not hold: skip or error


class DuplicateKind(ValueError):
    """A kind registered twice."""


class UnknownKind(KeyError):
    """No kind is registered under that name."""


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A file read as one kind: its problems, what was found, how many rows parsed, and
    ``plan`` (the kind's planner over the parsed rows, with the kind's writer attached)."""

    problems: list[ImportProblem]
    info: ImportInfo | None
    rows: int
    plan: Callable[[PlanContext], Plan]


@dataclass(frozen=True, slots=True)
class ImportKind(Generic[R, W]):
    """One import kind: name, words for the screens, parser, planner, writer, options.

    ``label``: the wizard's choice ("Transactions (spend, credit notes)"); ``short``: the
    imports page's Kind column; ``help``: the command line's one-line description;
    ``description``: a sentence for the wizard.  ``register_page``: the page that lists a
    batch's rows ("Show rows"), if any.
    """

    name: str
    label: str
    short: str
    help: str
    description: str
    parser: KindParser[R]
    planner: Planner[R, W]
    writer: Writer[W]
    options: frozenset[Option] = frozenset()
    register_page: str | None = None
    refiners: tuple[Refiner[R, W], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a column can be mapped to."""
        return self.parser.fields

    @property
    def spec(self) -> TableSpec:
        """The table this kind reads (fields, header names, what is needed)."""
        return self.parser.spec

    def parse(self, path: Path, options: ImportOptions) -> ParsedFile:
        """Read ``path`` as this kind; the result plans the typed rows on demand."""
        rows, problems, info = parse_file(self.parser, path, options)
        return ParsedFile(problems, info, len(rows), lambda ctx: self.plan(ctx, rows))

    def plan(self, ctx: PlanContext, rows: Sequence[R]) -> Plan:
        """The plan for ``rows``, refined, with this kind's writer over its records."""
        plan, writes = self.planner(ctx, rows)
        for refine in self.refiners:
            writes = refine(ctx, rows, plan, writes)
        writer = self.writer

        def write(session: Session, actor: Actor, batch: WriteBatch) -> int:
            return writer(session, actor, batch, writes)

        plan.write = write
        return plan

    def with_refiner(self, refiner: Refiner[R, W]) -> ImportKind[R, W]:
        """This kind with one more refiner (re-register it with :meth:`Registry.replace`)."""
        return replace(self, refiners=(*self.refiners, refiner))


class KindEntry(Protocol):
    """What the registry's readers see of a kind (any row and write types)."""

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def short(self) -> str: ...
    @property
    def help(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def options(self) -> frozenset[Option]: ...
    @property
    def register_page(self) -> str | None: ...
    @property
    def fields(self) -> tuple[str, ...]: ...
    @property
    def spec(self) -> TableSpec: ...
    def parse(self, path: Path, options: ImportOptions) -> ParsedFile: ...


@dataclass(slots=True)
class Registry:
    """Import kinds by name, in registration order."""

    _kinds: dict[str, KindEntry] = field(default_factory=dict)

    def register(self, kind: KindEntry) -> KindEntry:
        """Add ``kind``; a second kind of the same name is refused."""
        if kind.name in self._kinds:
            raise DuplicateKind(f"import kind {kind.name!r} is registered twice")
        self._kinds[kind.name] = kind
        return kind

    def unregister(self, name: str) -> None:
        self._kinds.pop(name, None)

    def replace(self, kind: KindEntry) -> None:
        """Swap the registered kind of that name for ``kind`` (e.g. with a refiner added)."""
        if kind.name not in self._kinds:
            raise UnknownKind(kind.name)
        self._kinds[kind.name] = kind

    def get(self, name: str) -> KindEntry:
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(f"unknown import kind {name!r}: one of {self.listing()}") from None

    def find(self, name: str) -> KindEntry | None:
        return self._kinds.get(name)

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def listing(self) -> str:
        return ", ".join(self._kinds)

    def __iter__(self) -> Iterator[KindEntry]:
        return iter(list(self._kinds.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

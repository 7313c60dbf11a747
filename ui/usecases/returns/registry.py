"""The returns registry: each return declared once, as a :class:`ReturnDef`.

A definition names the return (the CLI's ``export RETURN``), says what it is, which streams it
reports on, which options it takes and which template figures it offers, and gives the builder
that reads its figures and rows from the ledger into a :class:`~.base.Prepared`.  The command
line, the Returns page and the template filler all read this registry, so adding a return is
its module plus one :func:`register` call (``ui/usecases/returns/__init__.py``).

Registering a name (or a figure prefix) twice raises :class:`DuplicateReturn`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from exports.data import Produced

from .base import Prepared, Scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Builder = Callable[["Session", Scope, Produced], Prepared]
#: the kinds of stream (issue 13: streams are data, each of one kind)
StreamKind = Literal["grant", "pooled", "allocations", "income"]
STREAM_KINDS: tuple[StreamKind, ...] = ("grant", "pooled", "allocations", "income")
#: options a return takes beyond year, stream and as-at
Option = Literal["by", "calendar"]


class DuplicateReturn(ValueError):
    """A return (or its figure prefix) registered twice."""


@dataclass(frozen=True, slots=True)
class Applies:
    """Which streams a return reports on.

    ``kinds`` are the fund types of the streams it fits (``streams.fund_type``: grant, pooled,
    allocations, income; empty: any stream, or every stream at once); ``stream`` is the stream
    it reports on when none is given, or when the one in scope is of another fund type (the
    pooled budget return on the Returns page while DA is in scope shows YJ).
    """

    kinds: frozenset[StreamKind] = frozenset()
    stream: str | None = None

    @property
    def any_stream(self) -> bool:
        return not self.kinds

    def fits(self, stream_kind: str) -> bool | None:
        """Whether a stream of fund type ``stream_kind`` fits; None when it is not one of
        :data:`STREAM_KINDS`."""
        if self.any_stream:
            return True
        if stream_kind not in STREAM_KINDS:
            return None
        return stream_kind in self.kinds


@dataclass(frozen=True, slots=True)
class FigureDoc:
    """A template figure key a return offers and what it means (``<area>`` stands for a name)."""

    key: str
    meaning: str


@dataclass(frozen=True, slots=True)
class ReturnDef:
    """One return, declared once."""

    name: str
    title: str
    build: Builder
    applies: Applies = Applies()
    #: the prefix of its template figure keys (``opcc`` → ``opcc.allocation_total``)
    figure_prefix: str | None = None
    figures: tuple[FigureDoc, ...] = ()
    options: frozenset[Option] = frozenset()
    #: the year reported when none is given (latest with data in the stream); None: all years
    latest_year: Callable[[Session, int], int | None] | None = None
    #: the as-at date when none is given (e.g. the latest reported actual); None: today
    default_as_at: Callable[[Session, int, int], date | None] | None = None

    @property
    def label(self) -> str:
        """``"OPCC allocations to CSPs vs expenditure to date"``."""
        return self.title


_REGISTRY: dict[str, ReturnDef] = {}


def register(definition: ReturnDef) -> ReturnDef:
    """Add a return (listed after those already registered)."""
    if definition.name in _REGISTRY:
        raise DuplicateReturn(f"return {definition.name!r} is registered twice")
    prefix = definition.figure_prefix
    if prefix is not None:
        for other in _REGISTRY.values():
            if other.figure_prefix == prefix:
                raise DuplicateReturn(
                    f"returns {other.name!r} and {definition.name!r} both use the figure "
                    f"prefix {prefix!r}"
                )
    _REGISTRY[definition.name] = definition
    return definition


def unregister(name: str) -> None:
    """Remove a return (tests that register one of their own)."""
    del _REGISTRY[name]


@contextmanager
def registered(definition: ReturnDef) -> Iterator[ReturnDef]:
    """Register ``definition`` for the ``with`` block only."""
    register(definition)
    try:
        yield definition
    finally:
        unregister(definition.name)


def definitions() -> tuple[ReturnDef, ...]:
    """Every return, in the order the app lists them."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def find(name: str) -> ReturnDef | None:
    return _REGISTRY.get(name)


def by_prefix(prefix: str) -> ReturnDef | None:
    """The return whose template figures start ``prefix.``."""
    return next((d for d in _REGISTRY.values() if d.figure_prefix == prefix), None)


def for_stream(code: str | None) -> ReturnDef | None:
    """The return a stream leads to on the Returns page (OPCC → opcc-csp)."""
    if not code:
        return None
    want = code.strip().upper()
    return next((d for d in _REGISTRY.values() if (d.applies.stream or "").upper() == want), None)

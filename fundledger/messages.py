"""Problems with what someone typed, said once for the app and once for the command line.

A use case raises :class:`InputProblem` naming the field (``Field.STREAM``); the app shows
``Stream: ZZ: no such stream`` and the command line, which knows its options,
``--stream: ZZ: no such stream`` (:meth:`InputProblem.for_cli`).  A problem about no one
field is the same in both.

A message that tells the user how to put something right (an import's problem) is a
:class:`Wording`: :func:`ask` says ``set “Stream” (DA, OPCC)`` in the app and
``give --stream (DA, OPCC)`` on the command line; :func:`named` says ``(Stream)`` / ``(--stream)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Field(StrEnum):
    """An input a use case checks; its value is the command line's option without ``--``."""

    STREAM = "stream"
    YEAR = "year"
    AS_AT = "as-at"
    BY = "by"
    OUT = "out"
    MAP = "map"
    FIRST = "first"
    EVERY = "every"
    ON = "on"
    AGAINST = "against"
    CREATE_MISSING = "create-missing"
    OUTSIDE = "outside"
    HEADER_ROW = "header-row"
    LAST_ROW = "last-row"


#: how the app names each field (a form's label, the Returns page's controls)
LABELS: dict[Field, str] = {
    Field.STREAM: "Stream",
    Field.YEAR: "Financial year",
    Field.AS_AT: "As at",
    Field.BY: "Level",
    Field.OUT: "File",
    Field.MAP: "Cell map",
    Field.FIRST: "First due",
    Field.EVERY: "Due every",
    Field.ON: "Date",
    Field.AGAINST: "Compared with",
    Field.CREATE_MISSING: "Create partners, areas and funders that match no one",
    Field.OUTSIDE: "Skip the rows…",
    Field.HEADER_ROW: "Header row",
    Field.LAST_ROW: "Last data row",
}


def _join(name: str, text: str) -> str:
    # "Level must be one of …" / "--by must be one of …"; otherwise "Stream: ZZ: …"
    return f"{name} {text}" if text.startswith("must ") else f"{name}: {text}"


class InputProblem(ValueError):
    """Bad input, nothing done: ``str()`` is the app's wording, :meth:`for_cli` the CLI's."""

    def __init__(self, text: str, field: Field | None = None) -> None:
        self.text = text
        self.field = field
        super().__init__(text if field is None else _join(LABELS[field], text))

    def for_cli(self) -> str:
        """The message with the command line's option name (``--as-at``) for the field."""
        return self.text if self.field is None else _join(f"--{self.field.value}", self.text)


def cli_text(exc: BaseException) -> str:
    """How the command line says ``exc``: its option names where the problem has a field."""
    return exc.for_cli() if isinstance(exc, InputProblem) else str(exc)


@dataclass(frozen=True, slots=True)
class Wording:
    """One message said for the app (``app``, also ``str()``) and for the command line (``cli``)."""

    app: str
    cli: str

    def __str__(self) -> str:
        return self.app

    def __radd__(self, text: str) -> Wording:
        return Wording(text + self.app, text + self.cli)

    def __add__(self, other: str | Wording) -> Wording:
        if isinstance(other, Wording):
            return Wording(self.app + other.app, self.cli + other.cli)
        return Wording(self.app + other, self.cli + other)


def ask(field: Field, known: str = "", example: str = "") -> Wording:
    """How to put a missing input right: ``set “Financial year” (e.g. 2025-26)`` in the app,
    ``give --year (e.g. --year 2025-26)`` on the command line; ``known`` lists the choices."""
    app, cli = f"set “{LABELS[field]}”", f"give --{field.value}"
    if known:
        app, cli = f"{app} ({known})", f"{cli} ({known})"
    if example:
        app, cli = f"{app} (e.g. {example})", f"{cli} (e.g. --{field.value} {example})"
    return Wording(app, cli)


def tick(field: Field, value: str = "") -> Wording:
    """An option to turn on: ``tick “Skip the rows…”`` / ``--outside skip``."""
    return Wording(f"tick “{LABELS[field]}”", f"--{field.value}" + (f" {value}" if value else ""))


def named(field: Field) -> Wording:
    """A field named in passing: ``(Stream)`` / ``(--stream)``."""
    return Wording(f"({LABELS[field]})", f"(--{field.value})")


def about(field: Field, text: str) -> Wording:
    """A problem with one field as :class:`InputProblem` says it: ``As at: '31/02': …`` /
    ``--as-at: '31/02': …``."""
    return Wording(_join(LABELS[field], text), _join(f"--{field.value}", text))


def given(field: Field, value: object, text: str) -> Wording:
    """A value given for a field and what is wrong with it: ``Header row 9: …`` /
    ``--header-row 9: …`` (``Last data row 3 is not below …`` with no colon before "is")."""
    sep = " " if text.startswith("is ") else ": "
    return Wording(f"{LABELS[field]} {value}{sep}{text}", f"--{field.value} {value}{sep}{text}")

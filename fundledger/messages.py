"""Problems with what someone typed, said once for the app and once for the command line.

A use case raises :class:`InputProblem` naming the field (``Field.STREAM``); the app shows
``Stream: ZZ: no such stream`` and the command line, which knows its options,
``--stream: ZZ: no such stream`` (:meth:`InputProblem.for_cli`).  A problem about no one
field is the same in both.
"""

from __future__ import annotations

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

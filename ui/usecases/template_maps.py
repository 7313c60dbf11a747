"""Funder templates in the app (issue 22): the documented list of figures a cell map can pick
(every figure key of every return, with its meaning and today's value for the scope), and cell
maps saved in the ledger by name, filled like any return.

A figure key documented with a placeholder (``opcc.area.<area>.allocation``) is listed once per
area the ledger has, each with that documentation's meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from db.ops import template_maps as ops
from exports.cells import Column
from exports.data import Produced
from exports.table import ReturnTable, make_table
from exports.template import FigureValue

from .exports import prepare
from .returns import definitions
from .returns.base import ExportInputError, Request
from .returns.registry import FigureDoc
from .templates import TemplateResult, fill_cells
from .variance import today

__all__ = ["COMMON", "FigureEntry", "SavedMap", "figure_catalogue", "fill_saved", "save_map",
           "saved_maps"]  # fmt: skip

#: the figures every return offers (``common_figures``)
COMMON = (
    FigureDoc("as_at", "the as-at date of the figures"),
    FigureDoc("ledger", "the ledger's name"),
    FigureDoc("produced_by", "who produced the workbook"),
    FigureDoc("year", "the financial year reported (2025-26)"),
    FigureDoc("stream", "the stream reported on (its code)"),
)


@dataclass(frozen=True, slots=True)
class FigureEntry:
    key: str
    meaning: str
    value: FigureValue
    #: the return that gives it ("" for the common figures)
    ret: str


def _pattern(doc_key: str) -> re.Pattern[str]:
    parts = re.split(r"<[^>]+>", doc_key)
    return re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$")


def _meaning(key: str, docs: tuple[FigureDoc, ...]) -> str:
    for d in docs:
        if d.key == key:
            return d.meaning
    for d in docs:
        if "<" in d.key:
            m = _pattern(d.key).match(key)
            if m:
                return f"{d.meaning} ({', '.join(m.groups())})"
    return ""


def figure_catalogue(ledger: Ledger, request: Request) -> list[FigureEntry]:
    """Every figure a cell map can name, with its meaning and value for ``request``'s year,
    stream and as-at (a return that cannot report on them is listed with its documented keys
    and no value)."""
    out: list[FigureEntry] = []
    common: dict[str, FigureValue] = {}
    mine: dict[str, FigureValue] = {}  # from a return on the stream asked for
    for d in definitions():
        if d.figure_prefix is None:
            continue
        try:
            prepared = prepare(ledger, replace(request, ret=d.name, from_scope=True))
        except ExportInputError:
            out += [FigureEntry(f.key, f.meaning, None, d.name) for f in d.figures]
            continue
        on_stream = request.stream is not None and prepared.scope.stream == request.stream.upper()
        for key, value in prepared.figures.items():
            if not key.startswith(d.figure_prefix + "."):
                common.setdefault(key, value)
                if on_stream:
                    mine.setdefault(key, value)
                continue
            out.append(FigureEntry(key, _meaning(key, d.figures), value, d.name))
    chosen = mine or common
    head = [FigureEntry(c.key, c.meaning, chosen.get(c.key), "") for c in COMMON]
    return head + out


@dataclass(frozen=True, slots=True)
class SavedMap:
    name: str
    template: str
    cells: dict[str, str] = field(default_factory=dict)
    year: str | None = None
    stream: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "cells": dict(self.cells), "year": self.year,
                "stream": self.stream}  # fmt: skip


def saved_maps(ledger: Ledger) -> dict[str, SavedMap]:
    with ledger.read() as session:
        raw = ops.template_maps(session)
    return {n: SavedMap(n, str(m.get("template", "")), dict(m.get("cells", {})), m.get("year"),
                        m.get("stream")) for n, m in raw.items()}  # fmt: skip


def save_map(ledger: Ledger, saved: SavedMap, reason: str | None = None) -> None:
    """Save (or replace) a map by its name (audited)."""
    with ledger.write() as session:
        ops.save_template_map(session, ledger.actor, saved.name, saved.to_json(), reason)


def fill_saved(
    ledger: Ledger, name: str, template: Path, out: Path, request: Request
) -> TemplateResult:
    """Fill ``template`` through the saved map ``name``."""
    found = saved_maps(ledger).get(name)
    if found is None:
        raise ExportInputError(f"no cell map called {name!r} is saved in this ledger")
    defaults = {k: v for k, v in (("year", found.year), ("stream", found.stream)) if v}
    return fill_cells(ledger, template, found.cells, defaults, out, request)


# --------------------------------------------------------------------------- as a return

#: a filled template's table: which figure went in which cell, with the value written
TEMPLATE_COLUMNS = (
    Column("Cell", "text", max_width=30),
    Column("Figure key", "text", max_width=50),
    Column("Value", "text", max_width=30),
)


@dataclass(frozen=True, slots=True)
class TemplateNow:
    """A saved map's figures now, in the form a submitted return keeps (``Prepared.to_json``)."""

    name: str
    title: str
    table: ReturnTable
    figures: dict[str, FigureValue]
    year: str | None
    stream: str | None
    as_at: date

    def to_json(self, produced: Produced) -> dict[str, Any]:
        from .returns.base import figure_json

        return {"return": f"template:{self.name}", "stream": self.stream, "year": self.year,
                "by": "line", "as_at": self.as_at.isoformat(), "title": self.title,
                "produced": {"ledger": produced.ledger_name, "as_at": produced.as_at.isoformat(),
                             "user": produced.user, "at": produced.produced_at.isoformat(),
                             "version": produced.version},
                "row_count": len(self.table.rows), "table": self.table.to_json(),
                "figures": {k: figure_json(v) for k, v in self.figures.items()},
                "warnings": [], "sources": []}  # fmt: skip


def template_now(ledger: Ledger, name: str, request: Request) -> TemplateNow:
    """The saved map ``name``'s cells and figures for ``request`` (its own year and stream
    where the request leaves them open)."""
    from .exports import figures_for
    from .returns.base import figure_json

    found = saved_maps(ledger).get(name)
    if found is None:
        raise ExportInputError(f"no cell map called {name!r} is saved in this ledger")
    request = replace(request, year=request.year or found.year,
                      stream=request.stream or found.stream)  # fmt: skip
    figures = figures_for(ledger, list(found.cells.values()), request)
    rows = [(t, k, None if figures.get(k) is None else str(figure_json(figures.get(k))))
            for t, k in sorted(found.cells.items())]  # fmt: skip
    as_at = figures.get("as_at")
    return TemplateNow(name, f"{name} (funder template {found.template or ''})".replace(" )", ")"),
                       make_table(TEMPLATE_COLUMNS, rows), figures, request.year,
                       request.stream.upper() if request.stream else None,
                       as_at if isinstance(as_at, date) else today())  # fmt: skip

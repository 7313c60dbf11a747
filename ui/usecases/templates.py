"""Filling a funder's own workbook through a saved cell map (SPEC §7).

A map file is JSON: ``{"cells": {"'Return'!B5": "yj.total", ...}}`` (optionally with
``"year"``, ``"stream"`` and ``"as_at"`` defaults), or just the ``{target: figure}`` object.
Figure keys are those of :class:`ui.usecases.exports.Prepared` (``yj.total``,
``yj.heading.Staffing Costs``, ``opcc.allocation_total``, ``opcc.expenditure_total``, ...), so a
template gets the very figures the returns write.  The template is vetted by
:func:`importers.safety.check_workbook_file` with the template limits (openpyxl loads a
template whole: at most 16 MB expanded, 200,000 cells, 50 sheets) before it is opened, and
the filled copy is written beside ``out`` and renamed into place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from exports.atomic import atomic_path
from exports.template import FigureValue, fill_template
from fundledger.messages import Field
from fundledger.money import money_str
from importers.safety import TEMPLATE_LIMITS, check_workbook_file

from .exports import ExportInputError, Request, figures_for


@dataclass(frozen=True, slots=True)
class TemplateResult:
    template: Path
    out: Path
    filled: tuple[tuple[str, str, FigureValue], ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        def show(v: FigureValue) -> Any:
            if isinstance(v, Decimal):
                return money_str(v)
            return v.isoformat() if isinstance(v, date) else v

        return {
            "template": str(self.template),
            "file": None if self.problems else str(self.out),
            "cells": {t: {"figure": k, "value": show(v)} for t, k, v in self.filled},
            "problems": list(self.problems),
        }


class _Unfilled(Exception):
    """The template could not be filled (its problems are returned; nothing is kept)."""


def read_map(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(cells, defaults) from a map file; :class:`ExportInputError` when it is not one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportInputError(f"{path}: not a readable JSON cell map ({exc})", Field.MAP) from exc
    if not isinstance(raw, dict):
        raise ExportInputError(f"{path}: expected a JSON object", Field.MAP)
    cells = raw.get("cells", raw)
    defaults = {k: raw[k] for k in ("year", "stream", "as_at") if isinstance(raw.get(k), str)}
    if not isinstance(cells, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in cells.items()
    ):
        raise ExportInputError(f"{path}: cells must map a cell or name to a figure key", Field.MAP)
    return dict(cells), defaults


def fill_from_map(
    ledger: Ledger, template: Path, map_path: Path, out: Path, request: Request
) -> TemplateResult:
    """Fill ``template`` into ``out``; problems (unsafe file, unknown figure, formula cell...)
    come back in the result and then nothing is written."""
    cells, defaults = read_map(map_path)
    return fill_cells(ledger, template, cells, defaults, out, request)


def fill_cells(
    ledger: Ledger,
    template: Path,
    cells: dict[str, str],
    defaults: dict[str, str],
    out: Path,
    request: Request,
) -> TemplateResult:
    """Fill ``template`` into ``out`` from ``cells`` (target → figure key); ``defaults`` give
    the year, stream and as-at a request leaves open.  Problems come back in the result."""
    if out.suffix.lower() != template.suffix.lower():
        raise ExportInputError(f"{out}: use the template's own extension "
                               f"({template.suffix})", Field.OUT)  # fmt: skip
    if not out.parent.is_dir():
        raise ExportInputError(f"{out}: the folder {out.parent} does not exist", Field.OUT)
    unsafe = check_workbook_file(template, TEMPLATE_LIMITS)
    if unsafe:
        return TemplateResult(template, out, (), tuple(f"{template.name}: {p.reason}"
                                                       for p in unsafe))  # fmt: skip
    request = replace(
        request,
        year=request.year or defaults.get("year"),
        stream=request.stream or defaults.get("stream"),
        as_at=request.as_at or defaults.get("as_at"),
    )
    figures = figures_for(ledger, list(cells.values()), request)
    try:
        with atomic_path(out, suffix=out.suffix) as tmp:
            problems = fill_template(template, tmp, cells, figures)
            if problems:
                raise _Unfilled(problems)
    except _Unfilled:  # nothing written
        return TemplateResult(template, out, (), tuple(str(p) for p in problems))
    filled = tuple((t, k, figures[k]) for t, k in cells.items())
    return TemplateResult(template, out, filled)

"""Funder templates' cell maps kept in the ledger (issue 22): which figure goes in which cell of
a funder's own workbook, saved once by name and shared by everyone who fills it (a setting
``template_map:<name>`` holding the map as JSON; changing it is an audited write)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Setting
from db.writes import LedgerError, insert, update_row

from .permissions import require

__all__ = ["PREFIX", "save_template_map", "template_maps"]

PREFIX = "template_map:"
_NAME = re.compile(r"^[\w .()&'-]{1,50}$")


def _problems(name: str, cells: Mapping[str, Any]) -> list[str]:
    out = []
    if not _NAME.match(name):
        out.append(f"{name!r}: a map's name is 1 to 50 letters, digits, spaces and . ( ) & ' -")
    if not cells:
        out.append("a cell map needs at least one cell")
    bad = [f"{t!r}" for t, k in cells.items()
           if not isinstance(t, str) or not t.strip() or not isinstance(k, str) or not k.strip()]  # fmt: skip
    if bad:
        out.append("each cell needs a target (Sheet!B5 or a defined name) and a figure key: "
                   + ", ".join(bad[:5]))  # fmt: skip
    return out


def save_template_map(
    session: Session, actor: Actor, name: str, data: Mapping[str, Any], reason: str | None = None
) -> None:
    """Save (or replace) the map called ``name``: ``{"template": file name, "cells": {target:
    figure key}, "year"?, "stream"?}``."""
    require(actor, "reference.write", None)
    name = name.strip()
    cells = data.get("cells") or {}
    problems = _problems(name, cells)
    if problems:
        raise LedgerError("; ".join(problems))
    value = json.dumps({k: v for k, v in data.items() if v is not None}, sort_keys=True,
                       ensure_ascii=False)  # fmt: skip
    key = PREFIX + name
    row = session.get(Setting, key)
    if row is None:
        insert(session, actor, Setting(key=key, value=value), action="save_template_map",
               reason=reason)  # fmt: skip
    elif row.value != value:
        update_row(session, actor, row, {"value": value}, action="save_template_map",
                   reason=reason)  # fmt: skip


def template_maps(session: Session) -> dict[str, dict[str, Any]]:
    """Every saved map by name."""
    rows = session.execute(
        select(Setting.key, Setting.value).where(Setting.key.startswith(PREFIX))
    ).all()
    return {k[len(PREFIX) :]: json.loads(v) for k, v in sorted(rows)}

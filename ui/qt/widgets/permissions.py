"""Enabling an action or button by what the acting user may do, with the reason as its tooltip.

Presentation only: the ledger (and on PostgreSQL the server) still refuses a write the role may
not make.  ``reason`` comes from :meth:`ui.qt.context.AppContext.why_not`.
"""

from __future__ import annotations

from typing import Protocol


class _Gated(Protocol):
    def setEnabled(self, enabled: bool, /) -> None: ...
    def setToolTip(self, tip: str, /) -> None: ...


def gate(target: _Gated, reason: str | None, tip: str) -> None:
    """Enable ``target`` with tooltip ``tip`` when ``reason`` is None; else disable it, saying why."""
    target.setEnabled(reason is None)
    target.setToolTip(tip if reason is None else reason)

"""The "Budget actions" menu a page's button opens: each lifecycle dialog for the page's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QWidget

from .approvals import ApprovalsDialog
from .carry_forward import CarryForwardDialog
from .forecast import ForecastDialog
from .period_locks import PeriodLocksDialog
from .virement import VirementDialog

if TYPE_CHECKING:
    from ...context import AppContext


def lifecycle_menu(
    ctx: AppContext,
    parent: QWidget,
    scope: Callable[[], tuple[str | None, int | None]],
    line: Callable[[], int | None] = lambda: None,
) -> QMenu:
    """A "Budget actions" menu for a page (e.g. allocations): virement, carry-forward, forecast,
    approvals, period locks — each opened for the page's current ``scope()`` (stream, year),
    starting from the selected budget line (``line()``) and the current period.

    Use: ``button.setMenu(lifecycle_menu(self.ctx, self, lambda: (self.stream_code, self.year)))``.
    """
    menu = QMenu("Budget actions", parent)
    entries: list[tuple[str, Callable[[str | None, int | None], Any]]] = [
        ("Request a &virement…", lambda s, y: VirementDialog.run(ctx, parent, s, y, line())),
        ("&Carry forward to next year…",
         lambda s, y: CarryForwardDialog.run(ctx, parent, s, y, line())),
        ("&Forecast outturn…", lambda s, y: ForecastDialog.run(ctx, parent, s, y, line())),
        ("&Approvals (virements, carry-forwards)…", lambda s, y: ApprovalsDialog.run(ctx, parent, s, y)),
        ("Period &locks…", lambda _s, _y: PeriodLocksDialog.run(ctx, parent)),
    ]  # fmt: skip
    for text, open_ in entries:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False, f=open_: f(*scope()))
    return menu

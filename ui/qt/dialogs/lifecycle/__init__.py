"""Budget lifecycle dialogs the allocations and settings pages open, one module each.

- :mod:`.virement` — :class:`VirementDialog`: request a virement between two lines;
- :mod:`.carry_forward` — :class:`CarryForwardDialog`: request carrying an underspend forward;
- :mod:`.forecast` — :class:`ForecastDialog`: a forecast outturn with commentary (history shown);
- :mod:`.close_period` — :class:`ClosePeriodDialog`: close a period or a year (finance);
- :mod:`.approvals` — :class:`ApprovalsDialog`: pending virements and carry-forwards, decided;
- :mod:`.period_locks` — :class:`PeriodLocksDialog`: locks and their history, reopened;
- :mod:`.menu` — :func:`lifecycle_menu`: all of these as one menu for a page's button;
- :mod:`.common` — the shared pickers and the money-and-reason form base;
- :mod:`.list_dialog` — the base of the two list dialogs (table, action row, inline refusal).

Each form fills its pickers off the GUI thread (``ui.usecases.budget``), validates inline and
writes once through ``ui.usecases.lifecycle`` on the pool; a refusal (self-approval, grant
conditions, a closed period, a role) is shown inline, nothing saved.  Every dialog has a
``run`` classmethod returning the result or None.
"""

from __future__ import annotations

from .approvals import MOVEMENT_COLUMNS, ApprovalsDialog
from .carry_forward import CarryForwardDialog
from .close_period import ClosePeriodDialog
from .forecast import ForecastDialog
from .menu import lifecycle_menu
from .period_locks import LOCK_COLUMNS, PeriodLocksDialog
from .virement import VirementDialog

__all__ = [
    "LOCK_COLUMNS",
    "MOVEMENT_COLUMNS",
    "ApprovalsDialog",
    "CarryForwardDialog",
    "ClosePeriodDialog",
    "ForecastDialog",
    "PeriodLocksDialog",
    "VirementDialog",
    "lifecycle_menu",
]

"""The demo's fixed dates and version, :func:`gbp` and its users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fundledger.money import Money, to_money

#: Bump when the demo content changes; stored in ``ledger_info`` key ``demo_loaded``.
DEMO_VERSION = "1"
DEMO_YEAR = 2025
#: The demo has closed 2024-25 at year end (all streams); 2025-26 stays open so that the
#: sample workbooks (2025-26 P01–P06) import into the demo ledger.  Bulk synthetic rows
#: avoid closed periods.
LOCKED_YEAR = 2024
INVOICED_PERIODS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
FORECAST_PERIOD = 8
DEMO_START = date(2025, 4, 1)
OPCC_AS_AT = date(2026, 6, 12)


def gbp(text: str) -> Money:
    """Exact pounds from a plain number string (``"1127205"``)."""
    return to_money(text)


# --------------------------------------------------------------------------- users


@dataclass(frozen=True, slots=True)
class UserSpec:
    username: str
    display_name: str
    role: str
    streams: tuple[str, ...] = ()


USERS: tuple[UserSpec, ...] = (
    UserSpec("a.khan", "Aisha Khan (DA budget holder)", "budget_holder", ("DA",)),
    UserSpec("m.price", "Mark Price (finance officer)", "finance"),
    UserSpec("r.shah", "Ravi Shah (commissioning officer)", "commissioning"),
    UserSpec("b.okafor", "Bola Okafor (YJ budget holder)", "budget_holder", ("YJ",)),
    UserSpec("board.viewer", "Board secretariat", "viewer"),
    UserSpec("admin", "Ledger administrator", "admin"),
)

"""Ledger-wide settings changed in the app (audited): the contracts expiry warning window and
the ledger's name (the council's, printed on every export and return)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.navigation import LEDGER_NAME_SETTING
from db.schema import Setting
from db.writes import LedgerError, insert, update_row
from fundledger.contracts import EXPIRY_SETTING

from .permissions import require

__all__ = ["MAX_EXPIRY_DAYS", "MAX_NAME_LENGTH", "set_expiry_window", "set_ledger_name"]

#: two years: a longer window warns about every line
MAX_EXPIRY_DAYS = 730
#: the ledger's name heads every export; a longer one does not fit a printed page's title
MAX_NAME_LENGTH = 200


def set_expiry_window(session: Session, actor: Actor, days: int, reason: str | None = None) -> None:
    """How many days before a contract line ends a pending extension decision is warned about."""
    require(actor, "reference.write", None)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXPIRY_DAYS:
        raise LedgerError(
            f"the expiry warning window must be a whole number of days from 1 to "
            f"{MAX_EXPIRY_DAYS}, not {days!r}"
        )
    row = session.get(Setting, EXPIRY_SETTING)
    if row is None:
        insert(session, actor, Setting(key=EXPIRY_SETTING, value=str(days)),
               action="set_expiry_window", reason=reason)  # fmt: skip
    elif row.value != str(days):
        update_row(session, actor, row, {"value": str(days)}, action="set_expiry_window",
                   reason=reason)  # fmt: skip


def set_ledger_name(session: Session, actor: Actor, name: str, reason: str | None = None) -> str:
    """Name the ledger (its council's name: "Leeds City Council – grant ledger"); every export,
    return and the window title carry it.  Spaces are tidied; 1 to 200 characters."""
    require(actor, "reference.write", None)
    tidy = " ".join(name.split())
    if not tidy or len(tidy) > MAX_NAME_LENGTH:
        raise LedgerError(
            f"the ledger's name must be 1 to {MAX_NAME_LENGTH} characters, not {len(tidy)}"
        )
    row = session.get(Setting, LEDGER_NAME_SETTING)
    if row is None:
        insert(session, actor, Setting(key=LEDGER_NAME_SETTING, value=tidy),
               action="set_ledger_name", reason=reason)  # fmt: skip
    elif row.value != tidy:
        update_row(session, actor, row, {"value": tidy}, action="set_ledger_name",
                   reason=reason)  # fmt: skip
    return tidy

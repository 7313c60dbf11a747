"""Ledger-wide settings changed in the app (audited): the contracts expiry warning window."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Setting
from db.writes import LedgerError, insert, update_row
from fundledger.contracts import EXPIRY_SETTING

from .permissions import require

__all__ = ["MAX_EXPIRY_DAYS", "set_expiry_window"]

#: two years: a longer window warns about every line
MAX_EXPIRY_DAYS = 730


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

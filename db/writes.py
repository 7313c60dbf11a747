"""Audited writes shared by every operation: insert, versioned update, soft state changes.

The database's triggers write the audit entries (db.audit_sql); these functions say who is
acting, the action and the reason (:func:`db.audit.acting`).

Each function works inside the caller's transaction and never commits.  An update names the
version the user saw; if the row has moved on, :class:`ConflictError` says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import String, update
from sqlalchemy import inspect as sa_inspect

from . import audit
from .errors import LedgerError as LedgerError
from .errors import PermissionDenied as PermissionDenied
from .errors import StorageFault as StorageFault
from .ledger import Actor
from .types import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    theirs: Any
    yours: Any


class ConflictError(LedgerError):
    """The row was changed by someone else since it was read."""

    def __init__(self, table: str, row_id: object, changes: list[FieldChange], by: str | None):
        self.table = table
        self.row_id = row_id
        self.changes = changes
        self.by = by
        what = ", ".join(f"{c.field}: {c.theirs!r}" for c in changes) or "the row"
        super().__init__(
            f"{table} #{row_id} was changed by {by or 'another user'} since you opened it "
            f"({what}); your change was not saved — review theirs and reapply yours"
        )


@cache
def _text_limits(cls: type) -> dict[str, int]:
    """The declared length of each text column of a mapped class (``counterparty``: 300)."""
    table = getattr(cls, "__table__", None)
    if table is None:
        return {}
    return {
        c.key: c.type.length
        for c in table.columns
        if isinstance(c.type, String) and c.type.length is not None
    }


def check_lengths(cls: type, values: dict[str, Any]) -> None:
    """Refuse text longer than its column holds — on SQLite, which does not enforce a declared
    length, exactly as PostgreSQL would, and with the field named."""
    limits = _text_limits(cls)
    problems = [
        f"{key.replace('_', ' ')} is {len(v):,} characters: the ledger keeps at most "
        f"{limits[key]:,} ({v[:40]}…)"
        for key, v in values.items()
        if key in limits and isinstance(v, str) and len(v) > limits[key]
    ]
    if problems:
        raise LedgerError("; ".join(problems))


def insert(
    session: Session,
    actor: Actor,
    obj: T,
    *,
    action: str | None = None,
    reason: str | None = None,
    batch_id: int | None = None,
) -> T:
    """Add ``obj`` (setting created_by) and flush; the database's trigger audits it."""
    if hasattr(obj, "created_by") and getattr(obj, "created_by", None) is None:
        obj.created_by = actor.username
    cls: type = type(obj)
    check_lengths(cls, {k: getattr(obj, k, None) for k in _text_limits(cls)})
    with audit.acting(session, actor.username, action or "insert", reason=reason,
                      batch_id=batch_id):  # fmt: skip
        session.add(obj)
    return obj


def update_row(
    session: Session,
    actor: Actor,
    obj: Any,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    action: str = "update",
    reason: str | None = None,
    seen: dict[str, Any] | None = None,
) -> Any:
    """Apply ``changes`` to a tracked row if its version is still ``expected_version``.

    The version bump is a compare-and-set ``UPDATE … WHERE version = :seen`` so two writers
    cannot both succeed.  ``seen`` (the values the user saw) lets a conflict report exactly
    which fields the other user changed.
    """
    cls = type(obj)
    check_lengths(cls, changes)
    version = obj.version if expected_version is None else expected_version
    values = dict(changes)
    values.update(version=version + 1, updated_at=utcnow(), updated_by=actor.username)
    pk_cols = sa_inspect(cls).primary_key
    where = [col == getattr(obj, col.key) for col in pk_cols]
    with audit.acting(session, actor.username, action, reason=reason):
        result = session.execute(
            update(cls)
            .where(*where, cls.version == version)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(obj)
        theirs = audit.row_dict(obj)
        base = seen or {}
        diff = [
            FieldChange(k, theirs[k], changes.get(k, base.get(k)))
            for k in theirs
            if k in base and base[k] != theirs[k] and k not in {"version", "updated_at"}
        ]
        raise ConflictError(obj.__tablename__, _pk(obj), diff, theirs.get("updated_by"))
    session.refresh(obj)
    return obj


def _pk(obj: Any) -> object:
    ident = getattr(obj, "id", None)
    if ident is not None:
        return ident
    return "/".join(str(v) for v in sa_inspect(obj).identity or ())

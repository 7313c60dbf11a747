"""The allocation and budget-line forms' reads and writes: what they offer, the checks that need
the ledger (a known funder, open years), and saving a new or edited row.

One read or one write transaction per call; the Qt forms run them off the GUI thread.  The
checks that need no ledger are :mod:`ui.controllers.budget`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.ledger import Ledger
from db.ops import budget_entries as ops
from db.ops import budget_revisions
from db.queries.forms import FormChoices, Snapshot, find_organisation, form_choices, snapshot
from db.queries.forms import lock_problem as _lock_problem
from db.schema import Allocation, BudgetLine
from ui.controllers.fields import LedgerCheck, changes

__all__ = [
    "EntryForm",
    "FormChoices",
    "Snapshot",
    "allocation_form",
    "budget_line_form",
    "check_allocation",
    "check_budget_line",
    "revise_original",
    "save_allocation",
    "save_budget_line",
]


@dataclass(frozen=True, slots=True)
class EntryForm:
    """A budget form's pickers and, for an edit, the row as it is now."""

    choices: FormChoices
    before: Snapshot | None


def _form(ledger: Ledger, cls: type[Any], row_id: int | None) -> EntryForm:
    with ledger.read() as s:
        before = snapshot(s, cls, row_id) if row_id is not None else None
        return EntryForm(form_choices(s), before)


def allocation_form(ledger: Ledger, allocation_id: int | None) -> EntryForm:
    return _form(ledger, Allocation, allocation_id)


def budget_line_form(ledger: Ledger, line_id: int | None) -> EntryForm:
    return _form(ledger, BudgetLine, line_id)


def _locks(s: Any, stream_id: int | None, years: range) -> list[str]:
    found = (_lock_problem(s, stream_id, y, None) for y in years)
    return [p[0].upper() + p[1:] for p in found if p]


def check_allocation(
    ledger: Ledger, funder: str, stream_id: int | None, year_from: int, year_to: int
) -> LedgerCheck:
    """The funder must be a known organisation (name or alias); every year must be open."""
    name = funder.strip()
    with ledger.read() as s:
        known = find_organisation(s, name) is not None
        problems = [] if known else [
            f"“{name}” is not a known organisation (add it under Settings first)"
        ]  # fmt: skip
        problems += _locks(s, stream_id, range(year_from, year_to + 1))
    return LedgerCheck(problems, [], frozenset() if known else frozenset({"funder"}))


def save_allocation(
    ledger: Ledger,
    before: Snapshot | None,
    values: dict[str, Any],
    funder: str,
    reason: str | None = None,
) -> int:
    """Add an allocation (``before`` None) or change ``before``; the funder is found by name or
    alias in the same transaction.  Returns its id."""
    with ledger.write() as s:
        fields = {**values, "funder_org_id": find_organisation(s, funder.strip())}
        if before is None:
            return ops.add_allocation(s, ledger.actor, ops.AllocationInput(**fields))
        seen = dict(before.values)
        ops.edit_allocation(s, ledger.actor, before.id, changes(seen, fields),
                            expected_version=before.version, reason=reason, seen=seen)  # fmt: skip
        return before.id


def check_budget_line(ledger: Ledger, stream_id: int | None, year: int) -> LedgerCheck:
    """The year must be open for the stream."""
    with ledger.read() as s:
        return LedgerCheck(_locks(s, stream_id, range(year, year + 1)))


def save_budget_line(
    ledger: Ledger,
    before: Snapshot | None,
    stream_id: int,
    year: int,
    values: dict[str, Any],
    reason: str | None = None,
) -> int:
    """Add a budget line (``before`` None) or change ``before``; returns its id."""
    with ledger.write() as s:
        if before is None:
            data = ops.BudgetLineInput(stream_id=stream_id, year=year, **values)
            return ops.add_budget_line(s, ledger.actor, data)
        seen = dict(before.values)
        ops.edit_budget_line(s, ledger.actor, before.id, changes(seen, values),
                             expected_version=before.version, reason=reason, seen=seen)  # fmt: skip
        return before.id


def revise_original(
    ledger: Ledger, line_id: int, new_original: Any, reason: str, expected_version: int | None
) -> int:
    """Revise a line's agreed original budget (finance, with a reason); returns the revision."""
    with ledger.write() as s:
        return budget_revisions.revise_original(s, ledger.actor, line_id, new_original,
                                                reason=reason,
                                                expected_version=expected_version)  # fmt: skip

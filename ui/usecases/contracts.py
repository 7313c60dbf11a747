"""The contracts register and the contract forms: the lines of a stream, what the forms offer,
and saving a line (new or edited, with its extension options) or its profile.

One read or one write transaction per call; the Qt page and forms run them off the GUI thread.
The checks that need no ledger are :mod:`ui.controllers.contract`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select

from db.ledger import Ledger
from db.ops import contracts as ops
from db.queries.contracts import ContractRow, register
from db.queries.forms import FormChoices, form_choices
from db.schema import BudgetLine, Stream
from fundledger.money import Money
from ui.controllers.contract import ContractValues
from ui.controllers.fields import changes

__all__ = [
    "ContractRow",
    "FormChoices",
    "budget_line_choices",
    "contract_form",
    "contracts",
    "decide_option",
    "edit_contract",
    "save_contract",
    "save_profile",
]


def contracts(ledger: Ledger, stream_code: str | None, today: date) -> list[ContractRow]:
    """The contract lines of a stream (None: all), with invoiced, remaining and warnings."""
    with ledger.read() as s:
        sid = None
        if stream_code:
            sid = s.execute(select(Stream.id).where(Stream.code == stream_code)).scalar()
        return register(s, stream_id=sid, today=today)


def contract_form(ledger: Ledger) -> FormChoices:
    """Streams and organisations (providers, commissioners) for the contract-line form."""
    with ledger.read() as s:
        return form_choices(s)


def budget_line_choices(ledger: Ledger, stream_id: int) -> list[tuple[int, int, str]]:
    """(id, year, name) of every budget line of a stream, by year and budget order."""
    with ledger.read() as s:
        q = (
            select(BudgetLine.id, BudgetLine.year, BudgetLine.name)
            .where(BudgetLine.stream_id == stream_id)
            .order_by(BudgetLine.year, BudgetLine.sort_order, BudgetLine.id)
        )
        return [(i, y, n) for i, y, n in s.execute(q)]


def save_contract(
    ledger: Ledger,
    row: ContractRow | None,
    stream_id: int,
    provider_ids: Sequence[int],
    v: ContractValues,
) -> int:
    """Add a contract line (``row`` None) or change ``row`` and add the extension options
    listed beyond its existing ones; one audited transaction.  Returns the line's id."""
    with ledger.write() as s:
        if row is None:
            data = ops.ContractInput(
                stream_id=stream_id, providers=tuple(ops.ProviderRef(i) for i in provider_ids),
                base_term_months=v.base_term_months, extensions=v.extensions or None, **v.fields,
            )  # fmt: skip
            return ops.add_contract_line(s, ledger.actor, data)
        fields = dict(v.fields)
        if v.base_term_months is not None:
            fields["base_term_months"] = v.base_term_months
        seen = {k: getattr(row, k, None) for k in fields}
        changed = changes(seen, fields)
        if changed:
            ops.edit_contract_line(s, ledger.actor, row.id, changed,
                                   expected_version=row.version, seen=seen)  # fmt: skip
        for months in v.extensions[len(row.extensions) :]:
            ops.add_extension(s, ledger.actor, row.id, months)
        return row.id


def save_profile(ledger: Ledger, line_id: int, values: Mapping[int, Money] | None) -> int:
    """Set a line's value by year, or (``values`` None) reset it to the even default."""
    with ledger.write() as s:
        if values is None:
            ops.reprofile_even(s, ledger.actor, line_id)
        else:
            ops.set_profile(s, ledger.actor, line_id, dict(values), reason="profile edited")
    return line_id


def edit_contract(
    ledger: Ledger, line_id: int, changed: Mapping[str, object], reason: str | None
) -> None:
    """Change a contract line's fields (version-checked against the row as it is; audited)."""
    from db.schema import ContractLine

    with ledger.write() as s:
        row = s.get(ContractLine, line_id)
        version = row.version if row is not None else 0
        seen = {k: getattr(row, k, None) for k in changed} if row is not None else None
        ops.edit_contract_line(s, ledger.actor, line_id, changed, expected_version=version,
                               reason=reason, seen=seen)  # fmt: skip


def decide_option(
    ledger: Ledger, line_id: int, option: int, decision: str, on: date, note: str | None
) -> int:
    """Take or decline a contract line's extension option ``option`` (1 = the first); its id."""
    from db.schema import ContractExtension
    from db.writes import LedgerError
    from fundledger.contracts import check_decided_on

    from .variance import today

    problem = check_decided_on(on, today())
    if problem is not None:
        raise LedgerError(problem)
    with ledger.write() as s:
        ext = s.execute(
            select(ContractExtension).where(
                ContractExtension.contract_line_id == line_id, ContractExtension.seq == option
            )
        ).scalar_one_or_none()
        if ext is None:
            have = list(s.execute(select(ContractExtension.seq).where(
                ContractExtension.contract_line_id == line_id)).scalars())  # fmt: skip
            raise LedgerError(f"contract line #{line_id} has no extension option {option} "
                              f"(options: {', '.join(map(str, have)) or 'none'})")  # fmt: skip
        ops.decide_extension(s, ledger.actor, ext.id, decision, decided_on=on, note=note)
        return ext.id

"""``fundledger allocation add|edit``: the allocation form's checks and save, from options."""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.years import FinancialYear
from ui.cli import Context

from ._script import Done, perform


def _values(ledger: Ledger, args: argparse.Namespace, seen: dict[str, Any]) -> dict[str, Any]:
    from ui.usecases import scripting as sc

    from .txn import _amount

    v: dict[str, Any] = {}
    if args.stream is not None:
        with ledger.read() as s:
            v["stream_id"] = sc.stream_of(s, args.stream).id
    if args.year_from is not None:
        v["year_from"] = sc.year_number(args.year_from)
        if args.year_to is None and not seen:
            v["year_to"] = v["year_from"]
    if args.year_to is not None:
        v["year_to"] = sc.year_number(args.year_to)
    if args.amount is not None:
        v["amount"] = _amount(args.amount)
    for opt, key in (("status", "status"), ("mechanism", "mechanism"), ("label", "label"),
                     ("source", "source_ref")):  # fmt: skip
        if getattr(args, opt) is not None:
            v[key] = getattr(args, opt) or None
    return v


def _json(a: Any, funder: str) -> dict[str, Any]:
    return {"id": a.id, "stream": a.stream, "funder": funder,
            "year_from": FinancialYear(a.year_from).code,
            "year_to": FinancialYear(a.year_to).code, "amount": a.amount, "status": a.status,
            "mechanism": a.mechanism, "label": a.label}  # fmt: skip


def run_add_edit(args: argparse.Namespace, ctx: Context) -> int:
    from db.schema import Organisation
    from ui.usecases import budget_entries as uc
    from ui.usecases.scripting import allocation_row

    def save(ledger: Ledger) -> Done:
        before = None
        seen: dict[str, Any] = {}
        funder = args.funder
        if args.action == "edit":
            before = uc.allocation_form(ledger, args.id).before
            if before is None:
                raise LedgerError(f"allocation #{args.id} does not exist")
            seen = dict(before.values)
            if funder is None:
                with ledger.read() as s:
                    org = s.get(Organisation, seen["funder_org_id"])
                    funder = org.name if org is not None else ""
        values = {**seen, **_values(ledger, args, seen)}
        if before is not None and values == seen and args.funder is None:
            raise LedgerError("nothing to change: give the fields to change")
        check = uc.check_allocation(ledger, funder, values["stream_id"], values["year_from"],
                                    values["year_to"])  # fmt: skip
        if check.problems:
            raise LedgerError("; ".join(check.problems))
        if before is None:
            values.setdefault("status", "confirmed")
        else:
            values = {k: v for k, v in values.items() if seen.get(k) != v}
        new = uc.save_allocation(ledger, before, values, funder, args.reason if before else None)
        a = allocation_row(ledger, new)
        verb = "Added" if before is None else "Changed"
        years = FinancialYear(a.year_from).code
        if a.year_to != a.year_from:
            years += f" to {FinancialYear(a.year_to).code}"
        return Done(f"{verb} allocation #{new}: {a.stream} {years} {format_gbp(a.amount)} from "
                    f"{a.funder} ({a.status}).", {"allocation": _json(a, a.funder)})  # fmt: skip

    return perform(ctx, f"allocation {args.action}", bool(args.json), save)

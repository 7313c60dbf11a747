"""``fundledger contract add|edit|extension|profile|list``: contract lines as the Contracts page
keeps them (finance and commissioning; audited) and lists them (anyone who may read).

``contract add --stream S --service T --provider ORG [--provider ORG ...] [--value A]
[--cost-basis per_year|whole_term|unknown] [--start D] [--service-start D] [--months N]
[--extension MONTHS ...] [--line LINE] [--reference R] [--notes T]``;
``contract edit ID [--service T] [--value A] ... --reason R``;
``contract extension ID --option N --decision taken|declined|pending [--date D] [--note T]``
(options are taken in order; taking one on a per-year line extends its profile);
``contract profile ID --year Y=AMOUNT ... | --even`` (years not given become £0.00);
``contract list [--stream S] [--year Y] [--search T] [--provider ORG] [--ending-within N]
[--pending] [--flagged]`` (:mod:`ui.commands._contract_list`).
A contract line is ``#id`` or its reference.
"""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.contracts import COST_BASES, DECISIONS
from fundledger.money import Money, format_gbp
from fundledger.years import year_label
from ui.cli import Context

from ._contract_list import add_list_arguments, listing
from ._refdata import parse_date
from ._script import Done, json_flag, perform

FIELDS = ("stream_id", "service", "provider_text", "budget_line_id", "value", "cost_basis",
          "contract_start", "service_start", "base_term_months", "reference", "notes")  # fmt: skip


def _details(p: argparse.ArgumentParser, *, new: bool) -> None:
    p.add_argument("--service", required=new, metavar="TEXT", help="what is bought")
    p.add_argument("--value", metavar="AMOUNT", help="£ (per year or whole term: --cost-basis)")
    p.add_argument("--cost-basis", choices=COST_BASES, default="unknown" if new else None)
    p.add_argument("--start", metavar="DATE", help="contract start")
    p.add_argument("--service-start", metavar="DATE")
    p.add_argument("--months", type=int, metavar="N", help="base term in months")
    p.add_argument("--line", metavar="LINE", help="budget line: #id or its name")
    p.add_argument("--reference", metavar="REF")
    p.add_argument("--notes", metavar="TEXT")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="record a contract line (audited)")
    add.add_argument("--stream", required=True, metavar="CODE")
    add.add_argument("--provider", required=True, action="append", metavar="ORG",
                     help="provider organisation, name or alias (repeat for a consortium)")  # fmt: skip
    _details(add, new=True)
    add.add_argument("--extension", action="append", type=int, default=[], metavar="MONTHS",
                     help="an extension option's length (repeat, in order)")  # fmt: skip
    json_flag(add)
    edit = sub.add_parser("edit", help="change a contract line (audited, with a reason)")
    edit.add_argument("id", metavar="ID", help="#id or reference")
    _details(edit, new=False)
    edit.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(edit)
    ext = sub.add_parser("extension", help="take or decline an extension option")
    ext.add_argument("id", metavar="ID", help="#id or reference")
    ext.add_argument("--option", required=True, type=int, metavar="N", help="1 = the first")
    ext.add_argument("--decision", required=True, choices=DECISIONS)
    ext.add_argument("--date", metavar="DATE", help="decided on (default: today)")
    ext.add_argument("--note", metavar="TEXT", help="recorded with the decision")
    json_flag(ext)
    prof = sub.add_parser("profile", help="set a line's value by year, or spread it evenly")
    prof.add_argument("id", metavar="ID", help="#id or reference")
    how = prof.add_mutually_exclusive_group(required=True)
    how.add_argument("--year", action="append", default=[], metavar="YEAR=AMOUNT",
                     help="a year's amount, e.g. --year 2025-26=12000 (repeat)")  # fmt: skip
    how.add_argument("--even", action="store_true", help="the even default over its term")
    json_flag(prof)
    add_list_arguments(sub)


def _values(ledger: Ledger, args: argparse.Namespace, stream: str | None) -> dict[str, Any]:
    from ui.usecases import scripting as sc

    from .txn import _amount

    v: dict[str, Any] = {}
    for opt, key in (("service", "service"), ("cost_basis", "cost_basis"),
                     ("months", "base_term_months"), ("reference", "reference"),
                     ("notes", "notes")):  # fmt: skip
        if getattr(args, opt) is not None:
            v[key] = getattr(args, opt)
    if args.value is not None:
        v["value"] = _amount(args.value) if args.value else None
    for opt, key in (("start", "contract_start"), ("service_start", "service_start")):
        if getattr(args, opt) is not None:
            v[key] = parse_date(getattr(args, opt))
    if args.line is not None:
        with ledger.read() as s:
            v["budget_line_id"] = sc.find_line(s, args.line, stream).id if args.line else None
    return v


def _row(ledger: Ledger, lid: int) -> dict[str, Any]:
    from sqlalchemy import select

    from db.schema import ContractLine, ContractProfile
    from ui.usecases.scripting import row_fields

    r = row_fields(ledger, ContractLine, lid, FIELDS)
    with ledger.read() as s:
        q = select(ContractProfile.year, ContractProfile.amount).where(
            ContractProfile.contract_line_id == lid).order_by(ContractProfile.year)  # fmt: skip
        r["profile"] = {year_label(y): a for y, a in s.execute(q)}
    return r


def _line_id(ledger: Ledger, text: str) -> tuple[int, str]:
    from db.schema import Stream
    from ui.usecases.scripting import find_contract

    with ledger.read() as s:
        line = find_contract(s, text)
        return line.id, s.get(Stream, line.stream_id).code  # type: ignore[union-attr]


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import contracts as uc
    from ui.usecases import lifecycle
    from ui.usecases import scripting as sc

    def add(ledger: Ledger) -> Done:
        from db.ops.contracts import ContractInput, ProviderRef

        with ledger.read() as s:
            sid = sc.stream_of(s, args.stream).id
            providers = tuple(ProviderRef(sc.org_id(s, p), p) for p in args.provider)
        data = ContractInput(stream_id=sid, providers=providers,
                             provider_text=" / ".join(args.provider),
                             extensions=tuple(args.extension) or None,
                             **_values(ledger, args, args.stream))  # fmt: skip
        new = lifecycle.add_contract_line(ledger, data)
        r = _row(ledger, new)
        return Done(f"Added contract line #{new}: {r['service']} ({r['provider_text']}).",
                    {"contract": r})  # fmt: skip

    def edit(ledger: Ledger) -> Done:
        lid, code = _line_id(ledger, args.id)
        now = _row(ledger, lid)
        v = {k: x for k, x in _values(ledger, args, code).items() if now.get(k) != x}
        if not v:
            raise LedgerError("nothing to change: give the fields to change")
        uc.edit_contract(ledger, lid, v, args.reason)
        return Done(f"Changed contract line #{lid}.", {"contract": _row(ledger, lid)})

    def extension(ledger: Ledger) -> Done:
        lid, _code = _line_id(ledger, args.id)
        on = parse_date(args.date) if args.date else sc.today()
        ext = uc.decide_option(ledger, lid, args.option, args.decision, on, args.note)
        return Done(f"Extension option {args.option} of contract line #{lid}: {args.decision}.",
                    {"contract": _row(ledger, lid), "extension": {
                        "id": ext, "option": args.option, "decision": args.decision,
                        "decided_on": on}})  # fmt: skip

    def profile(ledger: Ledger) -> Done:
        from ui.usecases.allocations import parse_year_amounts

        from .txn import _amount

        lid, _code = _line_id(ledger, args.id)
        values = None
        if not args.even:
            amounts, problems = parse_year_amounts(args.year)
            if problems:
                raise LedgerError("; ".join(problems))
            values = {y: Money(_amount(a)) for y, a in amounts.items()}
        uc.save_profile(ledger, lid, values)
        r = _row(ledger, lid)
        text = ", ".join(f"{y} {format_gbp(a)}" for y, a in r["profile"].items())
        return Done(f"Profile of contract line #{lid}: {text or 'none'}.", {"contract": r})

    def list_lines(ledger: Ledger) -> Done:
        return listing(ledger, args, sc.today())

    action = {"add": add, "edit": edit, "extension": extension, "profile": profile,
              "list": list_lines}  # fmt: skip
    return perform(ctx, f"contract {args.action}", bool(args.json), action[args.action])

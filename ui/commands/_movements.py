"""What ``virement`` and ``carry-forward`` share: approving or rejecting a pending request
(the app's approval helper: not your own, still pending, periods open, a reason to reject),
listing requests, and printing one."""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from fundledger.money import format_gbp
from fundledger.vocabulary import ApprovalStatus
from fundledger.years import FinancialYear, period_label
from ui.cli import Context

from ._script import Done, json_flag, perform

STATUSES: tuple[ApprovalStatus, ...] = tuple(ApprovalStatus)


def decide_arguments(sub: Any, what: str) -> None:
    ok = sub.add_parser("approve", help=f"approve a pending {what} (not one you requested)")
    ok.add_argument("id", metavar="ID", type=int)
    if what == "virement":
        ok.add_argument("--override", metavar="REASON",
                        help="finance: approve it although it takes the line it moves from "
                        "below zero available, saying why (audited)")  # fmt: skip
    json_flag(ok)
    no = sub.add_parser("reject", help=f"reject a pending {what}, saying why")
    no.add_argument("id", metavar="ID", type=int)
    no.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(no)
    lst = sub.add_parser("list", help=f"list {what}s, pending first")
    lst.add_argument("--stream", metavar="CODE")
    lst.add_argument("--year", metavar="YYYY-YY")
    lst.add_argument("--status", choices=STATUSES)
    json_flag(lst)


def row_json(r: Any) -> dict[str, Any]:
    out = {"id": r.id, "stream": r.stream_code, "from_line_id": r.from_line_id,
           "from_line": r.from_line, "to_line_id": r.to_line_id, "to_line": r.to_line,
           "from_year": FinancialYear(r.from_year).code, "to_year": FinancialYear(r.to_year).code,
           "period": period_label(r.period) if r.period else None, "amount": r.amount,
           "reason": r.reason, "status": r.status, "requested_by": r.requested_by,
           "decided_by": r.decided_by, "override_reason": r.override_reason,
           "override_by": r.override_by}  # fmt: skip
    if r.basis is not None:
        out["basis"] = r.basis
    return out


def row_text(r: Any) -> str:
    when = period_label(r.period) if r.period else FinancialYear(r.to_year).code
    by = f", {r.decided_by}" if r.decided_by else ""
    over = f"\toverridden by {r.override_by}: {r.override_reason}" if r.override_reason else ""
    return (f"#{r.id}\t{r.status}\t{r.stream_code} {when}\t{format_gbp(r.amount):>14}\t"
            f"{r.from_line} → {r.to_line}\t{r.requested_by}{by}\t{r.reason}{over}")  # fmt: skip


def find(ledger: Ledger, carry: bool, request_id: int) -> Any:
    from db.writes import LedgerError
    from ui.usecases.scripting import movement

    found = movement(ledger, carry, request_id)
    if found is None:
        raise LedgerError(
            f"{'carry-forward' if carry else 'virement'} #{request_id} does not exist"
        )
    return found


def run_decide_or_list(args: argparse.Namespace, ctx: Context, carry: bool) -> int:
    from ui.usecases import budget, lifecycle
    from ui.usecases.scripting import year_number

    what = "carry-forward" if carry else "virement"
    key = "carry_forward" if carry else "virement"

    def listing(ledger: Ledger) -> Done:
        year = year_number(args.year) if args.year else None
        rows = [r for r in budget.movements(ledger, args.stream, year)
                if (r.basis is not None) == carry
                and (args.status is None or r.status == args.status)]  # fmt: skip
        return Done("\n".join(row_text(r) for r in rows) or f"No {what}s.",
                    {f"{key}s": [row_json(r) for r in rows]}, audited=False)  # fmt: skip

    def decide(ledger: Ledger) -> Done:
        find(ledger, carry, args.id)
        if args.action == "approve":
            lifecycle.approve_movement(ledger, carry, args.id, getattr(args, "override", None))
        else:
            lifecycle.reject_movement(ledger, carry, args.id, args.reason)
        r = find(ledger, carry, args.id)
        verb = "Approved" if args.action == "approve" else "Rejected"
        return Done(f"{verb} {what} #{r.id}: {format_gbp(r.amount)} {r.from_line} → {r.to_line}.",
                    {key: row_json(r)})  # fmt: skip

    action = listing if args.action == "list" else decide
    return perform(ctx, f"{what} {args.action}", bool(args.json), action)

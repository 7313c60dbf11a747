"""``fundledger code [--batch N] [--year Y] [--dry-run] [--json]``: code uncoded spend to
budget and contract lines by the ledger's rules and confident suggestions, in one audited
transaction (``--dry-run``: say what would be coded, write nothing).  Rows nothing can code
are listed (they stay in the Transactions register's Uncoded view)."""

from __future__ import annotations

import argparse

from db.ledger import Ledger
from ui.cli import Context

from ._refdata import parse_year, print_json, run_action


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", type=int, metavar="N", help="only rows of import batch N")
    parser.add_argument("--year", metavar="YYYY-YY", help="only rows charged to this year")
    parser.add_argument("--dry-run", action="store_true", help="show, write nothing")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import reference as uc

    def action(ledger: Ledger) -> None:
        year = parse_year(args.year) if args.year else None
        result = uc.code(ledger, year=year, batch=args.batch, dry_run=args.dry_run)
        if args.json:
            print_json(_as_json(result, args.dry_run))
            return
        verb = "Would code" if args.dry_run else "Coded"
        print(f"{verb} {len(result.coded)} rows; {len(result.uncoded)} left uncoded; "
              f"{len(result.locked)} in closed periods.")  # fmt: skip
        for r in result.coded:
            c = r.coding
            contract = f" · contract {c.contract_label}" if c.contract_id else ""
            print(
                f"  #{r.id}\t{r.stream}\t{r.reference or ''}\t→ {c.line_name}{contract}\t({c.by})"
            )
        for r in result.uncoded:
            c = r.coding
            why = "; ".join(c.problems) or (f"suggestion {c.hint}" if c.hint else "no rule")
            print(f"  #{r.id}\t{r.stream}\t{r.reference or ''}\tuncoded: {why}")

    return run_action(ctx, "code", action)


def _as_json(result: object, dry_run: bool) -> dict[str, object]:
    from ui.usecases.reference import CodeResult

    assert isinstance(result, CodeResult)

    def row(r: object) -> dict[str, object]:
        from db.ops.coding import CodedRow

        assert isinstance(r, CodedRow)
        c = r.coding
        return {
            "id": r.id, "stream": r.stream, "reference": r.reference,
            "counterparty": r.counterparty, "amount": r.amount, "line": c.line_name,
            "contract": c.contract_label, "contract_id": c.contract_id, "by": c.by,
            "problems": list(c.problems), "suggestion": c.hint,
        }  # fmt: skip

    return {
        "dry_run": dry_run,
        "coded": [row(r) for r in result.coded],
        "uncoded": [row(r) for r in result.uncoded],
        "locked": [{"id": i, "reason": why} for i, why in result.locked],
    }

"""``fundledger forecast set|list`` and ``fundledger comment add``' sibling: a budget line's
forecast outturn for its year at a period, with commentary, optionally phased by period — as
the Variance page enters it (same checks: the period open, a phasing adding up; same audit).

``forecast set --line LINE --period P --amount A [--commentary T] [--phase P01=A ...]``: a
phasing gives each period's amount (periods not given are £0.00) and must add up to the
outturn.  ``forecast list --line LINE`` shows the line's latest forecasts.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import ZERO, format_gbp
from fundledger.years import FinancialYear, period_label
from ui.cli import Context

from ._script import Done, json_flag, perform


def line_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--line", required=True, metavar="LINE", help="budget line: #id or its name")
    p.add_argument("--stream", metavar="CODE", help="to pick the line by name")
    p.add_argument("--year", metavar="YYYY-YY", help="to pick the line by name")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    st = sub.add_parser("set", help="enter a line's forecast outturn at a period (audited)")
    line_arguments(st)
    st.add_argument("--period", required=True, metavar="P", help="the period, P01–P12")
    st.add_argument("--amount", required=True, metavar="AMOUNT", help="forecast outturn, £")
    st.add_argument("--commentary", metavar="TEXT", help="why the forecast is what it is")
    st.add_argument("--phase", action="append", default=[], metavar="P=AMOUNT",
                    help="a period's share of the outturn, e.g. --phase P07=1200 (repeat)")  # fmt: skip
    json_flag(st)
    lst = sub.add_parser("list", help="a line's latest forecasts, latest first")
    line_arguments(lst)
    json_flag(lst)


def line_id(ledger: Ledger, args: argparse.Namespace) -> int:
    from ui.usecases import scripting as sc

    year = sc.year_number(args.year) if args.year else None
    with ledger.read() as s:
        return sc.find_line(s, args.line, args.stream, year).id


def _phasing(items: list[str]) -> list[Decimal] | None:
    from ui.usecases.scripting import period_number

    from .txn import _amount

    if not items:
        return None
    out: list[Decimal] = [ZERO] * 12
    seen: set[int] = set()
    for item in items:
        p, sep, amount = item.partition("=")
        if not sep:
            raise LedgerError(f"--phase {item!r}: give PERIOD=AMOUNT, e.g. P07=1200.00")
        n = period_number(p)
        if n in seen:
            raise LedgerError(f"--phase {period_label(n)} is given twice")
        seen.add(n)
        out[n - 1] = _amount(amount)
    return out


def _json(f: Any) -> dict[str, Any]:
    return {"id": f.id, "line_id": f.budget_line_id, "line": f.line,
            "year": FinancialYear(f.year).code, "period": period_label(f.period),
            "amount": f.amount, "commentary": f.commentary, "by": f.by}  # fmt: skip


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import budget, lifecycle
    from ui.usecases.scripting import period_number

    from .txn import _amount

    def enter(ledger: Ledger) -> Done:
        lid = line_id(ledger, args)
        period, amount, phases = period_number(args.period), _amount(args.amount), None
        phases = _phasing(args.phase)
        new = lifecycle.enter_forecast(ledger, lid, period, amount, args.commentary, phases)
        f = next(r for r in budget.forecast_history(ledger, lid, 50) if r.id == new)
        data = _json(f)
        if phases is not None:
            data["phasing"] = {period_label(i): a for i, a in enumerate(phases, 1)}
        return Done(f"Forecast #{new}: {f.line} {FinancialYear(f.year).code} outturn "
                    f"{format_gbp(f.amount)} at {period_label(period)}.", {"forecast": data})  # fmt: skip

    def listing(ledger: Ledger) -> Done:
        rows = budget.forecast_history(ledger, line_id(ledger, args), 20)
        text = "\n".join(f"#{f.id}\t{period_label(f.period)}\t{format_gbp(f.amount):>14}\t{f.by}"
                         f"\t{f.commentary or ''}" for f in rows)  # fmt: skip
        return Done(text or "No forecasts.", {"forecasts": [_json(f) for f in rows]},
                    audited=False)  # fmt: skip

    return perform(ctx, f"forecast {args.action}", bool(args.json),
                   enter if args.action == "set" else listing)  # fmt: skip

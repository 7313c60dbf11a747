"""``fundledger contract list``: the Contracts page's register from the command line — each line
with its value, invoiced, remaining, end, extensions and warnings, narrowed by the page's own
filters (:func:`ui.controllers.contract_filter.filter_rows`): ``--search``, ``--provider``,
``--ending-within N`` (months), ``--pending`` (an extension decision pending), ``--flagged``, and
``--stream`` / ``--year`` (lines running in the year, as the page's scope).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from fundledger.money import ZERO, Money, format_gbp

from ._script import Done, json_flag

if TYPE_CHECKING:
    from db.ledger import Ledger
    from ui.usecases.contracts import ContractRow

#: warnings a person acts on (the page paints them red); an unknown cost basis is a note
_NOTE_CODES = frozenset({"basis_unknown"})


def add_list_arguments(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "list", help="the contracts register: invoiced, remaining, ends, extensions (filters)"
    )
    p.add_argument("--stream", metavar="CODE", help="one stream (default: every stream)")
    p.add_argument("--year", metavar="YYYY-YY", help="only lines running in this year")
    p.add_argument("--search", metavar="TEXT",
                   help="service, provider, reference, budget line or commissioner contains")  # fmt: skip
    p.add_argument("--provider", metavar="ORG", help="only this provider's lines")
    p.add_argument("--ending-within", type=int, metavar="N",
                   help="only lines whose last day falls between today and N months on")  # fmt: skip
    p.add_argument("--pending", action="store_true",
                   help="only lines with an extension decision pending")  # fmt: skip
    p.add_argument("--flagged", action="store_true",
                   help="only lines with a warning (invoiced beyond value, ended with money "
                   "not invoiced, ending with a decision pending, invoices after the end)")  # fmt: skip
    json_flag(p)


def _warnings(r: ContractRow) -> list[str]:
    return [w.message for w in r.warnings if w.code not in _NOTE_CODES]


def _extensions(r: ContractRow) -> str:
    return ", ".join(f"+{e.months}m {e.decision}" for e in r.extensions)


def row_json(r: ContractRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "reference": r.reference,
        "stream": r.stream_code,
        "service": r.service,
        "provider": r.provider_text,
        "budget_line": r.budget_line,
        "value": r.value,
        "term_value": r.total_value,
        "invoiced": r.invoiced,
        "remaining": r.remaining,
        "ends": r.last_day,
        "extensions": [
            {"option": i, "months": e.months, "decision": e.decision, "decided_on": e.decided_on}
            for i, e in enumerate(r.extensions, start=1)
        ],
        "warnings": _warnings(r),
    }


def _row_text(r: ContractRow) -> str:
    ends = f"{r.last_day:%d/%m/%Y}" if r.last_day else "no end"
    cells = [
        f"#{r.id}",
        r.reference or "-",
        r.stream_code,
        r.service,
        r.provider_text,
        f"value {format_gbp(r.value, blank='unknown')}",
        f"invoiced {format_gbp(r.invoiced)}",
        f"remaining {format_gbp(r.remaining, blank='unknown')}",
        f"ends {ends}",
    ]
    if r.extensions:
        cells.append(_extensions(r))
    cells += [f"⚠ {w}" for w in _warnings(r)]
    return "\t".join(cells)


def listing(ledger: Ledger, args: argparse.Namespace, today: date) -> Done:
    """The register's lines that pass the filters, and their totals (as the page's status)."""
    from ui.controllers.contract_filter import ContractFilter, filter_rows, runs_in
    from ui.usecases.contracts import contracts
    from ui.usecases.scripting import stream_of, year_number

    year = year_number(args.year) if args.year else None
    if args.stream:
        with ledger.read() as s:
            stream_of(s, args.stream)  # an unknown stream is refused, naming it
    every = [r for r in contracts(ledger, args.stream, today) if runs_in(r, year)]
    wanted = ContractFilter(
        text=args.search or "",
        provider=args.provider,
        ending_within_months=args.ending_within,
        decision_pending=bool(args.pending),
        flagged=bool(args.flagged),
    )
    rows = filter_rows(every, wanted, today)
    value = Money(sum((r.total_value or ZERO for r in rows), ZERO))
    invoiced = Money(sum((r.invoiced for r in rows), ZERO))
    remaining = Money(sum((r.remaining or ZERO for r in rows), ZERO))
    shown = (
        f"{len(rows)} lines" if wanted == ContractFilter() else f"{len(rows)} of {len(every)} lines"
    )
    summary = (f"{shown} · value {format_gbp(value)} · invoiced {format_gbp(invoiced)} · "
               f"remaining {format_gbp(remaining)}")  # fmt: skip
    text = "\n".join([*(_row_text(r) for r in rows), summary])
    data = {
        "as_at": today,
        "contracts": [row_json(r) for r in rows],
        "shown": len(rows),
        "of": len(every),
        "totals": {"term_value": value, "invoiced": invoiced, "remaining": remaining},
    }
    return Done(text, data, audited=False)

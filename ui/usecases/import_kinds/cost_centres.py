"""Ledger rows → streams by cost centre, shared by the transactions and GL planners.

A row's cost centre picks its stream.  A code the ledger does not hold is an error, or — with
``--outside skip`` — a row left out and reported by code with counts and totals (a
council-wide extract holds hundreds of cost centres of which the grant ledger holds a few).
A file none of whose rows belong to the ledger is an error either way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from db.queries import imports as q
from db.queries.imports import StreamRow
from fundledger.messages import Field, Wording, named, tick
from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import FinancialYear

from .plan import OutsideRows, Plan, PlanContext, RowPreview

__all__ = ["UNKNOWN_REASON", "LedgerRow", "StreamByCostCentre", "label"]

#: one reason for every unknown code (the code is the problem's value), so they group
UNKNOWN = (
    "cost centre maps to no stream: add it to the ledger's cost centres, or leave out the "
    "rows of cost centres the ledger does not hold (" + tick(Field.OUTSIDE, "skip") + ")"
)
#: the reason as a problem holds it (the app's wording; ``UNKNOWN.cli`` on the command line)
UNKNOWN_REASON = UNKNOWN.app


class LedgerRow(Protocol):
    """What a transaction or GL row has that the cost-centre mapping reads."""

    @property
    def row(self) -> int: ...
    @property
    def cost_centre(self) -> str: ...
    @property
    def year(self) -> FinancialYear: ...
    @property
    def amount(self) -> Money: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Mapped:
    cost_centre_id: int
    stream: StreamRow


def label(*parts: str | None) -> str:
    """The preview's "row contents": reference · counterparty · description."""
    return " · ".join(p for p in parts if p)


class StreamByCostCentre:
    """Maps rows to streams by cost centre, checking ``--stream`` and ``--year``; rows of
    codes the ledger does not hold are errors or (``--outside skip``) tallied."""

    def __init__(self, ctx: PlanContext, plan: Plan) -> None:
        self.ctx = ctx
        self.plan = plan
        self.codes = q.cost_centres(ctx.session)
        self.by_id = {st.id: st for st in ctx.streams.values()}
        self.fld = "cost_centre" if ctx.column("cost_centre")[0] else "account"
        self.outside_rows: Counter[str] = Counter()
        self.outside_pence: dict[str, Decimal] = {}
        self.unknown: Counter[str] = Counter()

    def stream_of(self, r: LedgerRow, when: date) -> Mapped | None:
        """The row's cost centre and stream, or None after recording why not."""
        code = (r.cost_centre or "").strip().upper()
        hit = self.codes.get(code)
        if hit is None:
            self._outside(r, code)
            return None
        cc_id, sid = hit
        stream = self.by_id[sid]
        ctx = self.ctx
        if ctx.stream is not None and sid != ctx.stream.id:
            reason = f"cost centre {code} is {stream.code}'s, not {ctx.stream.code}'s " + named(
                Field.STREAM
            )
            self._fail(r, self.fld, r.cost_centre, reason)
            return None
        if ctx.year is not None and r.year.start_year != ctx.year:
            reason = (
                f"charged to {r.year.code}, outside the import's year "
                f"{FinancialYear(ctx.year).code} " + named(Field.YEAR)
            )
            self._fail(r, "date", when.strftime("%d/%m/%Y"), reason)
            return None
        return Mapped(cc_id, stream)

    def _fail(self, r: LedgerRow, fld: str, value: str, reason: str | Wording) -> None:
        self.plan.error(self.ctx, r.row, fld, value, reason)
        self.plan.failed(r.row, None, r.amount, label(r.reference, r.description), "see errors")

    def _outside(self, r: LedgerRow, code: str) -> None:
        if self.ctx.outside == "skip" and code:
            self.outside_rows[code] += 1
            self.outside_pence[code] = self.outside_pence.get(code, ZERO) + r.amount
            why = f"cost centre {code} is not held by this ledger: left out"
            self.plan.add(RowPreview(r.row, "outside", None, r.amount, label(r.reference), why))
            return
        self.unknown[code] += 1
        reason = UNKNOWN if code else "no cost centre: the row cannot be mapped to a stream"
        self._fail(r, self.fld, r.cost_centre or "", reason)

    def finish(self, read: int) -> None:
        """Record the rows left out; a file with no row of this ledger is an error."""
        if self.outside_rows:
            total = Money(sum(self.outside_pence.values(), ZERO))
            self.plan.outside = OutsideRows(
                sum(self.outside_rows.values()),
                total,
                dict(sorted(self.outside_rows.items())),
                {k: Money(v) for k, v in sorted(self.outside_pence.items())},
            )
            self.plan.skipped += self.plan.outside.rows
            if self.plan.outside.rows == read:
                self.plan.errors.append(self.ctx.file_problem(self._none_held()))

    def _none_held(self) -> str:
        o = self.plan.outside
        assert o is not None
        n = len(o.cost_centres)
        return (
            f"none of the {o.rows:,} rows is for a cost centre this ledger holds "
            f"({n:,} cost centre{'s' if n != 1 else ''}, {format_gbp(o.total)}): "
            f"add the ledger's cost centres first"
        )

"""``transactions``: spend, credit notes and income lines charged to streams by cost centre.

Duplicates are rows the ledger already holds with the same reference, date, amount and
counterparty (counted: the n-th equal row in a file is a duplicate only if the ledger holds n).
A row is charged to its cost centre's budget line when the stream has exactly one active line
for that cost centre in the row's year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from operator import attrgetter, itemgetter

from db.ops.import_writes import TransactionWrite, write_transactions
from db.queries import imports as q
from fundledger.money import from_pence
from fundledger.orgs import normalise
from importers.kinds import TRANSACTIONS
from importers.rows import TransactionRow

from ..import_coding import DuplicateNotes, RowCoder, coded_line, coded_note, pence_column
from .cost_centres import StreamByCostCentre, label
from .plan import Plan, PlanContext, RowPreview, new_plan
from .registry import ImportKind, Option

__all__ = ["KIND", "TxnDuplicates", "plan_transactions"]

_DUP_REASON = "already in the ledger (same reference, date, amount, counterparty)"
#: a TransactionWrite from a tuple in one C call (the 100k-row path)
_write: Callable[[tuple[object, ...]], TransactionWrite] = partial(tuple.__new__, TransactionWrite)


class TxnDuplicates:
    """Count-based duplicate finding against the ledger's transactions.  Names are normalised
    only for the (date, pence) groups a file's row falls in, which keeps a big import into a
    big ledger cheap."""

    def __init__(self, held: q.HeldRows) -> None:
        self.held = held
        self.keys: dict[tuple[date, int], Counter[tuple[str, str]]] = {}
        self.seen: Counter[q.TxnKey] = Counter()

    @classmethod
    def for_rows(cls, ctx: PlanContext, rows: Sequence[TransactionRow]) -> TxnDuplicates:
        if not rows:
            return cls({})
        dates = [r.txn_date for r in rows]
        return cls(q.held_transactions(ctx.session, min(dates), max(dates)))

    def is_dup(self, ref: str | None, d: date, pence: int, party: str | None) -> bool:
        group = self.held.get((d, pence))
        if not group:
            return False
        counts = self.keys.get((d, pence))
        if counts is None:
            counts = Counter((normalise(r or ""), normalise(p or "")) for r, p in group)
            self.keys[(d, pence)] = counts
        names = (normalise(ref or ""), normalise(party or ""))
        key = (names[0], d, pence, names[1])
        self.seen[key] += 1
        return self.seen[key] <= counts[names]


def plan_transactions(
    ctx: PlanContext, rows: Sequence[TransactionRow]
) -> tuple[Plan, list[TransactionWrite]]:
    """New, duplicate, outside and error rows, and the transactions to write."""
    plan = new_plan(ctx)
    streams = StreamByCostCentre(ctx, plan)
    dups = TxnDuplicates.for_rows(ctx, rows)
    coder = RowCoder(ctx.session, set(streams.by_id), {r.year.start_year for r in rows})
    pences = pence_column(rows)  # once, a column at a time
    maybe = DuplicateNotes(ctx.session, rows, pences)
    # per distinct value, not per row: (cost centre, year) → stream, counterparty → organisation
    mapped: dict[tuple[str, int], tuple[int, str, str]] = {}
    party_of = ctx.orgs.match
    parties = {p: party_of("any", p) for p in set(map(attrgetter("counterparty"), rows))}
    out: list[TransactionWrite] = []
    pence_by: Counter[str] = Counter()
    excluded, lines = ctx.choices.excluded, ctx.choices.lines
    preview, touches_add = ctx.with_preview, plan.touches.add
    # a fresh stretch of dates (the usual import) has nothing to compare rows with
    held_any, maybe_any = bool(dups.held), maybe.possible
    plain = not (held_any or maybe_any or excluded or lines or preview)
    if plain and (fast := _column_wise(streams, coder, parties, rows, pences)) is not None:
        out, pence_by = fast
        plan.touches.update(zip(map(attrgetter("stream_id"), out), map(attrgetter("year"), out),
                                map(attrgetter("period"), out), strict=True))  # fmt: skip
        rows_left: Sequence[TransactionRow] = ()
    else:
        rows_left = rows
    for r, pence in zip(rows_left, pences if rows_left else (), strict=True):
        year = r.year.start_year
        hit = mapped.get((r.cost_centre, year))
        if hit is None:
            m = streams.stream_of(r, r.txn_date)  # None: its error or outside is recorded
            if m is None:
                continue
            hit = mapped[(r.cost_centre, year)] = (
                m.stream.id,
                m.stream.code,
                r.cost_centre.upper(),
            )
        sid, code, centre = hit
        if held_any and dups.is_dup(r.reference, r.txn_date, pence, r.counterparty):
            plan.duplicate(r.row, code, r.amount, _label(r), _DUP_REASON)
            continue
        dup = maybe.check(r, pence) if maybe_any else None
        if excluded and r.row in excluded:
            plan.skipped += 1
            plan.add(RowPreview(r.row, "skipped", code, r.amount, _label(r),
                                "left out in the preview", duplicate_of=dup, year=year))  # fmt: skip
            continue
        party = parties[r.counterparty]
        chosen = lines.get(r.row) if lines else None
        coding = (
            coder.code(sid, year, r, party)
            if chosen is None
            else coder.chosen(sid, year, r, party, chosen)
        )
        out.append(
            _write((
                sid, coding.line_id, r.txn_date, year, r.period, pence,
                "spend" if pence >= 0 else "credit", r.counterparty, party, r.reference,
                r.description, centre, r.account, False, coding.contract_id, coding.by,
            ))
        )  # fmt: skip
        touches_add((sid, year, r.period))
        pence_by[code] += pence
        if preview:
            plan.add(
                RowPreview(r.row, "new", code, r.amount, _label(r), coded_note(coding),
                           coded_line(coding), coding.by or "", dup, year)
            )  # fmt: skip
    if (warning := maybe.warning()) is not None:
        plan.warnings.append(warning)
    streams.finish(len(rows))
    plan.imported = len(out)
    plan.by_stream = {code: from_pence(p) for code, p in pence_by.items()}
    plan.stream_ids.update(t[0] for t in plan.touches)
    return plan, out


def _column_wise(
    streams: StreamByCostCentre,
    coder: RowCoder,
    parties: dict[str | None, int | None],
    rows: Sequence[TransactionRow],
    pences: Sequence[int],
) -> tuple[list[TransactionWrite], Counter[str]] | None:
    """The usual import (no duplicate to look for, no preview, no row chosen by hand) a column
    at a time: each distinct (cost centre, year) resolved once, the writes zipped from the
    columns.  None when a row's cost centre does not map (the row-by-row loop then records
    why, row by row, exactly as before); the result is the loop's, row for row."""
    years = list(map(attrgetter("year.start_year"), rows))
    centres = list(map(attrgetter("cost_centre"), rows))
    keys = list(zip(centres, years, strict=True))
    hits: dict[tuple[str, int], tuple[int, str, str]] = {}
    for centre, year in dict.fromkeys(keys):
        m = streams.resolves(centre, year)
        if m is None:
            return None
        hits[(centre, year)] = (m.stream.id, m.stream.code, centre.upper())
    hit = list(map(hits.__getitem__, keys))
    sids = list(map(itemgetter(0), hit))
    party = list(map(parties.__getitem__, map(attrgetter("counterparty"), rows)))
    coding = list(map(coder.code, sids, years, rows, party))
    out = list(map(_write, zip(
        sids, map(attrgetter("line_id"), coding), map(attrgetter("txn_date"), rows), years,
        map(attrgetter("period"), rows), pences, ["spend" if p >= 0 else "credit" for p in pences],
        map(attrgetter("counterparty"), rows), party, map(attrgetter("reference"), rows),
        map(attrgetter("description"), rows), map(itemgetter(2), hit),
        map(attrgetter("account"), rows), [False] * len(rows),
        map(attrgetter("contract_id"), coding), map(attrgetter("by"), coding), strict=True,
    )))  # fmt: skip
    pence_by: Counter[str] = Counter()
    for code, pence in zip(map(itemgetter(1), hit), pences, strict=True):
        pence_by[code] += pence
    return out, pence_by


def _label(r: TransactionRow) -> str:
    return label(r.reference, r.counterparty, r.description)


KIND: ImportKind[TransactionRow, TransactionWrite] = ImportKind(
    name="transactions",
    label="Transactions (spend, credit notes)",
    short="Transactions",
    help="spend, credit notes and income lines, charged to streams by cost centre",
    description=(
        "Supplier invoices and other ledger lines: each row's cost centre says its stream."
    ),
    parser=TRANSACTIONS,
    planner=plan_transactions,
    writer=write_transactions,
    options=frozenset({Option.STREAM, Option.YEAR, Option.OUTSIDE}),
    register_page="transactions",
)

"""Property: for random ledgers, a contract line's invoiced figure is the sum of the
transactions coded to it, and the contracts page, ``export contracts-register --json`` and the
contracts register workbook show that same sum to the penny."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from db.ledger import Actor
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import ContractLine, Stream
from db.writes import insert
from fundledger.money import Money
from fundledger.vocabulary import ContractLineId, TransactionId
from ui.commands.export import to_json
from ui.usecases import reference as uc
from ui.usecases.contracts import contracts as page_rows
from ui.usecases.exports import Request, export_return
from ui.usecases.init import init_ledger

FIN = Actor("fiona", "finance")
TODAY = date(2026, 3, 31)

pence = st.integers(min_value=-50_000, max_value=2_000_000)
#: each transaction: (amount in pence, contract index or None, coded at entry or later by hand)
txns = st.lists(
    st.tuples(pence, st.one_of(st.none(), st.integers(0, 2)), st.booleans()),
    min_size=0,
    max_size=12,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(txns)
def test_invoiced_is_one_sum_everywhere(rows: list[tuple[int, int | None, bool]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = init_ledger(str(Path(tmp) / "l.sqlite"))
        ledger.actor = FIN
        try:
            _check(ledger, rows, Path(tmp))
        finally:
            ledger.dispose()


def _check(ledger: object, rows: list[tuple[int, int | None, bool]], tmp: Path) -> None:
    from db.ledger import Ledger

    assert isinstance(ledger, Ledger)
    expected = [Decimal(0)] * 3
    later: dict[int, list[int]] = {}
    with ledger.write() as s:
        sid = s.execute(select(Stream.id).where(Stream.code == "DA")).scalar_one()
        ids = [
            insert(s, FIN, ContractLine(stream_id=sid, service=f"Service {i}",
                                        provider_text=f"Provider {i}", reference=f"C-{i}",
                                        value=Money(Decimal("100000.00")))).id
            for i in range(3)
        ]  # fmt: skip
        for n, (p, which, at_entry) in enumerate(rows):
            amount = Decimal(p) / 100
            contract = ids[which] if which is not None and at_entry else None
            tid = add_transaction(s, FIN, TransactionInput(
                stream_id=sid, txn_date=date(2025, 4, 1) + timedelta(days=n * 7), amount=amount,
                kind="spend" if p >= 0 else "credit", contract_line_id=contract,
            ))  # fmt: skip
            if which is not None:
                expected[which] += amount
                if not at_entry:
                    later.setdefault(ids[which], []).append(tid)
    for contract_id, tids in later.items():
        uc.code_by_hand(ledger, [TransactionId(t) for t in tids], None, ContractLineId(contract_id))
    page = {r.reference: r.invoiced for r in page_rows(ledger, "DA", TODAY)}
    assert page == {f"C-{i}": expected[i] for i in range(3)}
    out = tmp / "contracts.xlsx"
    done = export_return(ledger, Request("contracts-register", stream="DA", as_at=TODAY), out)
    assert to_json(done)["totals"]["Invoiced"] == f"{sum(expected):.2f}"
    ws = load_workbook(out, data_only=True).worksheets[0]
    header = next(r for r in ws.iter_rows(values_only=True) if r and "Invoiced" in r)
    col = header.index("Invoiced")
    cells = [
        r[col] for r in ws.iter_rows(values_only=True)
        if r and isinstance(r[0], str) and r[0].startswith("Service ")
    ]  # fmt: skip
    assert [Decimal(str(c)).quantize(Decimal("0.01")) for c in cells] == expected

"""Reconciling to a statement over a period range (issue 15's done-when): on a fresh ledger and
on the demo ledger, which holds more than the statement (P07–P08 spend, its own postings), the
sample GL extract over P01–P06 gives the same 92 matched and 4 statement-only items; nothing
dated after the statement's last date is ledger-only; sign-off over a range and several streams
refuses an unexplained difference without a reason; reopen; check passes after each."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.checks import run_checks
from db.ledger import Actor, Ledger
from db.schema import AuditEntry, ImportBatch
from db.writes import LedgerError, PermissionDenied
from fundledger.money import format_gbp
from tests.ledgers import copy_sqlite
from ui.usecases import reconcile as uc
from ui.usecases.session import open_ledger

FO = Actor("m.price", "finance")
EXPECTED_STATEMENT_ONLY = ["JNL-25-0412", "INV-TUR-202504-0012", "JNL-25-0951", "JNL-25-1102"]


@pytest.fixture
def demo(demo_with_samples: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    led = open_ledger(str(copy_sqlite(demo_with_samples, tmp_path / "demo.sqlite")))
    led.actor = FO
    yield led
    led.dispose()


def _gl_batch(ledger) -> int:  # type: ignore[no-untyped-def]
    with ledger.read() as s:
        return int(s.execute(select(ImportBatch.id).where(ImportBatch.kind == "gl")).scalar_one())


def _check(ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.read() as s:
        assert run_checks(s) == []


def test_demo_ledger_statement_p01_p06(demo, samples: Path) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((samples / "expected.json").read_text())["reconciliation"]
    batch = _gl_batch(demo)
    view = uc.reconcile(demo, statement=[batch], periods=(1, 6))
    out = uc.report_json(view)
    assert out["matched"] == 92
    assert [i["ref"] for i in out["statement_only"]] == EXPECTED_STATEMENT_ONLY
    refs = {i["ref"] for i in out["ledger_only"]}
    assert set(expected["in_ledger_not_in_gl"]) <= refs
    assert out["scope"] == {"statement": [batch], "periods": ["P01", "P06"], "year": "2025-26",
                            "stream": None, "last_date": "2025-10-06", "after_last_date": 0,
                            "after_range": 0}  # fmt: skip
    assert all(i["date"] <= "2025-10-06" for i in out["ledger_only"])
    assert out["statement_total"] == "476145.47"
    # the default scope is what the statement covers (P01–P07): the ledger's October items
    # after 06/10/2025 are out of scope, never ledger-only
    default = uc.report_json(uc.load(demo))
    assert default["scope"]["periods"] == ["P01", "P07"]
    assert default["scope"]["after_last_date"] > 0
    assert all(i["date"] <= "2025-10-06" for i in default["ledger_only"])
    _check(demo)


def test_fresh_ledger_difference_stays(loaded_fresh) -> None:  # type: ignore[no-untyped-def]
    out = uc.report_json(uc.reconcile(loaded_fresh, periods=(1, 6)))
    assert (out["matched"], out["difference"]) == (92, "75673.28")
    assert [i["ref"] for i in out["statement_only"]] == EXPECTED_STATEMENT_ONLY
    assert sorted(i["ref"] for i in out["ledger_only"]) == [
        "CLM-HIN-2025Q1-0045", "INV-EVE-202508-0075", "INV-THE-202505-0025",
        "INV-THE-202509-0086",
    ]  # fmt: skip
    _check(loaded_fresh)


def test_brought_forward_and_a_later_range(loaded_fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uc.reconcile(loaded_fresh, periods=(1, 3))
    later = uc.reconcile(loaded_fresh, periods=(4, 6))
    out = uc.report_json(later)
    assert out["scope"]["periods"] == ["P04", "P06"]
    bf = {(i["side"], i["ref"], i["period"]) for i in out["brought_forward"]}
    # P01–P03's unmatched items: the three early journals and the duplicate payment, and the
    # two unpaid invoices
    assert ("ledger", "CLM-HIN-2025Q1-0045", "P03") in bf
    assert ("statement", "JNL-25-0412", "P01") in bf
    assert all(p in {"P01", "P02", "P03"} for _s, _r, p in bf)
    # the statement workbook lists them too, on a sheet of their own, named on the summary
    import openpyxl

    book = openpyxl.load_workbook(uc.export_statement(loaded_fresh, later, tmp_path / "p04.xlsx"))
    sheet = book["Brought forward"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[:2] == ["Side", "Reference"])
    listed = {(r[0].lower(), r[1], r[3].split()[-1]) for r in rows[head + 1:] if r[0] in
              ("Ledger", "Statement")}  # fmt: skip
    assert listed == bf
    summary = [c.value for c in book["Reconciliation"]["A"]]
    n_ledger = sum(1 for side, _r, _p in bf if side == "ledger")
    assert any(str(t).startswith("Brought forward: unmatched items of earlier periods (ledger "
                                 f"{n_ledger}, £") for t in summary)  # fmt: skip
    _check(loaded_fresh)


def test_sign_off_range_streams_reason_reopen_and_check(loaded_fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    led = loaded_fresh
    uc.reconcile(led, periods=(1, 6))
    plan = uc.signoff_plan(led, ["DA", "YJ", "OPCC"], 2025, (1, 6))
    assert len(plan.lines) == 18 and plan.unexplained != 0
    da = [x for x in plan.lines if x.stream == "DA"]
    # cumulative is the running sum of the movements
    running = Decimal(0)
    for x in da:
        running += x.movement
        assert x.cumulative == running
    with pytest.raises(LedgerError) as refused:
        uc.sign_off(led, ["DA", "YJ", "OPCC"], 2025, (1, 6), None)
    # what is unexplained, and the difference it is part of, each said once (it used to read
    # "£75,673.28 of the difference £18,472.19 is unexplained")
    assert str(refused.value) == (
        "DA, YJ, OPCC 2025-26 P01–P06 (April–September 2025): £75,673.28 is unexplained (8 "
        "item(s) unmatched; the cumulative difference at P06 is £18,472.19); explain the items "
        "or give a reason to sign off anyway"
    )
    _, ids = uc.sign_off(led, ["DA", "YJ", "OPCC"], 2025, (1, 6), "journals and the duplicate "
                         "payment are being cleared in P07")  # fmt: skip
    assert len(ids) == 18
    _check(led)
    view = uc.load(led, "DA", 2025, periods=(1, 6))
    assert [s.period for s in view.signoffs] == [1, 2, 3, 4, 5, 6]
    assert (view.signoffs[0].explanation or "").startswith("journals and the duplicate")
    # the statement workbook states the scope and each sign-off's movement and cumulative
    import openpyxl

    out = uc.export_statement(led, view, tmp_path / "da.xlsx")
    ws = openpyxl.load_workbook(out)["Reconciliation"]
    texts = [str(ws.cell(i, 1).value) for i in range(1, ws.max_row + 1)]
    assert any(t.startswith("Difference and its proof over DA, 2025-26 P01–P06 (April–September "
                            "2025), every GL import to 06/10/2025") for t in texts)  # fmt: skip
    da_p02 = next(x for x in da if x.period == 2)
    assert any(t.startswith("DA 2025-26 P02: signed off by m.price on ") and
               t.endswith(f"; difference {format_gbp(da_p02.movement)} (the period's movement), "
                          f"cumulative {format_gbp(da_p02.cumulative)}, unexplained "
                          f"{format_gbp(da_p02.unexplained)} — journals and the "
                          "duplicate payment are being cleared in P07") for t in texts)  # fmt: skip
    # the proof's residual is not the sign-off's "unexplained"
    assert "Not accounted for (difference − items above)" in texts
    assert not any(t.startswith("Unexplained") for t in texts)
    with pytest.raises(LedgerError, match="already signed off: DA P01"):
        uc.sign_off(led, ["DA"], 2025, (1, 1), "again")
    # reopening: finance or administrators, with a reason; audited
    led.actor = Actor("vic", "viewer")
    with pytest.raises(PermissionDenied):
        uc.reopen(led, "DA", 2025, (4, 6), "late invoice")
    led.actor = Actor("admin", "admin")
    with pytest.raises(LedgerError, match="a reason is required"):
        uc.reopen(led, "DA", 2025, (4, 6), "")
    assert len(uc.reopen(led, "DA", 2025, (4, 6), "late invoice found")) == 3
    led.actor = FO
    assert [s.period for s in uc.load(led, "DA", 2025, periods=(1, 6)).signoffs] == [1, 2, 3]
    with led.read() as s:
        reasons = list(s.execute(select(AuditEntry.reason).where(
            AuditEntry.action == "reconcile.reopen")).scalars())  # fmt: skip
    assert reasons == ["late invoice found"] * 3
    _check(led)


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SAMPLES
    from tests.reconcile.recon_samples import build_template

    return build_template(tmp_path_factory.mktemp("fresh") / "template.sqlite", SAMPLES)


@pytest.fixture
def loaded_fresh(fresh_template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from tests.reconcile.recon_samples import copy_ledger

    led = copy_ledger(fresh_template, tmp_path / "fresh.sqlite", FO)
    yield led
    led.dispose()


def test_check_passes_after_match_unmatch_and_explain(loaded_fresh) -> None:  # type: ignore[no-untyped-def]
    led = loaded_fresh
    view = uc.reconcile(led, periods=(1, 6))
    _check(led)
    m = view.result.matches[0]
    assert m.group_id is not None
    uc.reject(led, m.group_id, "wrong pairing")
    _check(led)
    new = uc.match(led, list(m.ledger_ids), list(m.statement_ids), "paired by hand")
    assert new > m.group_id
    _check(led)
    item = view.result.statement_only[0]
    uc.explain(led, "statement", item.id, "journal", "accrual reversal")
    uc.explain(led, "statement", item.id, "journal", "accrual reversal, cleared in P07")
    _check(led)
    with led.read() as s:
        actions = list(s.execute(select(AuditEntry.action).where(
            AuditEntry.table_name.in_(["recon_matches", "recon_explanations"]))).scalars())  # fmt: skip
    assert {"reconcile.auto", "reconcile.rejected", "reconcile.manual",
            "reconcile.explain"} <= set(actions)  # fmt: skip


def test_matched_items_posted_in_a_later_period_are_not_unexplained(loaded_fresh) -> None:  # type: ignore[no-untyped-def]
    """Every unmatched item explained: nothing is unexplained, though September's invoices
    paid in October leave P06 with a (matched, timing) difference; signing off P01–P06 needs
    no reason."""
    led = loaded_fresh
    view = uc.reconcile(led, periods=(1, 6))
    for i in view.result.statement_only:
        uc.explain(led, "statement", i.id, "journal", "cleared in P07")
    for lg in view.result.ledger_only:
        uc.explain(led, "ledger", lg.id, "timing", "paid in P07")
    plan = uc.signoff_plan(led, ["DA", "YJ", "OPCC"], 2025, (1, 6))
    da_p06 = next(x for x in plan.lines if (x.stream, x.period) == ("DA", 6))
    # DA's P06 invoices of £9,356.00 posted in the GL in P07, matched
    assert (da_p06.movement, da_p06.statement_only, da_p06.ledger_only) == (
        Decimal("-9356.00"), 0, 0,
    )  # fmt: skip
    assert [x.unexplained for x in plan.lines] == [Decimal("0.00")] * 18
    _, ids = uc.sign_off(led, ["DA", "YJ", "OPCC"], 2025, (1, 6), None)
    assert len(ids) == 18
    _check(led)


def test_what_a_match_across_periods_does_not_net_stays_unexplained(loaded_fresh) -> None:  # type: ignore[no-untyped-def]
    """A group matched by hand across two periods whose sides do not net to nil: the first
    period's side is timing, what the sides do not net to stays unexplained in the last."""
    led = loaded_fresh
    view = uc.reconcile(led, periods=(1, 6))
    jnl = next(i for i in view.result.statement_only if i.reference == "JNL-25-1102")  # P04
    eve = next(i for i in view.result.ledger_only if i.reference == "INV-EVE-202508-0075")  # P05
    uc.match(led, [eve.id], [jnl.id], "paired by hand")
    yj = {x.period: x for x in uc.signoff_plan(led, ["YJ"], 2025, (1, 6)).lines}
    # P02's -£925.00 (duplicate payment, unpaid invoice) is carried; P04's journal is matched
    assert yj[4].unexplained == Decimal("-925.00")
    # -£27,892.50 − £640.00 is what the pair does not net to, in P05
    assert yj[5].unexplained == Decimal("-925.00") - Decimal("27892.50") - Decimal("640.00")
    _check(led)


def _p07_statement(path: Path) -> Path:
    """A second GL statement: October's lines — one pays September's unpaid YJ invoice, three
    pay nothing the ledger holds yet."""
    from datetime import date

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Cost Centre", "Period", "Posting Date", "Supplier Name", "Reference",
               "Line Description", "Amount"])  # fmt: skip
    for cc, day, supplier, ref, amount in [
        ("LC5120", 9, "The Appropriate Adult Service", "INV-THE-202509-0086", 2875),
        ("LC4410", 14, "FreeVa", "INV-FRE-202510-0101", 3189.33),
        ("LC4410", 20, None, "JNL-25-1210", -1200),
        ("LC5120", 28, "Everyone Active", "INV-EVE-202510-0120", 640),
    ]:
        ws.append([cc, "2025/26 P07", date(2025, 10, day), supplier, ref, "October", amount])
    wb.save(path)
    return path


def test_a_later_statement_batch_adds_nothing_to_an_earlier_range(
    loaded_fresh: Ledger, tmp_path: Path
) -> None:
    """With October's statement imported too, P01–P06 against every GL import: October's line
    paying September's invoice matches it; October's lines that pay nothing of P01–P06 are out
    of scope, not statement-only, and the figures are P01–P06's."""
    from ui.usecases.imports import import_file

    led = loaded_fresh
    uc.reconcile(led, periods=(1, 6))
    res = import_file(led, "gl", _p07_statement(tmp_path / "gl-p07.xlsx"))
    assert res.ok and res.imported == 4, res.to_json()
    view = uc.reconcile(led, periods=(1, 6))
    out = uc.report_json(view)
    assert [i["ref"] for i in out["statement_only"]] == EXPECTED_STATEMENT_ONLY
    # the page, the command line and the statement workbook say what is left out, and how much
    left_out = "3 statement lines of periods after P06 that pay none of its items, £2,629.33"
    assert uc.out_of_scope(view) == [left_out]
    import openpyxl

    book = uc.export_statement(led, view, tmp_path / "p01-p06.xlsx")
    ws = openpyxl.load_workbook(book)["Reconciliation"]
    assert f"Out of scope: {left_out}" in [ws.cell(i, 1).value for i in range(1, ws.max_row + 1)]
    assert sorted(i["ref"] for i in out["ledger_only"]) == [
        "CLM-HIN-2025Q1-0045", "INV-EVE-202508-0075", "INV-THE-202505-0025",
    ]  # fmt: skip
    assert out["scope"]["after_range"] == 3
    # the first statement's £476,145.47 and October's £2,875.00 payment of a P06 invoice
    assert (out["matched"], out["statement_total"], out["difference"]) == (
        93, "479020.47", str(Decimal("75673.28") + Decimal("2875.00")),
    )  # fmt: skip
    # October on its own: its three unmatched lines are statement-only there
    p07 = uc.report_json(uc.load(led, periods=(7, 7)))
    assert sorted(i["ref"] for i in p07["statement_only"]) == [
        "INV-EVE-202510-0120", "INV-FRE-202510-0101", "JNL-25-1210",
    ]  # fmt: skip
    _check(led)


def test_undoing_an_import_after_the_close_leaves_the_closed_periods_as_reconciled(
    loaded_fresh: Ledger,
) -> None:
    """P01–P06 reconciled, signed off and closed; the invoice import is then undone, its
    reversals posted in P07.  P01–P06 reconcile as they were (the GL holds those postings,
    the sign-off's figures still hold); the reversals are P07's ledger postings."""
    from ui.usecases import periods as pc
    from ui.usecases.imports import undo_import

    led = loaded_fresh
    before = uc.report_json(uc.reconcile(led, periods=(1, 6)))
    uc.sign_off(led, ["DA", "YJ", "OPCC"], 2025, (1, 6), "journals cleared in P07")
    pc.close_through(led, 2025, 6, None, "September month end")
    with led.read() as s:
        batch = int(s.execute(select(ImportBatch.id).where(
            ImportBatch.kind == "transactions")).scalar_one())  # fmt: skip
    undo_import(led, batch, "imported twice by mistake")
    after = uc.report_json(uc.load(led, periods=(1, 6)))
    assert {k: after[k] for k in ("matched", "ledger_total", "difference")} == {
        "matched": 92, "ledger_total": "400472.19", "difference": before["difference"],
    }  # fmt: skip
    oct_ = uc.report_json(uc.load(led, periods=(7, 7)))
    assert oct_["ledger_total"] == "-400472.19"
    assert len(oct_["ledger_only"]) == 96
    plan = uc.signoff_plan(led, ["DA", "YJ", "OPCC"], 2025, (1, 6))
    signed = {(x.stream, x.period): x.cumulative for x in plan.lines}
    assert all(x.signed_by == "m.price" for x in plan.lines)
    view = uc.load(led, None, 2025, periods=(1, 6))
    assert {(s.stream, s.period): s.cumulative for s in view.signoffs} == signed
    _check(led)


def test_undoing_a_gl_import_ends_its_matches(loaded_fresh: Ledger) -> None:
    """The wrong extract imported, reconciled, undone, the right one imported: its matches end
    with it, and the ledger items match the new statement (they stayed 'matched' to lines
    that no longer count: 92 matched, statement £0.00, then 90 of the new lines
    statement-only)."""
    from tests.conftest import SAMPLES
    from ui.usecases.imports import import_file, undo_import

    led = loaded_fresh
    uc.reconcile(led, periods=(1, 6))
    undo_import(led, _gl_batch(led), "the wrong extract")
    gone = uc.report_json(uc.load(led, None, 2025, periods=(1, 6)))
    assert (gone["matched"], gone["statement_total"], len(gone["ledger_only"])) == (0, "0.00", 96)
    res = import_file(led, "gl", SAMPLES / "gl-extract-2025-26-p01-p06.xlsx")
    assert res.ok and res.imported == 96
    again = uc.report_json(uc.reconcile(led, periods=(1, 6)))
    assert (again["matched"], again["difference"]) == (92, "75673.28")
    assert [i["ref"] for i in again["statement_only"]] == EXPECTED_STATEMENT_ONLY
    _check(led)


def test_the_statement_of_a_sign_off_is_not_undone_under_it(loaded_fresh: Ledger) -> None:
    """Undoing the GL import that signed-off periods were reconciled against changed them
    silently; it is refused, naming the sign-offs, until they are reopened."""
    from ui.usecases.imports import undo_import

    led = loaded_fresh
    uc.reconcile(led, periods=(1, 6))
    uc.sign_off(led, ["DA", "YJ"], 2025, (1, 6), "journals being cleared")
    uc.reopen(led, "YJ", 2025, (4, 6), "late invoice")
    batch = _gl_batch(led)
    with pytest.raises(LedgerError) as refused:
        undo_import(led, batch, "the wrong extract")
    assert str(refused.value) == (
        f"import batch {batch} (gl-extract-2025-26-p01-p06.xlsx) is the statement of "
        "reconciliations signed off: DA 2025-26 P01–P06 (April–September 2025); YJ 2025-26 "
        "P01–P03 (April–June 2025); reopen them first (reconcile reopen)"
    )
    assert uc.report_json(uc.load(led, periods=(1, 6)))["matched"] == 92
    uc.reopen(led, "DA", 2025, (1, 6), "wrong extract")
    uc.reopen(led, "YJ", 2025, (1, 3), "wrong extract")
    assert undo_import(led, batch, "the wrong extract").kind == "gl"
    _check(led)


def test_a_matched_row_reversed_in_its_period_leaves_its_gl_line_unmatched(
    loaded_fresh: Ledger,
) -> None:
    """Reversing a matched invoice in its own (open) period nets it to nil on the ledger side:
    the GL line it matched was still 'matched' (to nothing in scope, a +£6,166.67 'matched
    items' figure no item explained); it is statement-only now, to explain or match anew."""
    from ui.usecases.periods import reverse

    led = loaded_fresh
    view = uc.reconcile(led, periods=(1, 6))
    liv = next(i for i in view.ledger if i.reference == "INV-LIV-202506-0032")
    reverse(led, liv.id, "posted twice")
    out = uc.report_json(uc.reconcile(led, periods=(1, 6)))
    assert out["matched"] == 91
    assert "INV-LIV-202506-0032" in [i["ref"] for i in out["statement_only"]]
    assert out["difference"] == str(Decimal("75673.28") + Decimal("6166.67"))
    r = uc.load(led, periods=(1, 6)).result
    assert r.proof.matched_difference == 0
    _check(led)


def test_the_undo_preview_refuses_what_the_undo_would(loaded_fresh: Ledger) -> None:
    """The preview said the GL statement of a signed-off range could be undone ('would reverse
    in their own periods'); the undo then refused.  It refuses the same way now."""
    from ui.usecases.imports import undo_preview

    led = loaded_fresh
    uc.reconcile(led, periods=(1, 6))
    batch = _gl_batch(led)
    assert undo_preview(led, batch) == []
    uc.sign_off(led, ["DA"], 2025, (1, 3), "journals being cleared")
    with pytest.raises(LedgerError, match=r"is the statement of reconciliations signed off: DA "
                       r"2025-26 P01–P03 \(April–June 2025\); reopen them first"):  # fmt: skip
        undo_preview(led, batch)


def test_against_one_statement_an_item_paid_on_another_is_ledger_only(
    loaded_fresh: Ledger, tmp_path: Path
) -> None:
    """September's YJ invoice is paid on October's statement: reconciled against the first
    statement alone it is ledger-only there, not 'matched' with its amount hidden in the
    matched items' difference."""
    from ui.usecases.imports import import_file

    led = loaded_fresh
    first = _gl_batch(led)
    uc.reconcile(led, periods=(1, 6))
    res = import_file(led, "gl", _p07_statement(tmp_path / "gl-p07.xlsx"))
    assert res.ok and res.batch is not None
    uc.reconcile(led, periods=(1, 6))  # pays it: matched across the two statements
    view = uc.reconcile(led, statement=[first], periods=(1, 6))
    out = uc.report_json(view)
    assert out["matched"] == 92
    assert "INV-THE-202509-0086" in [i["ref"] for i in out["ledger_only"]]
    assert view.result.proof.matched_difference == 0 and out["difference"] == "75673.28"
    both = uc.report_json(uc.load(led, statement=[first, res.batch], periods=(1, 6)))
    assert both["matched"] == 93
    _check(led)

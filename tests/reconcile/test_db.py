"""Reconciliation in a ledger: statement lines, stored matches, accept/reject/manual match,
explanations, sign-off locking, audit, the use case and its JSON."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import audit_range
from db.audit import verify_chain
from db.checks import run_checks
from db.ledger import Actor
from db.schema import AuditEntry, ReconMatch, StatementLine
from db.writes import LedgerError
from fundledger.money import Money
from tests.reconcile.recon_samples import (
    build_template,
    copy_ledger,
    gl_rows,
    insert_gl,
    insert_invoices,
)
from ui.usecases import reconcile as uc

EXPECTED_JSON_LEDGER_ONLY = [
    {"ref": "INV-THE-202505-0025", "date": "2025-05-19", "amount": "2875.00"},
    {"ref": "CLM-HIN-2025Q1-0045", "date": "2025-06-29", "amount": "12804.39"},
    {"ref": "INV-EVE-202508-0075", "date": "2025-08-05", "amount": "640.00"},
    {"ref": "INV-THE-202509-0086", "date": "2025-09-25", "amount": "2875.00"},
]
EXPECTED_JSON_STATEMENT_ONLY = [
    {"ref": "JNL-25-0412", "date": "2025-04-07", "amount": "-5208.33"},
    {"ref": "INV-TUR-202504-0012", "date": "2025-05-14", "amount": "1950.00"},
    {"ref": "JNL-25-0951", "date": "2025-06-30", "amount": "126018.50"},
    {"ref": "JNL-25-1102", "date": "2025-07-31", "amount": "-27892.50"},
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SAMPLES

    return build_template(tmp_path_factory.mktemp("recon") / "template.sqlite", SAMPLES)


@pytest.fixture
def loaded(template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    led = copy_ledger(template, tmp_path / "ledger.sqlite", Actor("fo", "finance"))
    yield led
    led.dispose()


def test_statement_lines_are_added_with_fingerprints(ledger, samples: Path) -> None:  # type: ignore[no-untyped-def]
    ledger.actor = Actor("fo", "finance")
    added = insert_gl(ledger, samples)
    assert (len(added.ids), added.duplicates, added.total) == (96, 0, Decimal("476145.47"))


def test_sample_reconciles_to_expected_json(loaded, samples: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    expected = json.loads((samples / "expected.json").read_text())["reconciliation"]
    view = uc.reconcile(loaded)
    assert view.auto is not None and (view.auto.accepted, view.auto.proposed) == (92, 0)
    out = uc.report_json(view)
    assert out == {
        "matched": 92,
        "ledger_only": EXPECTED_JSON_LEDGER_ONLY,
        "statement_only": EXPECTED_JSON_STATEMENT_ONLY,
        "ledger_total": "400472.19",
        "statement_total": "476145.47",
        "difference": "75673.28",
        "scope": {
            "statement": [],
            "periods": ["P01", "P07"],
            "year": "2025-26",
            "stream": None,
            "last_date": "2025-10-06",
            "after_last_date": 0,
            "after_range": 0,
        },
        "brought_forward": [],
    }
    assert out["matched"] == expected["matched"]
    assert sorted(i["ref"] for i in out["ledger_only"]) == expected["in_ledger_not_in_gl"]
    assert out["difference"] == expected["difference_gl_minus_ledger"]
    # running it again stores nothing new and gives the same answer
    again = uc.reconcile(loaded, "DA", 2025)
    assert again.auto is not None and (again.auto.accepted, again.auto.proposed) == (0, 0)
    assert uc.report_json(uc.reconcile(loaded)) == out
    with loaded.read() as s:
        assert s.execute(select(func.count()).select_from(ReconMatch)).scalar_one() == 92
        entries = list(
            s.execute(
                select(AuditEntry)
                .where(AuditEntry.action == "reconcile.auto")
                .order_by(AuditEntry.id)
            ).scalars()
        )
        assert verify_chain(s) == []
        # one entry covers the run's matches (migration 0016): as the user, the run in the
        # reason, the id range, the row count and a digest check verifies
        assert [(e.user, e.table_name, e.row_id, e.batch_id, e.reason) for e in entries] == [
            (
                "fo",
                "recon_matches",
                None,
                None,
                "automatic matching (all streams 2025), groups 1-92",
            )
        ]
        logged = json.loads(entries[0].new or "")
        rows = audit_range.read_rows(s, "recon_matches", 1, 92)
        assert run_checks(s) == []
    assert logged == {"ids": [1, 92], "rows": 92, "digest": audit_range.digest(rows)}
    assert rows[0][1:] == (1, rows[0][2], rows[0][3], 100, "reference")


def test_scoped_by_stream_and_year(loaded) -> None:  # type: ignore[no-untyped-def]
    uc.reconcile(loaded)
    yj = uc.report_json(uc.load(loaded, "YJ", 2025))
    assert (yj["statement_total"], yj["ledger_total"], yj["difference"]) == (
        "19020.50", "51353.00", "-32332.50",
    )  # fmt: skip
    assert [i["ref"] for i in yj["statement_only"]] == ["INV-TUR-202504-0012", "JNL-25-1102"]
    assert uc.report_json(uc.load(loaded, "DA", 2024))["matched"] == 0


def test_reimporting_an_overlapping_extract_adds_only_new_lines(loaded, samples: Path) -> None:  # type: ignore[no-untyped-def]
    again = insert_gl(loaded, samples, name="gl-again.xlsx")
    assert (again.ids, again.duplicates) == ((), 96)
    rows = gl_rows(samples)
    extra = rows[-1].__class__(**{**rows[-1].__dict__, "reference": "JNL-25-2000"})
    more = insert_gl(loaded, samples, rows=[*rows[-10:], extra], name="gl-p07.xlsx")
    assert (len(more.ids), more.duplicates) == (1, 10)
    with loaded.read() as s:
        assert s.execute(select(func.count()).select_from(StatementLine)).scalar_one() == 97


def _group_of(view: uc.ReconView, ref: str) -> int:
    lmap = view.ledger_by_id()
    m = next(m for m in view.result.matches if lmap[m.ledger_ids[0]].reference == ref)
    assert m.group_id is not None
    return m.group_id


def test_unmatch_match_by_hand_explain_and_sign_off(loaded) -> None:  # type: ignore[no-untyped-def]
    view = uc.reconcile(loaded, "YJ", 2025)
    n = len(view.result.matches)
    assert n == 22
    uc.reject(loaded, _group_of(view, "INV-TUR-202504-0012"), "wrong posting chosen")
    # the rejected pair is never proposed again; the other posting is matched instead
    after = uc.reconcile(loaded, "YJ", 2025)
    assert after.auto is not None and (after.auto.accepted, after.auto.proposed) == (1, 0)
    smap = after.statement_by_id()
    m = next(
        m for m in after.result.matches if m.group_id == _group_of(after, "INV-TUR-202504-0012")
    )
    assert (m.method, m.score, smap[m.statement_ids[0]].date.isoformat()) == (
        "reference", 90, "2025-05-14",
    )  # fmt: skip
    uc.reject(loaded, m.group_id or 0)
    after = uc.reconcile(loaded, "YJ", 2025)
    assert len(after.result.matches) == n - 1
    assert [i.reference for i in after.result.ledger_only].count("INV-TUR-202504-0012") == 1
    # match it by hand to the first posting after all
    led = next(i for i in after.ledger if i.reference == "INV-TUR-202504-0012")
    first = next(i for i in after.statement if i.reference == led.reference and i.period == 1)
    new_gid = uc.match(loaded, [led.id], [first.id], "first run payment confirmed")
    view = uc.load(loaded, "YJ", 2025)
    assert len(view.result.matches) == n and view.result.difference == Decimal("-32332.50")
    with pytest.raises(LedgerError, match="already matched"):
        uc.match(loaded, [led.id], [first.id])
    # explain and sign off P02: the difference needs an explanation
    with pytest.raises(
        LedgerError,
        match=r"^YJ 2025-26 P02 May 2025: -£925.00 is unexplained \(2 item\(s\) unmatched; the "
        r"difference at P02 is -£925.00\); explain the items or give a reason to sign off anyway$",
    ):
        uc.sign_off(loaded, ["YJ"], 2025, (2, 2), None)
    the = next(i for i in view.result.ledger_only if i.reference == "INV-THE-202505-0025")
    uc.explain(loaded, "ledger", the.id, "timing", "Posted in P07")
    uc.sign_off(
        loaded,
        ["YJ"],
        2025,
        (2, 2),
        "Duplicate payment to Turning Point being recovered; Appropriate Adult May invoice not posted",
    )
    with pytest.raises(LedgerError, match=r"signed off by fo on \d\d/\d\d/\d{4}; its matches"):
        uc.reject(loaded, _group_of(view, "INV-TUR-202505-0026"))
    assert new_gid > 0
    with pytest.raises(LedgerError, match="already signed off"):
        uc.sign_off(loaded, ["YJ"], 2025, (2, 2), "again")
    view = uc.load(loaded, "YJ", 2025)
    assert [(x.period, x.difference, x.signed_by) for x in view.signoffs] == [
        (2, Decimal("-925.00"), "fo")
    ]
    assert view.explanations[("ledger", the.id)].category == "timing"
    with loaded.read() as s:
        actions = set(s.execute(select(AuditEntry.action)).scalars())
        verify_chain(s)
    assert {
        "reconcile.rejected",
        "reconcile.manual",
        "reconcile.explain",
        "reconcile.sign_off",
    } <= actions


def test_sign_off_waits_for_proposed_matches(ledger) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from tests.reconcile.recon_samples import Row

    ledger.actor = Actor("fo", "finance")
    inv = Row(
        "LC4410", None, date(2025, 4, 3), 2025, 1, "FreeVa", "A-1", "x", Money(Decimal("100.00"))
    )
    gl = Row(
        "LC4410",
        "5210",
        date(2025, 4, 9),
        2025,
        1,
        "Freeva",
        "PAY-9",
        "x",
        Money(Decimal("100.00")),
    )
    insert_invoices(ledger, Path("."), [inv])
    insert_gl(ledger, Path("."), [gl])
    view = uc.reconcile(ledger, "DA", 2025)
    (m,) = view.result.matches
    assert (m.method, m.score, m.status) == ("amount_counterparty", 85, "proposed")
    with pytest.raises(LedgerError, match="1 proposed match"):
        uc.sign_off(ledger, ["DA"], 2025, (1, 1), None)
    assert m.group_id is not None
    uc.accept(ledger, m.group_id)
    uc.sign_off(ledger, ["DA"], 2025, (1, 1), None)


def test_viewers_see_but_do_not_match(loaded) -> None:  # type: ignore[no-untyped-def]
    loaded.actor = Actor("v", "viewer")
    view = uc.reconcile(loaded)
    assert view.auto is None and view.result.matches == ()
    assert view.result.difference == Decimal("75673.28")
    with pytest.raises(LedgerError, match=r"v \(viewer\) cannot reconcile"):
        uc.match(loaded, [1], [1])


@pytest.mark.postgres
def test_sample_reconciles_on_postgresql(pg_ledger_url: str, samples: Path) -> None:
    import json

    from tests.reconcile.recon_samples import import_samples
    from ui.usecases.init import init_ledger

    led = init_ledger(pg_ledger_url)
    try:
        led.actor = Actor("fo", "finance")
        import_samples(led, samples)
        out = uc.report_json(uc.reconcile(led))
        assert (out["matched"], out["difference"]) == (92, "75673.28")
        assert out["ledger_only"] == EXPECTED_JSON_LEDGER_ONLY
        assert out["statement_only"] == EXPECTED_JSON_STATEMENT_ONLY
        with led.read() as s:  # one range entry covers the run (0016) and check verifies it
            runs = s.execute(select(AuditEntry.row_id, AuditEntry.new).where(
                AuditEntry.table_name == "recon_matches")).all()  # fmt: skip
            assert [(r, json.loads(n or "")["rows"]) for r, n in runs] == [(None, 92)]
            assert run_checks(s) == []
        view = uc.load(led, "YJ", 2025)
        gid = _group_of(view, "INV-TUR-202505-0026")
        uc.reject(led, gid)
        uc.sign_off(led, ["YJ"], 2025, (1, 1), "INV-TUR-202505-0026 unmatched for review")
        assert uc.load(led, "YJ", 2025).signoffs[0].signed_by == "fo"
        with led.read() as s:
            assert run_checks(s) == []
    finally:
        led.dispose()

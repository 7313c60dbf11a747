"""Auto-matching is audited by one range entry per run (migration 0016): check passes after a
run, accepting or rejecting one of its matches is still audited per row, and a match changed or
added behind the trail is named by check."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from db.checks import run_checks
from db.ledger import Actor, Ledger
from db.schema import AuditEntry
from tests.ledgers import audit_triggers_dropped
from tests.reconcile.recon_samples import build_template, copy_ledger
from ui.usecases import reconcile as uc


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SAMPLES

    return build_template(tmp_path_factory.mktemp("recon-audit") / "template.sqlite", SAMPLES)


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "ledger.sqlite"
    led = copy_ledger(template, dest, Actor("fo", "finance"))
    try:
        uc.reconcile(led)
    finally:
        led.dispose()
    return dest


def _open(path: Path) -> Ledger:
    from ui.usecases.session import open_ledger

    led = open_ledger(str(path))
    led.actor = Actor("fo", "finance")
    return led


def _problems(path: Path) -> list[str]:
    led = _open(path)
    try:
        with led.read() as s:
            return [str(p) for p in run_checks(s)]
    finally:
        led.dispose()


def _match_trail(led: Ledger) -> list[tuple[str, str | None]]:
    """The audit trail's (action, row id) entries for ``recon_matches``, in order, once
    ``check`` has found nothing wrong with the ledger."""
    with led.read() as s:
        actions = [(a, r) for a, r in s.execute(select(AuditEntry.action, AuditEntry.row_id)
                   .where(AuditEntry.table_name == "recon_matches")).all()]  # fmt: skip
        assert run_checks(s) == []
    return actions


def test_a_run_is_one_entry_and_its_matches_stay_audited_per_row(path: Path) -> None:
    led = _open(path)
    try:
        view = uc.load(led)
        gid = view.result.matches[0].group_id
        assert gid is not None
        uc.reject(led, gid, "not this one")
        actions = _match_trail(led)
    finally:
        led.dispose()
    assert actions[0] == ("reconcile.auto", None)
    assert [a for a, _r in actions[1:]] == ["reconcile.rejected"]


def test_check_names_a_match_changed_or_added_behind_the_trail(path: Path) -> None:
    assert _problems(path) == []
    con = sqlite3.connect(path)
    try:
        with audit_triggers_dropped(con):
            con.execute("update recon_matches set transaction_id = transaction_id + 1 where id = 5")
    finally:
        con.close()
    (problem,) = _problems(path)
    assert "recon_matches" in problem and "ids 1-92 no longer match the entry's digest" in problem

    con = sqlite3.connect(path)
    try:
        with audit_triggers_dropped(con):
            con.execute("update recon_matches set transaction_id = transaction_id - 1 where id = 5")
            con.execute("insert into recon_matches (group_id, transaction_id, statement_line_id, "
                        "score, method, status, version, created_at, created_by) "
                        "values (999, 1, 1, 100, 'manual', 'accepted', 1, '2025-01-01', 'x')")  # fmt: skip
    finally:
        con.close()
    assert _problems(path) == ["audit: recon_matches: rows without an audit record: 93"]


def test_the_entry_records_the_range_count_and_digest(path: Path) -> None:
    led = _open(path)
    try:
        with led.read() as s:
            (new,) = s.execute(select(AuditEntry.new).where(
                AuditEntry.action == "reconcile.auto")).scalars()  # fmt: skip
    finally:
        led.dispose()
    body = json.loads(new or "")
    assert (body["ids"], body["rows"], len(body["digest"])) == ([1, 92], 92, 64)


def test_a_big_run_drops_the_row_trigger_only_while_it_inserts(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of at least SUSPEND_AT rows inserts them without the per-row audit trigger (its
    covering entry audits them) and puts the trigger back, text for text, before it ends: the
    schema is as it was, check passes, and a later match is audited per row again."""
    from db.ops import imports, recon_store

    dest = tmp_path / "ledger.sqlite"
    led = copy_ledger(template, dest, Actor("fo", "finance"))
    suspended: list[str] = []
    real = imports.suspend_row_audit

    def spy(session, model):  # type: ignore[no-untyped-def]
        suspended.append(model.name)
        return real(session, model)

    monkeypatch.setattr(imports, "suspend_row_audit", spy)
    monkeypatch.setattr(recon_store, "SUSPEND_AT", 50)
    schema = "select type, name, sql from sqlite_master order by type, name"
    before = sqlite3.connect(dest).execute(schema).fetchall()
    try:
        view = uc.reconcile(led)
        assert len(view.result.matches) == 92 and suspended == ["recon_matches"]
        after = sqlite3.connect(dest).execute(schema).fetchall()
        assert after == before
        r = view.result
        lg, st = next((a, b) for a in r.ledger_only for b in r.statement_only
                      if a.stream == b.stream)  # fmt: skip
        uc.match(led, [lg.id], [st.id], "by hand")
        actions = _match_trail(led)
    finally:
        led.dispose()
    assert actions[0] == ("reconcile.auto", None)
    assert [a for a, r in actions[1:]] == ["reconcile.manual"] and actions[1][1] is not None
    monkeypatch.setattr(recon_store, "SUSPEND_AT", 93)  # a smaller run leaves it alone
    suspended.clear()
    led = copy_ledger(template, tmp_path / "small.sqlite", Actor("fo", "finance"))
    try:
        assert len(uc.reconcile(led).result.matches) == 92 and suspended == []
    finally:
        led.dispose()

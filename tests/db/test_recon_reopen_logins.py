"""Reopening a reconciliation sign-off on a shared PostgreSQL ledger, each person through their
own login: a finance officer and an administrator reopen (audited under their login, the
ledger's checks still pass); a budget holder, a commissioner and a viewer are refused by the
app and — by raw SQL, or with the app's own check bypassed — by the server.  An administrator
may change only what a reopening changes: signing off, or altering what was signed, is refused
by the server too."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from db.audit import verify_chain
from db.checks import run_checks
from db.ledger import Actor
from db.ops import recon_signoff
from db.schema import AuditEntry, ReconSignoff
from db.writes import LedgerError
from ui.usecases.reconcile import reopen, sign_off

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

YEAR, RANGE = 2025, (1, 3)  # each stream has a £100 transaction in P03 (10/06/2025)
REOPEN_SQL = (
    "update recon_signoffs set active = false, reopened_by = :login, reopen_reason = 'mine' "
    "where active"
)


def signoffs(shared: Shared) -> list[tuple[str, int, bool, str | None, str | None]]:
    """(stream, period, active, reopened_by, reopen_reason) of every sign-off, as the owner."""
    rows = shared.raw(
        "fiona",
        "select s.code, r.period, r.active, r.reopened_by, r.reopen_reason from recon_signoffs"
        " r join streams s on s.id = r.stream_id order by s.code, r.period, r.id",
    )
    return [tuple(r) for r in rows]


def sign(shared: Shared) -> None:
    with shared.ledger_as("fiona") as led:
        assert led.actor.role == "finance"
        _plan, ids = sign_off(led, ["DA", "YJ"], YEAR, RANGE, "no GL statement yet")
        assert len(ids) == 6


def checked(shared: Shared) -> None:
    with shared.ledger_as("ada") as led, led.read() as s:
        assert [str(p) for p in run_checks(s)] == []
        assert verify_chain(s) == []


def test_finance_and_an_administrator_reopen_through_their_own_login(shared: Shared) -> None:
    sign(shared)
    with shared.ledger_as("ada") as led:
        assert (led.actor.username, led.actor.role) == (shared.login("ada"), "admin")
        assert reopen(led, "DA", YEAR, RANGE, "DA statement re-imported") != []
    with shared.ledger_as("frank") as led:  # another finance officer than the one who signed
        assert led.actor.role == "finance"
        assert reopen(led, "YJ", YEAR, (2, 3), "YJ June journal missing") != []
    ada, frank = shared.login("ada"), shared.login("frank")
    assert signoffs(shared) == [
        ("DA", 1, False, ada, "DA statement re-imported"),
        ("DA", 2, False, ada, "DA statement re-imported"),
        ("DA", 3, False, ada, "DA statement re-imported"),
        ("YJ", 1, True, None, None),
        ("YJ", 2, False, frank, "YJ June journal missing"),
        ("YJ", 3, False, frank, "YJ June journal missing"),
    ]
    with shared.ledger_as("vic") as led, led.read() as s:
        audited = s.execute(
            select(AuditEntry.user, AuditEntry.login, AuditEntry.reason)
            .where(AuditEntry.table_name == "recon_signoffs",
                   AuditEntry.action == "reconcile.reopen")
            .order_by(AuditEntry.id)
        ).all()  # fmt: skip
    assert [tuple(a) for a in audited] == (
        [(ada, ada, "DA statement re-imported")] * 3
        + [(frank, frank, "YJ June journal missing")] * 2
    )
    checked(shared)
    # reopened periods can be signed off again
    with shared.ledger_as("fiona") as led:
        _plan, ids = sign_off(led, ["DA"], YEAR, RANGE, "signed again")
        assert len(ids) == 3
    checked(shared)


@pytest.mark.parametrize("who", ["bea", "cal", "vic"])
def test_others_are_refused_by_the_app_and_by_the_server(shared: Shared, who: str) -> None:
    if not any(r[2] for r in signoffs(shared) if r[0] == "DA"):
        sign(shared)
    before = signoffs(shared)
    with shared.ledger_as(who) as led:
        with pytest.raises(LedgerError, match="reopen"):
            reopen(led, "DA", YEAR, RANGE, "mine")
        # the app's own check bypassed (an actor claiming finance over this login): the
        # server refuses the write itself
        with pytest.raises(DBAPIError) as info, led.write() as s:
            recon_signoff.reopen(s, Actor(led.actor.username, "finance"), "DA", YEAR,
                                 RANGE, "mine")  # fmt: skip
        assert "permission denied" in str(info.value.orig)
    # raw SQL as from psql
    refused = shared.refused(who, REOPEN_SQL, login=shared.login(who))
    assert "permission denied for table recon_signoffs" in refused
    assert signoffs(shared) == before
    with shared.ledger_as("vic") as led, led.read() as s:
        assert s.execute(select(ReconSignoff.id).where(ReconSignoff.reopened_by ==
                                                       shared.login(who))).all() == []  # fmt: skip


SIGNED_SQL = (
    "update recon_signoffs set difference = 0, explanation = 'all explained', "
    "signed_by = :login where active"
)
SIGN_SQL = (
    "insert into recon_signoffs (stream_id, year, period, difference, signed_by, signed_at, "
    "active, version, created_at, created_by) select stream_id, year, 12, 0, :login, now(), "
    "true, 1, now(), :login from recon_signoffs limit 1"
)


def test_an_administrator_only_reopens(shared: Shared) -> None:
    if not any(r[2] for r in signoffs(shared) if r[0] == "DA"):
        sign(shared)
    before = signoffs(shared)
    ada = shared.login("ada")
    for sql in (SIGNED_SQL, SIGN_SQL):
        assert "permission denied for table recon_signoffs" in shared.refused("ada", sql,
                                                                              login=ada)  # fmt: skip
    with shared.ledger_as("ada") as led:
        with pytest.raises(LedgerError, match="sign off"):
            sign_off(led, ["DA"], YEAR, (4, 4), "admin signing")
        denied = "permission denied for table recon_signoffs"
        with pytest.raises(DBAPIError, match=denied), led.write() as s:
            recon_signoff.sign_off(s, Actor(ada, "finance"), ["DA"], YEAR, (4, 4), "mine")
    assert signoffs(shared) == before


REWRITES = {
    "the signed difference": "update recon_signoffs set difference = 0 where active",
    "the explanation": "update recon_signoffs set explanation = 'all fine' where active",
    "the signer": "update recon_signoffs set signed_by = 'ada' where active",
    "a reopened sign-off made active": "update recon_signoffs set active = true where not active",
    "who reopened it": "update recon_signoffs set reopened_by = 'someone' where not active",
    "deleting one": "delete from recon_signoffs",
}


@pytest.mark.parametrize("what", sorted(REWRITES))
def test_finance_cannot_rewrite_a_sign_off_by_raw_sql(shared: Shared, what: str) -> None:
    """Finance may UPDATE the table (to reopen), but the server seals what was signed: the
    figures, explanation and signer, a reopened row's history, and every row from deletion."""
    if not any(r[2] for r in signoffs(shared)):
        sign(shared)
    if not any(not r[2] for r in signoffs(shared)):
        with shared.ledger_as("fiona") as led:
            reopen(led, "YJ", YEAR, (3, 3), "to test the seal")
    before = signoffs(shared)
    message = shared.refused("fiona", REWRITES[what])
    assert "recon_signoffs" in message
    if what == "deleting one":  # finance holds no DELETE; the owner meets the trigger below
        assert "permission denied" in message or "never deleted" in message
    else:
        assert "cannot be" in message
    assert signoffs(shared) == before
    assert shared.refused_as_owner(REWRITES[what])  # the owner's login is held to it too

"""``init``'s reference data: streams, cost centres, organisations and aliases; idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.audit import verify_chain
from db.schema import (
    SCHEMA_VERSION,
    AuditEntry,
    CostCentre,
    LedgerInfo,
    OrgAlias,
    Organisation,
    Stream,
    StreamMechanism,
    User,
)
from fundledger.orgs import normalise
from fundledger.reference import ORGANISATIONS
from ui.usecases.init import init_ledger, initialise


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A ``--db`` value for an empty ledger: a SQLite file path or a fresh PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


def _counts(ledger) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with ledger.read() as s:
        return {
            t.__tablename__: s.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (Organisation, OrgAlias, Stream, StreamMechanism, CostCentre, User, AuditEntry)
        }


def test_init_creates_standard_streams_and_cost_centres(any_db: str) -> None:
    ledger = init_ledger(any_db, user="jo.finance")
    try:
        with ledger.read() as s:
            centres = {
                c: st for c, st in s.execute(select(CostCentre.code, Stream.code).join(Stream))
            }
            mechanisms = s.execute(
                select(StreamMechanism.from_year, StreamMechanism.mechanism)
                .join(Stream)
                .where(Stream.code == "DA")
                .order_by(StreamMechanism.from_year)
            ).all()
            funder = s.execute(
                select(Organisation.name)
                .join(Stream, Stream.funder_org_id == Organisation.id)
                .where(Stream.code == "DA")
            ).scalar_one()
            user = s.execute(select(User.username, User.role)).one()
            info = {k: v for k, v in s.execute(select(LedgerInfo.key, LedgerInfo.value))}
        assert centres == {
            "LC4410": "DA",
            "LC5120": "YJ",
            "LC4470": "OPCC",
            "LC6030": "PMT",
            "LC4480": "DHR",
        }
        assert [tuple(m) for m in mechanisms] == [(2021, "grant"), (2025, "settlement")]
        assert funder == "Ministry of Housing, Communities and Local Government"
        assert tuple(user) == ("jo.finance", "finance")
        assert ledger.actor.username == "jo.finance"
        assert info["schema_version"] == str(SCHEMA_VERSION)
        assert info["name"].startswith("Leicestershire County Council")
        assert "created" in info
    finally:
        ledger.dispose()


def test_init_seeds_every_organisation_with_normalised_aliases(any_db: str) -> None:
    ledger = init_ledger(any_db)
    try:
        with ledger.read() as s:
            n_orgs = s.execute(select(func.count()).select_from(Organisation)).scalar_one()
            rows = s.execute(
                select(OrgAlias.alias, OrgAlias.normalised, Organisation.name).join(Organisation)
            ).all()
            renamed = s.execute(
                select(OrgAlias.alias, OrgAlias.valid_from, OrgAlias.valid_to)
                .join(Organisation)
                .where(Organisation.short_name == "MHCLG", OrgAlias.is_name.is_(True))
                .order_by(OrgAlias.alias)
            ).all()
        assert n_orgs == len(ORGANISATIONS)
        assert all(norm == normalise(alias) for alias, norm, _ in rows)
        by_alias = {norm: name for _, norm, name in rows}
        assert by_alias["dluhc"] == "Ministry of Housing, Communities and Local Government"
        assert by_alias["panaghar"] == "Panahghar"
        assert by_alias["snwlp"] == "SNWLP"
        # the rename DLUHC → MHCLG is an effective-dated official name
        dated = [r for r in renamed if r.valid_to is not None]
        assert [r.alias for r in dated] == ["Department for Levelling Up, Housing and Communities"]
    finally:
        ledger.dispose()


def test_init_is_idempotent_and_audited(any_db: str) -> None:
    first = initialise(any_db)
    before = _counts(first.ledger)
    first.ledger.dispose()
    second = initialise(any_db)
    try:
        assert first.seed.added["organisations"] == len(ORGANISATIONS)
        assert first.seed.added["streams"] == 5
        assert first.seed.added["cost_centres"] == 5
        assert not second.seed.added
        assert second.seed.summary() == "nothing added"
        assert _counts(second.ledger) == before
        with second.ledger.read() as s:
            assert verify_chain(s) == []
            audited = s.execute(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.table_name == "organisations")
            ).scalar_one()
        # every seeded row is audited by the database's triggers (ledger_info is not audited)
        assert audited == len(ORGANISATIONS)
        added = first.seed.added
        assert before["audit_log"] == sum(added.values()) - added["ledger_info"]
    finally:
        second.ledger.dispose()

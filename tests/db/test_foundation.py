"""Storage foundation: pence columns, SQLite settings, audit chain, versioned updates, migrations."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from db import audit
from db.engine import PG_ONLY_TABLES, is_network_path, make_engine, resolve_url
from db.ledger import Actor, Ledger
from db.migrate import (
    LedgerFileError,
    NewerLedgerError,
    head_revision,
    inspect_sqlite,
    known_revisions,
    upgrade,
)
from db.schema import AuditEntry, Base, Organisation, Setting
from db.writes import ConflictError, insert, update_row
from fundledger.money import MoneyError


def fresh(path: Path) -> Ledger:
    led = Ledger(resolve_url(str(path)), Actor("alice", "finance"))
    upgrade(led.engine)
    return led


def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with led.read() as s:
        assert s.execute(text("pragma foreign_keys")).scalar() == 1
        assert s.execute(text("pragma journal_mode")).scalar() == "wal"
        assert s.execute(text("pragma synchronous")).scalar() == 2  # FULL


def test_unc_paths_are_network_paths() -> None:
    assert is_network_path(Path("//server/share/ledger.sqlite"))
    assert not is_network_path(Path("/tmp/ledger.sqlite"))


def test_migrations_match_the_models(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with led.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # 0002_guards adds guard_closed_periods (not a model: it only names a closed period)
    assert [
        d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("guard_"))
    ] == []


def test_money_is_stored_as_integer_pence(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with led.write() as s:
        s.execute(
            text(
                "insert into streams(code,name,kind,carry_forward_allowed,red_forecast_pct,"
                "amber_profile_pct,status,sort_order,version,created_at,created_by) values "
                "('X','X','expenditure',1,5,15,'active',0,1,'2026-01-01','t')"
            )
        )
        s.execute(
            text(
                "insert into allocations(stream_id,year_from,year_to,amount,approximate,status,"
                "superseded,version,created_at,created_by) values (1,2025,2025,:a,0,'confirmed',0,1,"
                "'2026-01-01','t')"
            ),
            {"a": 123456789},
        )
    raw = sqlite3.connect(tmp_path / "l.sqlite")
    assert raw.execute("select typeof(amount), amount from allocations").fetchone() == (
        "integer",
        123456789,
    )
    from db.schema import Allocation

    with led.read() as s:
        assert s.execute(select(Allocation.amount)).scalar_one() == Decimal("1234567.89")


def test_pence_column_refuses_sub_penny_and_float(tmp_path: Path) -> None:
    from db.schema import Allocation

    led = fresh(tmp_path / "l.sqlite")
    for bad in (Decimal("1.005"), 1.5):
        with pytest.raises((MoneyError, Exception)), led.write() as s:
            s.add(Allocation(stream_id=1, year_from=2025, year_to=2025, amount=bad, created_by="t"))
            s.flush()


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with pytest.raises(RuntimeError), led.write() as s:
        insert(s, led.actor, Organisation(name="Blaby District Council", kind="district"))
        raise RuntimeError("interrupted")
    with led.read() as s:
        assert s.execute(select(Organisation)).first() is None
        assert s.execute(select(AuditEntry)).first() is None


def test_every_write_is_audited_and_the_chain_detects_tampering(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with led.write() as s:
        org = insert(s, led.actor, Organisation(name="Blaby", kind="district"))
        update_row(s, led.actor, org, {"name": "Blaby District Council"}, reason="full name")
    with led.read() as s:
        entries = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        assert [(e.action, e.table_name, e.user) for e in entries] == [
            ("insert", "organisations", "alice"),
            ("update", "organisations", "alice"),
        ]
        assert '"name":"Blaby"' in (entries[1].old or "")
        assert entries[1].reason == "full name"
        assert audit.verify_chain(s) == []
    raw = sqlite3.connect(tmp_path / "l.sqlite")
    raw.execute("drop trigger guard_audit_log_no_update")  # a tamperer with the file can
    raw.execute("update audit_log set user='mallory' where id=1")
    raw.commit()
    raw.close()
    with led.read() as s:
        problems = audit.verify_chain(s)
    assert [p.entry_id for p in problems] == [1]


def test_stale_update_is_refused_with_what_changed(tmp_path: Path) -> None:
    led = fresh(tmp_path / "l.sqlite")
    with led.write() as s:
        row = insert(s, led.actor, Setting(key="expiry_days", value="90"))
    seen = {"key": "expiry_days", "value": "90"}
    bob = Actor("bob", "finance")
    with led.write() as s:
        mine = s.get(Setting, "expiry_days")
        assert mine is not None
        s.execute(
            text(
                "update settings set value='60', version=2, updated_by='carol' where key='expiry_days'"
            )
        )
        with pytest.raises(ConflictError) as err:
            update_row(s, bob, mine, {"value": "120"}, expected_version=row.version, seen=seen)
    assert "changed by carol" in str(err.value)
    assert [(c.field, c.theirs, c.yours) for c in err.value.changes] == [("value", "60", "120")]


def test_newer_ledger_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    fresh(path).dispose()
    raw = sqlite3.connect(path)
    raw.execute("update ledger_info set value='99' where key='schema_version'")
    raw.commit()
    raw.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerLedgerError, match="newer fundledger"):
        upgrade(make_engine(resolve_url(str(path))))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_revisions_read_without_alembic_match_alembic() -> None:
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS, alembic_config, linear_revisions

    script = ScriptDirectory.from_config(alembic_config())
    chain = linear_revisions(MIGRATIONS / "versions")
    assert chain is not None  # the versions are in the plain form the fast reading expects
    assert chain[-1] == script.get_current_head() == head_revision()
    walked = [s.revision for s in script.walk_revisions()]
    assert list(chain) == walked[::-1]
    assert known_revisions() == set(walked)


@pytest.mark.parametrize(
    "files",
    [
        {"a.py": 'revision = "1"\ndown_revision = None\n', "b.py": 'revision = "2"\n'},
        {"a.py": 'revision = "1"\ndown_revision = None\n',
         "b.py": 'revision = "2"\ndown_revision = "1"\n',
         "c.py": 'revision = "3"\ndown_revision = "1"\n'},  # a branch
        {"a.py": 'revision = "1"\ndown_revision = None\n',
         "b.py": 'revision = "2"\ndown_revision = ("1", "x")\n'},  # a merge
        {"a.py": 'revision = "1"\ndown_revision = "0"\n'},  # base missing
    ],
)  # fmt: skip
def test_unusual_versions_fall_back_to_alembic(tmp_path: Path, files: dict[str, str]) -> None:
    from db.migrate import linear_revisions

    for name, source in files.items():
        (tmp_path / name).write_text(source)
    assert linear_revisions(tmp_path) is None


def test_unknown_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    fresh(path).dispose()
    raw = sqlite3.connect(path)
    raw.execute("update alembic_version set version_num='9999_future'")
    raw.commit()
    raw.close()
    with pytest.raises(NewerLedgerError, match="9999_future"):
        inspect_sqlite(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not a database", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
)
def test_foreign_or_corrupt_files_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "l.sqlite"
    path.write_bytes(content)
    with pytest.raises(LedgerFileError, match=message):
        upgrade(make_engine(resolve_url(str(path))))
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("create table customers(id integer)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(LedgerFileError, match="not a fundledger ledger"):
        upgrade(make_engine(resolve_url(str(path))))
    assert path.read_bytes() == before


@pytest.mark.postgres
def test_schema_migrates_on_postgresql(pg_url: str) -> None:
    led = Ledger(pg_url, Actor("alice", "finance"))
    state = upgrade(led.engine)
    assert state.is_current
    with led.engine.connect() as conn:
        mapped = {"include_object": lambda _o, name, kind, *_: name not in PG_ONLY_TABLES}
        context = MigrationContext.configure(conn, opts=mapped)
        assert compare_metadata(context, Base.metadata) == []
    with led.write() as s:
        org = insert(s, led.actor, Organisation(name="Blaby", kind="district"))
        update_row(s, led.actor, org, {"name": "Blaby District Council"})
    with led.read() as s:
        assert audit.verify_chain(s) == []
    led.dispose()

"""Shared fixtures: a fresh migrated SQLite ledger, and PostgreSQL when configured.

PostgreSQL tests use FUNDLEDGER_TEST_PG_URL (a server URL; each test session creates and drops
its own database).  Without it they skip with the reason; with CI=true they are required.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
#: the sample workbooks and their golden figures, in the repository (tests/data/README.md)
SAMPLES = REPO / "tests" / "data" / "samples"
#: the project's shared folder beside the repository (absent in a clone on its own)
SHARED = REPO.parent / "shared"


def shared_folder(name: str) -> Path:
    """``../shared/NAME`` beside the repository: skips the test with the reason when it is not
    there, and fails it when ``CI=true`` (CI always has it, so its tests must run)."""
    folder = SHARED / name
    if not folder.is_dir():
        why = f"{folder} is not there (a clone without the project's shared folder beside it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {why}: the tests that compare with it are required")
        pytest.skip(why)
    return folder


@pytest.fixture(autouse=True)
def _app_style_sheet_cleared() -> Iterator[None]:
    """Each test starts without the app's style sheet: a test that builds the app as the user
    gets it (ui.qt.app.make_app, a screenshot) leaves it set on the one QApplication, and the
    next test on that worker measured its widgets with the sheet's padding (a picker's size
    hint 223 px instead of 200). A test that wants the sheet sets it."""
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is not None and app.styleSheet():
        app.setStyleSheet("")


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Once a Qt test has installed the GUI thread's collector (ui/qt/collector.py: automatic
    collection off), collect what is due after every test, on this (the GUI) thread, so later
    tests without an event loop do not pile up garbage."""
    collector = sys.modules.get("ui.qt.collector")
    if collector is not None:
        collector.collect_due()


@pytest.fixture
def samples() -> Path:
    """The repository's sample workbooks (tests/data/samples, with expected.json)."""
    return SAMPLES


@pytest.fixture
def shared_samples() -> Path:
    """``../shared/samples``: skipped when absent, required when CI=true."""
    return shared_folder("samples")


@pytest.fixture
def shared_realdata() -> Path:
    """``../shared/realdata`` (published council CSVs): skipped when absent, required in CI."""
    return shared_folder("realdata")


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite"


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised SQLite ledger per test session (tests/ledgers.py); copy, never open."""
    from tests.ledgers import build_sqlite_template

    return build_sqlite_template(tmp_path_factory.mktemp("template") / "ledger.sqlite")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, ledger_template: Path) -> Path:
    """One demo ledger (``fundledger demo``) per test session; copy it with ``copy_sqlite``."""
    from tests.ledgers import build_sqlite_template

    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    return build_sqlite_template(path, demo=True, base=ledger_template)


@pytest.fixture
def ledger(ledger_path: Path, ledger_template: Path):  # type: ignore[no-untyped-def]
    """An initialised (reference data, no money) SQLite ledger of the test's own: a copy of the
    session's template, opened with ``init`` (which finds nothing to add)."""
    from tests.ledgers import copy_sqlite
    from ui.usecases.init import init_ledger

    led = init_ledger(str(copy_sqlite(ledger_template, ledger_path)))
    yield led
    led.dispose()


@pytest.fixture
def demo_ledger_path(tmp_path: Path, demo_template: Path) -> Path:
    """A demo ledger file of the test's own (a copy of the session's demo template)."""
    from tests.ledgers import copy_sqlite

    return copy_sqlite(demo_template, tmp_path / "demo.sqlite")


def _pg_server_url() -> str | None:
    return os.environ.get("FUNDLEDGER_TEST_PG_URL")


@pytest.fixture(scope="session")
def pg_server() -> str:
    url = _pg_server_url()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI=true but FUNDLEDGER_TEST_PG_URL is not set: PostgreSQL tests are required"
            )
        pytest.skip("no PostgreSQL server configured (set FUNDLEDGER_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    try:
        eng = create_engine(url)
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {url} is required in CI but unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {url} unreachable: {exc}")
    return url


@contextmanager
def temporary_pg_database(server: str, prefix: str, template: str | None = None) -> Iterator[str]:
    """Create a database on the server (a copy of ``template`` when given), yield its URL,
    then drop it and its group roles."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        copy = f' template "{template}"' if template else ""
        c.execute(text(f'create database "{name}"{copy}'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))
            # roles are cluster-wide: drop the database's group roles and test logins
            roles = c.execute(
                text("select rolname from pg_roles where starts_with(rolname, :p)"),
                {"p": f"{name}_"},
            ).scalars()
            for role in list(roles):
                c.execute(text(f'drop role if exists "{role}"'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    with temporary_pg_database(pg_server, "fl_test") as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """One migrated and seeded PostgreSQL database per session (no group roles), the template
    that :func:`pg_ledger_url` copies; dropped at the end."""
    from tests.ledgers import build_pg_template

    with temporary_pg_database(pg_server, "fl_tpl") as url:
        build_pg_template(url)
        yield url


@pytest.fixture
def pg_ledger_url(pg_server: str, pg_template: str) -> Iterator[str]:
    """A PostgreSQL database of the test's own, created from :func:`pg_template` (migrated and
    seeded; run ``init`` on it to add its group roles); dropped afterwards."""
    from sqlalchemy.engine import make_url

    template = make_url(pg_template).database
    with temporary_pg_database(pg_server, "fl_test", template=template) as url:
        yield url


@pytest.fixture(scope="module")
def pg_module_url(pg_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database shared by one test module; dropped afterwards."""
    with temporary_pg_database(pg_server, "fl_mod") as url:
        yield url

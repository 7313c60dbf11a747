"""Opening a ledger at the transactions page: what runs before the first rows, and what waits.

The first page is asked for once, with the scope the side panel settles on; the register's
count and sums come only after the first rows are in; who is connected and the daily backup
wait until the page's loads are done.  A damaged ledger is still refused before anything is
shown, locked, backed up or written.  (Order only: no timings.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.filelock import lock_path
from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterRow
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt import opening
from ui.qt.context import AppContext
from ui.qt.main_window import MainWindow
from ui.qt.models.register import RegisterModel


class _Job:
    cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class _HeldCtx:
    """A context that records each read and runs nothing until the test completes it."""

    ledger = object()
    error_handler = None

    def __init__(self) -> None:
        self.reads: list[tuple[str, Any]] = []

    def run_read(self, _fn: Any, on_done: Any, _on_error: Any = None, **kw: Any) -> _Job:
        self.reads.append((kw["title"], on_done))
        return _Job()


def test_totals_are_asked_for_only_once_the_first_rows_are_in(qtbot: Any) -> None:
    ctx = _HeldCtx()
    model = RegisterModel(ctx, TRANSACTIONS)  # type: ignore[arg-type]
    model.set_query(year=2025)
    assert [t for t, _ in ctx.reads] == ["Loading transactions…"]
    row = RegisterRow(1, tuple(None for _ in TRANSACTIONS.columns))
    with qtbot.waitSignal(model.loaded, timeout=1_000):
        ctx.reads[0][1](([row], []))
    assert model.rowCount() == 1 and model.totals is None
    assert [t for t, _ in ctx.reads] == ["Loading transactions…", "Counting…"]


def test_superseded_first_page_asks_for_no_totals(qtbot: Any) -> None:
    ctx = _HeldCtx()
    model = RegisterModel(ctx, TRANSACTIONS)  # type: ignore[arg-type]
    model.set_query(year=2025)
    model.set_query(year=None)
    ctx.reads[0][1](([], []))  # the 2025 page arrives late: dropped
    assert [t for t, _ in ctx.reads] == ["Loading transactions…", "Loading transactions…"]


def _record(ctx: AppContext) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    ctx.signals.job_started.connect(lambda job: events.append(("start", job.title)))
    ctx.signals.job_finished.connect(lambda job: events.append(("end", job.title)))
    return events


def test_first_page_once_then_totals_then_who_and_backup(
    qtbot: Any, ledger: Any, tmp_path: Path
) -> None:
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    ctx.settings.setValue("scope/year", "2025")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "transactions"
    win.side.select_page("transactions", silent=True)
    win.show()
    events = _record(ctx)
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    starts = [title for what, title in events if what == "start"]
    assert starts.count("Loading transactions…") == 1  # not once for all years, then 2025
    assert starts.count("Counting…") == 1
    page = win.pages["transactions"]
    assert page.year == 2025 and page.view.model.rowCount() == 3  # type: ignore[attr-defined]

    def at(what: str, title: str) -> int:
        return events.index((what, title))

    assert at("end", "Opening ledger…") < at("start", "Loading transactions…")
    assert at("end", "Loading transactions…") < at("start", "Counting…")
    for later in ("Who is connected…", "Daily backup…"):
        assert at("end", "Counting…") < at("start", later)
    assert win.user_label.text() == "fiona (finance officer)"
    assert len(list((tmp_path / "backups").glob("*.sqlite"))) == 1


def test_a_damaged_ledger_is_refused_before_anything_is_shown(
    qtbot: Any, ledger: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "damaged.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    before = bad.read_bytes()
    ctx = make_ctx(ledger, tmp_path)
    ctx.ledger = None
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "transactions"
    errors: list[tuple[str, BaseException]] = []
    win.show_error = lambda title, exc: errors.append((title, exc))  # type: ignore[method-assign]
    win.show()
    events = _record(ctx)
    opening.open_path(win, str(bad))
    for _ in range(3):
        assert ctx.wait_idle(10)
    assert [title for title, _exc in errors] == ["Open ledger"]
    assert "damaged" in str(errors[0][1])
    assert [title for what, title in events if what == "start"] == ["Opening damaged.sqlite…"]
    assert ctx.ledger is None and win.pages == {}
    assert win.stack.currentWidget() is win.welcome
    assert bad.read_bytes() == before
    assert not lock_path(bad).exists() and not (tmp_path / "backups").exists()


def test_warm_up_imports_the_database_layer_in_the_background() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from ui.qt import opening\n"
        "assert 'sqlalchemy' not in sys.modules\n"
        "opening.warm_up()\n"
        "assert opening._warm_up is not None and opening._warm_up.daemon\n"
        "opening._warmed()\n"
        "missing = [m for m in opening._WARM_MODULES if m not in sys.modules]\n"
        "print('missing', missing)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "missing []"


def test_garbage_collection_is_paused_only_while_opening(
    qtbot: Any, ledger: Any, tmp_path: Path
) -> None:
    from ui.qt import collector

    ctx = make_ctx(ledger, tmp_path)  # the GUI thread's collector runs from the first context
    assert collector.installed() and collector.collecting()
    with opening._gc_paused():
        with opening._gc_paused():
            assert not collector.collecting()
        assert not collector.collecting()  # the outer open is still running
    assert collector.collecting()
    try:
        with opening._gc_paused():
            raise ValueError("refused")
    except ValueError:
        pass
    assert collector.collecting()
    ctx.ledger = None
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    seen: list[bool] = []
    ctx.signals.ledger_opened.connect(lambda: seen.append(collector.collecting()))
    opening.open_path(win, ledger.display_name)
    for _ in range(3):
        assert ctx.wait_idle(10)
    assert seen == [True] and collector.collecting() and ctx.ledger is not None
    ctx.close()


def test_a_new_ledger_is_named_as_it_is_created(
    qtbot: Any, ledger: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """File → Create a new ledger… asks for the council's name (the default is another
    council's, on every export) and the new ledger carries it from the start."""
    target = tmp_path / "leeds.sqlite"
    ctx = make_ctx(ledger, tmp_path)
    ctx.ledger = None
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    monkeypatch.setattr(opening, "choose_file", lambda *a, **k: str(target))
    monkeypatch.setattr(
        "ui.qt.opening.QInputDialog.getText",
        lambda *a, **k: ("  Leeds City Council –  grants ", True),
    )
    opening.create_new(win)
    qtbot.waitUntil(lambda: ctx.ledger is not None, timeout=30_000)
    for _ in range(3):
        assert ctx.wait_idle(10)
    from db.queries.navigation import ledger_name

    assert ctx.ledger is not None
    with ctx.ledger.read() as s:
        assert ledger_name(s) == "Leeds City Council – grants"
    assert win.windowTitle().startswith("Leeds City Council – grants — ")

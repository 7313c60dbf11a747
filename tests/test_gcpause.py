"""The start-up pause of the garbage collector (ui.gcpause): only its own pause is resumed."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from ui import gcpause


def _gui_collects() -> bool:
    """The app's GUI-thread collector (ui.qt.collector) runs in this process (a Qt test ran)."""
    collector = sys.modules.get("ui.qt.collector")
    return collector is not None and bool(collector.installed())


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()  # off when the GUI-thread collector runs: given back after the test
    gc.enable()
    yield
    gcpause.resume()
    gcpause.freeze_on_resume = False
    if was:
        gc.enable()
    else:
        gc.disable()


def test_pause_then_resume_collects_again() -> None:
    gcpause.pause()
    assert not gc.isenabled()
    gcpause.resume()
    assert gc.isenabled() or _gui_collects()
    gcpause.resume()  # idempotent
    assert gc.isenabled() or _gui_collects()


def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    gc.disable()
    gcpause.pause()
    gcpause.resume()
    assert not gc.isenabled()


def test_main_called_inside_a_process_freezes_nothing() -> None:
    from ui.cli import main

    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["variance", "--help"])
    assert not gcpause.freeze_on_resume
    assert gc.get_freeze_count() == frozen


def test_a_command_leaves_the_collector_on(tmp_path: object) -> None:
    from ui.cli import main

    with pytest.raises(SystemExit):
        main(["variance", "--help"])
    assert gc.isenabled() or _gui_collects()


def test_a_process_that_is_the_command_freezes_what_is_alive_when_done() -> None:
    """``fundledger …`` as its own process: when the command is done, what is still alive is
    frozen, so the interpreter's collections on the way out walk nothing."""
    import subprocess
    from pathlib import Path

    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.get_freeze_count() > 0, gc.get_count()[2]))\n"
        "sys.argv = ['fundledger', '--help']\n"
        "from ui.cli import main\n"
        "main()\n"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "True 0"


def test_held_work_runs_without_the_collector_only_when_the_process_is_the_command() -> None:
    gcpause.freeze_on_resume = True
    with gcpause.held():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gcpause.held():
        raise RuntimeError("the import failed")
    assert gc.isenabled()  # back on however the work ends
    gcpause.freeze_on_resume = False
    with gcpause.held():
        assert gc.isenabled()  # inside a longer process (tests, the app): unchanged


def test_a_command_import_runs_the_import_without_the_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """``fundledger import`` as its own process: the rows it makes are not walked by the
    collector while they are read, planned and written."""
    from ui.cli import main
    from ui.usecases import imports

    seen: list[bool] = []

    def spy(*_args: object, **_kw: object) -> object:
        seen.append(gc.isenabled())
        raise KeyboardInterrupt  # stop here: the command says nothing was saved

    monkeypatch.setattr(imports, "import_file", spy)
    monkeypatch.setattr(gcpause, "freeze_on_resume", True)
    ledger = f"{tmp_path}/ledger.sqlite"
    assert main(["--db", ledger, "--user", "ann", "init", "--quiet"]) == 0
    code = main(["--db", ledger, "--user", "ann", "import", "transactions", "x.xlsx"])
    assert seen == [False] and code == 1
    assert gc.isenabled() or _gui_collects()


def test_a_command_reconcile_matches_and_reports_without_the_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """``fundledger reconcile`` as its own process: the items and matches it reads and makes
    are not walked by the collector while it matches, stores and reports."""
    from ui.cli import main
    from ui.usecases import reconcile

    seen: list[bool] = []

    def spy(*_args: object, **_kw: object) -> object:
        seen.append(gc.isenabled())
        raise KeyboardInterrupt  # stop here

    monkeypatch.setattr(reconcile, "reconcile", spy)
    monkeypatch.setattr(gcpause, "freeze_on_resume", True)
    ledger = f"{tmp_path}/ledger.sqlite"
    assert main(["--db", ledger, "--user", "ann", "init", "--quiet"]) == 0
    code = main(["--db", ledger, "--user", "ann", "reconcile", "--json"])
    assert seen == [False] and code == 1
    assert gc.isenabled() or _gui_collects()

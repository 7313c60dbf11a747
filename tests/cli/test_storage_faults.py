"""Faults outside import (issue 16): a read-only file or folder, a full disk, a lock file that
cannot be made, restore with relative paths, ``--db`` paths with URL characters.  Each says
what happened in one line, never a traceback, never calls a healthy ledger "damaged", and
leaves the ledger as it was.

Running as root, permission bits do not stop the process: the CLI then runs under
``setpriv`` without the capabilities that override them.  A full disk is a small tmpfs
(root only; skipped elsewhere); a full disk while making the lock file is also simulated in
process so it is tested everywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.engine import resolve_url, sqlite_path
from db.filelock import LedgerLock, LockUnavailable
from tests.cli.cli_helpers import in_process

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "samples" / "invoices-2025-26-p01-p06.xlsx"
_NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def fundledger(
    db: Path | str, *args: str, cwd: Path = ROOT, plain_user: bool = False
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), FUNDLEDGER_HOME=str(Path(cwd) / "home"))
    cmd = [sys.executable, "-m", "ui.cli", "--db", str(db), *args]
    if plain_user and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permission bits cannot be tested")
        cmd = _NO_OVERRIDE + cmd
    return subprocess.run(
        cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=180
    )  # fmt: skip


def _plain(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "damaged" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("name", ["a?b.sqlite", "c%20d.sqlite", "e#f.sqlite", "g%3Fh?.sqlite"])
def test_db_paths_are_never_parsed_as_urls(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / name
    assert sqlite_path(resolve_url(str(path))) == path
    proc = fundledger(path, "init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.glob("*.sqlite*")) == [name]
    # check reads the same path back: through ui.cli.main here (init above was the process)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path / "home"))
    assert in_process(path, "check").returncode == 0


def test_restore_with_relative_paths(tmp_path: Path, demo_ledger_path: Path) -> None:
    assert demo_ledger_path.parent == tmp_path
    done = fundledger("demo.sqlite", "backup", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    backup = next((tmp_path / "backups").glob("demo-*.sqlite"))
    proc = fundledger("demo.sqlite", "restore", f"backups/{backup.name}", cwd=tmp_path)
    _plain(proc)
    assert proc.returncode == 0 and proc.stdout.startswith("Restored"), proc.stderr
    proc = fundledger("../demo.sqlite", "restore", backup.name, cwd=tmp_path / "backups")
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def read_only_folder(tmp_path: Path, demo_ledger_path: Path) -> Iterator[Path]:
    folder = demo_ledger_path.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    yield demo_ledger_path
    folder.chmod(0o755)


def test_read_only_folder_reads_and_says_so_on_a_write(read_only_folder: Path) -> None:
    path = read_only_folder
    before = path.read_bytes()
    proc = fundledger(path, "check", cwd=path.parent, plain_user=True)
    _plain(proc)
    assert proc.returncode == 0 and "all checks passed" in proc.stdout
    proc = fundledger(path, "variance", "--year", "2025-26", "--json", cwd=path.parent, plain_user=True)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = fundledger(path, "import", "transactions", str(SAMPLE), cwd=path.parent, plain_user=True)
    _plain(proc)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"fundledger import: {path} cannot be changed: its folder {path.parent} is read-only "
        "(its lock file demo.sqlite.lock cannot be made); it can still be read, nothing was "
        "changed"
    )
    proc = fundledger(path, "backup", cwd=path.parent, plain_user=True)
    _plain(proc)
    assert proc.returncode == 1 and "read-only" in proc.stderr
    assert path.read_bytes() == before


def test_read_only_file_is_opened_read_only(tmp_path: Path, demo_ledger_path: Path) -> None:
    path = demo_ledger_path
    path.chmod(0o444)
    try:
        proc = fundledger(path, "check", cwd=tmp_path, plain_user=True)
        _plain(proc)
        assert proc.returncode == 0, proc.stderr
        proc = fundledger(
            path, "import", "transactions", str(SAMPLE), cwd=tmp_path, plain_user=True
        )
        _plain(proc)
        assert proc.returncode == 1
        assert proc.stderr.strip() == (
            f"fundledger import: {path} cannot be changed: the file is read-only; it was "
            "opened read-only and nothing was changed"
        )
    finally:
        path.chmod(0o644)
    assert fundledger(path, "check", cwd=tmp_path).returncode == 0


def test_lock_file_that_cannot_be_written_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full(path: str, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", full)
    ledger = tmp_path / "l.sqlite"
    with pytest.raises(LockUnavailable) as caught:
        LedgerLock(ledger, "fiona").acquire()
    assert str(caught.value) == (
        f"{ledger} cannot be changed: the disk is full (its lock file l.sqlite.lock cannot be "
        "made); it can still be read, nothing was changed"
    )
    assert not (tmp_path / "l.sqlite.lock").exists()


@pytest.fixture
def full_disk(tmp_path: Path, demo_ledger_path: Path) -> Iterator[Path]:
    """The demo ledger alone on a 3 MB tmpfs (room for it and one backup), the rest filled."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk is a tmpfs, which only root can mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        path = mount / "demo.sqlite"
        shutil.copy2(demo_ledger_path, path)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the disk but ``leave`` bytes (0: to the last byte)."""
    free = shutil.disk_usage(folder).free
    try:
        with (folder / "filler").open("ab", buffering=0) as fh:
            fh.write(b"\0" * max(free - leave, 0))
            while leave == 0:
                fh.write(b"\0" * 512)
    except OSError:
        pass


def test_full_disk(full_disk: Path) -> None:
    path, folder = full_disk, full_disk.parent
    before = path.read_bytes()
    _fill(folder, leave=100 * 1024)
    proc = fundledger(path, "import", "transactions", str(SAMPLE), cwd=folder)
    _plain(proc)
    assert proc.returncode == 1
    assert "the disk is full: nothing from this import was saved" in proc.stderr
    proc = fundledger(path, "backup", cwd=folder)
    _plain(proc)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"fundledger backup: could not copy {path} (the disk is full): no backup was made"
    )
    assert list((folder / "backups").glob("*")) == []
    (folder / "filler").unlink()
    assert fundledger(path, "backup", cwd=folder).returncode == 0
    backup = next((folder / "backups").glob("demo-*.sqlite"))
    _fill(folder, leave=100 * 1024)
    proc = fundledger(path, "restore", str(backup), cwd=folder)
    _plain(proc)
    assert proc.returncode == 1
    assert "the disk is full), so the restore was not started: the ledger is as it was" in (
        proc.stderr
    )
    assert len(list((folder / "backups").glob("*"))) == 1  # no half-made safety copy
    _fill(folder, leave=0)
    proc = fundledger(path, "import", "transactions", str(SAMPLE), cwd=folder)
    _plain(proc)
    assert proc.returncode == 1 and "the disk is full (its lock file" in proc.stderr
    (folder / "filler").unlink()
    assert path.read_bytes() == before
    assert fundledger(path, "check", cwd=folder).returncode == 0


def test_a_ledger_that_cannot_be_written_reads_and_refuses_writes(
    demo_ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, whatever the user: the engine opens read-only connections (``mode=ro``)
    when the file or folder cannot be written, reads work and a write says why."""
    from sqlalchemy import func, select

    import db.engine
    from db.ledger import Actor, Ledger
    from db.schema import Transaction
    from db.writes import StorageFault

    folder = demo_ledger_path.parent
    monkeypatch.setattr(
        db.engine, "read_only_reason", lambda _p: f"its folder {folder} is read-only"
    )
    led = Ledger(resolve_url(str(demo_ledger_path)), Actor("fiona", "finance"))
    try:
        assert led.read_only == f"its folder {folder} is read-only"
        with led.read() as s:
            assert s.scalar(select(func.count()).select_from(Transaction)) == 182
        with pytest.raises(StorageFault) as caught, led.write():
            pass
        assert str(caught.value) == (
            f"{demo_ledger_path} cannot be changed: its folder {folder} is read-only; it was "
            "opened read-only and nothing was changed"
        )
        with led.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
            conn.exec_driver_sql("delete from transactions")  # the connection refuses too
    finally:
        led.dispose()

"""The app's open: lock file held while open, a daily backup, and who is connected."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.filelock import lock_path
from ui.usecases.app_open import LedgerInUse, open_for_app
from ui.usecases.init import init_ledger


def test_open_locks_backs_up_once_a_day_and_says_who(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    init_ledger(str(db), "jo").dispose()
    first = open_for_app(str(db), "jo")
    try:
        assert first.who == f"jo (finance officer) on {db}"
        assert first.backup is not None and first.backup.path.parent == tmp_path / "backups"
        assert lock_path(db).exists()
    finally:
        first.close()
    assert not lock_path(db).exists()
    again = open_for_app(str(db), "jo")
    try:
        assert again.backup is None  # at most once a day
    finally:
        again.close()


def test_a_second_window_elsewhere_is_told_who_has_it(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    init_ledger(str(db)).dispose()
    lock_path(db).write_text(
        '{"user": "sam", "host": "FIN-PC-2", "pid": 4242, "since": "2026-11-23T09:00:00+00:00"}'
    )
    with pytest.raises(LedgerInUse, match="is open by sam on FIN-PC-2 \\(process 4242\\)"):
        open_for_app(str(db), "jo")

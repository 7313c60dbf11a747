"""The start-up pause of the garbage collector (ui.gcpause): only its own pause is resumed."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ui import gcpause


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    yield
    gcpause.resume()
    gcpause.freeze_on_resume = False
    gc.enable()


def test_pause_then_resume_collects_again() -> None:
    gcpause.pause()
    assert not gc.isenabled()
    gcpause.resume()
    assert gc.isenabled()
    gcpause.resume()  # idempotent
    assert gc.isenabled()


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
    assert gc.isenabled()

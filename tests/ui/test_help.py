"""The user guide opens rendered in a help window (F1, Help → User guide) at the section for the
current page; every page has a section; pictures are resolved and scaled."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImageReader, QTextDocument
from PySide6.QtWidgets import QMessageBox

from ui.qt import help as help_mod
from ui.qt.app import make_window
from ui.qt.help import IMAGE_WIDTH, HelpWindow, guide_path, open_help, section
from ui.qt.pages import page_names

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path / "home"))
    return tmp_path


@pytest.fixture(scope="module")
def guide_window(qapp: Any) -> Any:
    win = HelpWindow(guide_path())
    win.show()
    yield win
    win.close()


def top_heading(win: HelpWindow) -> str:
    """The text of the first block visible at the top of the help window."""
    cursor = win.browser.cursorForPosition(win.browser.viewport().rect().topLeft())
    return cursor.block().text().strip()


def test_every_page_has_a_section(guide_window: HelpWindow) -> None:
    headings = guide_window.headings()
    missing = [f"{p}: {section(p)}" for p in page_names() if section(p) not in headings]
    assert missing == []
    assert headings[:3] == ["fundledger — user guide", "Starting", "Finding your way"]


def test_a_source_checkout_reads_docs(guide_window: HelpWindow) -> None:
    assert guide_path() == REPO / "docs" / "user-guide.md"


def test_every_picture_is_found_and_wide_ones_are_scaled(guide_window: HelpWindow) -> None:
    doc = guide_window.browser.document()
    images: list[tuple[str, float]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                images.append((fmt.toImageFormat().name(), fmt.toImageFormat().width()))
            it += 1
        block = block.next()
    written = re.findall(r"!\[[^]]*\]\(([^)]+)\)", guide_path().read_text("utf-8"))
    assert [name for name, _w in images] == written
    assert len(written) >= 15
    for name, width in images:
        loaded = guide_window.browser.loadResource(
            QTextDocument.ResourceType.ImageResource, guide_window.browser.source().resolved(name)
        )
        assert loaded, f"{name} does not load"
        natural = QImageReader(str(guide_path().parent / name)).size().width()
        assert width == (IMAGE_WIDTH if natural > IMAGE_WIDTH else 0), (name, natural, width)


@pytest.mark.parametrize("page", ["transactions", "reconciliation", "settings", "overview"])
def test_the_window_opens_at_the_page_section(guide_window: HelpWindow, page: str) -> None:
    assert guide_window.show_page(page)
    assert top_heading(guide_window) == section(page)


def test_no_page_is_the_starting_section_and_unknown_is_the_top(guide_window: HelpWindow) -> None:
    assert guide_window.show_page(None)
    assert top_heading(guide_window) == "Starting"
    assert not guide_window.show_page("no-such-page")
    assert guide_window.browser.verticalScrollBar().value() == 0


def test_f1_in_the_main_window(settings_home: Path, qtbot: Any) -> None:
    win = make_window()
    qtbot.addWidget(win)
    win.show()
    win.current_page = "imports"
    win.actions_by_name["guide"].trigger()
    helpwin = win.findChild(HelpWindow)
    assert helpwin is not None and helpwin.isVisible()
    assert top_heading(helpwin) == "Imports"
    assert win.actions_by_name["guide"].shortcut().toString() == "F1"
    win.current_page = "audit"
    win.actions_by_name["guide"].trigger()
    assert win.findChildren(HelpWindow) == [helpwin]  # the same window, moved on
    assert top_heading(helpwin) == "Audit log"


def test_a_packaged_guide_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packaged = tmp_path / "ui" / "help" / "user-guide.md"
    packaged.parent.mkdir(parents=True)
    shutil.copy(REPO / "docs" / "user-guide.md", packaged)
    monkeypatch.setattr(help_mod, "guide_candidates", lambda: [packaged, REPO / "docs" / "x.md"])
    assert guide_path() == packaged


def test_a_missing_guide_is_said(
    settings_home: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(help_mod, "guide_candidates", lambda: [settings_home / "none.md"])
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    win = make_window()
    qtbot.addWidget(win)
    win.open_user_guide()
    assert said == [
        f"the user guide is not in this installation (looked at {settings_home / 'none.md'})"
    ]
    with pytest.raises(help_mod.GuideMissing):
        open_help(win, None)

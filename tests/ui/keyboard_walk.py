"""Walking a window's focus chain with Tab as a keyboard user does: what it reaches, where it
sticks (a keyboard trap), and which enabled controls it never reaches."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QWidget,
)

#: how many Tabs a chain may take before the walk calls it endless
LIMIT = 400


def name_of(w: QWidget | None) -> str:
    """A widget as a test failure names it: its class, accessible name, text or object name."""
    if w is None:
        return "nothing"
    text = ""
    if isinstance(w, QAbstractButton):
        text = w.text()
    elif isinstance(w, QLineEdit):
        text = w.accessibleName() or w.placeholderText()
    label = w.accessibleName() or text or w.objectName() or w.toolTip()[:40]
    return f"{type(w).__name__}({label.replace('&', '')!r})"


def takes_tab(w: QWidget) -> bool:
    """``w`` is a control Tab should reach: shown, enabled, taking Tab focus itself."""
    if not (w.isVisible() and w.isEnabled()):
        return False
    if w.focusProxy() is not None:  # its proxy stands for it
        return False
    if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
        return False
    if isinstance(w, QScrollBar | QTabBar):
        return False  # reached by their area / the page's keys (Ctrl+Tab)
    parent = w.parentWidget()
    while parent is not None:  # a view's cell editor, a combo's popup list
        if isinstance(parent, QAbstractItemView) and parent is not w:
            return False
        if isinstance(parent, QComboBox):
            return False
        parent = parent.parentWidget()
    return not (isinstance(w, QAbstractScrollArea) and not w.viewport().isVisible())


def controls(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` a keyboard user must be able to Tab to.  Of a group of
    exclusive radio buttons Tab reaches the checked one (arrows move within the group)."""
    found = [w for w in root.findChildren(QWidget) if takes_tab(w)]
    out: list[QWidget] = []
    for w in found:
        if isinstance(w, QRadioButton) and w.autoExclusive() and not w.isChecked():
            siblings = [
                s
                for s in found
                if isinstance(s, QRadioButton) and s.parentWidget() is w.parentWidget()
            ]
            if any(s.isChecked() for s in siblings):
                continue
        out.append(w)
    return out


@dataclass
class Walk:
    #: the widgets focused, in order, from the start until focus came back to it
    chain: list[QWidget] = field(default_factory=list)
    #: the widget Tab left focus on (a trap), if any
    stuck: QWidget | None = None


def walk(start: QWidget, backwards: bool = False) -> Walk:
    """Focus ``start`` and press Tab (Shift+Tab) until focus is back on it.  A Tab that leaves
    focus where it was is a trap; a chain longer than :data:`LIMIT` is reported stuck too."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    first = QApplication.focusWidget()
    assert first is not None, f"{name_of(start)} cannot take focus"
    out = Walk([first])
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    mods = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(LIMIT):
        here = QApplication.focusWidget()
        assert here is not None
        QTest.keyClick(here, key, mods)
        now = QApplication.focusWidget()
        if now is None or now is here:
            out.stuck = here
            return out
        if now is first:
            return out
        out.chain.append(now)
    out.stuck = out.chain[-1]
    return out


def missed(root: QWidget, chain: list[QWidget]) -> list[str]:
    """The controls under ``root`` the chain never reached, named."""
    seen = set(map(id, chain))
    return [name_of(w) for w in controls(root) if id(w) not in seen]

"""Standard icons by name, set just after the window's first paint.

Loading ``QStyle.StandardPixmap`` costs tens of milliseconds in PySide6, so the shell asks for
icons by name (:func:`defer`) and :func:`apply_pending` sets them once the window is up; after
that, :func:`defer` sets an icon at once.
"""

from __future__ import annotations

from typing import Any

_pending: list[tuple[Any, str]] = []
_applied = False


def standard_icon(name: str) -> Any:
    """The style's standard icon called ``name`` (``SP_FileIcon``…)."""
    from PySide6.QtWidgets import QApplication, QStyle

    style = QApplication.style()
    return style.standardIcon(
        getattr(QStyle.StandardPixmap, name, QStyle.StandardPixmap.SP_FileIcon)
    )


def defer(target: Any, name: str) -> None:
    """Give ``target`` (an action, button or list item) the icon ``name`` when the window is up."""
    if _applied:
        target.setIcon(standard_icon(name))
    else:
        _pending.append((target, name))


def apply_pending() -> None:
    """Set every deferred icon (called after the first paint, and before a screenshot)."""
    global _applied
    _applied = True
    while _pending:
        target, name = _pending.pop(0)
        try:
            target.setIcon(standard_icon(name))
        except RuntimeError:  # the widget has gone
            continue

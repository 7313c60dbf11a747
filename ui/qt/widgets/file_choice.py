"""File choosers that start in the last folder used for that kind of file.

Each kind (``export``, ``import``, ``return``, ``statement``, ``ledger``…) remembers its own
folder in QSettings (``folders/<kind>``), so exporting a view does not send the user to the
folder of the last import.  With nothing remembered (or the folder gone) the chooser starts in
the user's Documents folder, else their home.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

__all__ = ["choose_open", "choose_save", "last_folder", "remember_folder"]


def _key(kind: str) -> str:
    return f"folders/{kind}"


def last_folder(settings: QSettings, kind: str) -> Path:
    """The folder last used for ``kind`` if it still exists, else Documents (or home)."""
    saved = settings.value(_key(kind))
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(settings: QSettings, kind: str, chosen: str | Path) -> None:
    """Remember the folder of ``chosen`` (a file) for the next chooser of ``kind``."""
    settings.setValue(_key(kind), str(Path(chosen).parent))


def choose_save(
    parent: QWidget | None,
    settings: QSettings,
    kind: str,
    caption: str,
    name: str,
    filters: str,
) -> str:
    """A save-as chooser at the last folder of ``kind`` with ``name`` proposed; "" if cancelled."""
    start = str(last_folder(settings, kind) / Path(name).name)
    path, _f = QFileDialog.getSaveFileName(parent, caption, start, filters)
    if path:
        remember_folder(settings, kind, path)
    return path


def choose_open(
    parent: QWidget | None, settings: QSettings, kind: str, caption: str, filters: str
) -> str:
    """An open chooser at the last folder of ``kind``; "" if cancelled."""
    path, _f = QFileDialog.getOpenFileName(
        parent, caption, str(last_folder(settings, kind)), filters
    )
    if path:
        remember_folder(settings, kind, path)
    return path

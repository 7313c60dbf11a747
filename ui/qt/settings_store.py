"""Where the desktop app keeps its settings (scopes, column sorts, recent ledgers, window state).

With ``FUNDLEDGER_HOME`` set, in ``$FUNDLEDGER_HOME/settings.ini`` beside that folder's ledger
and backups, so two data folders never share scopes, sorts or recent lists; otherwise in the
platform's place for ``fundledger`` (Linux ``~/.config/fundledger/fundledger.conf``, the Windows
registry, macOS preferences), as before.  Every QSettings the app makes comes from here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORG, APP = "fundledger", "fundledger"
SETTINGS_FILE = "settings.ini"


def settings_file() -> Path | None:
    """The INI file the settings live in when ``FUNDLEDGER_HOME`` is set; None otherwise."""
    home = os.environ.get("FUNDLEDGER_HOME")
    return Path(home).expanduser() / SETTINGS_FILE if home else None


def open_settings(file: Path | None = None) -> QSettings:
    """The app's settings: an INI ``file`` when given (a throw-away one for a screenshot), else
    ``$FUNDLEDGER_HOME/settings.ini`` when that is set, else the platform's settings."""
    path = file if file is not None else settings_file()
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


def describe_settings(settings: QSettings) -> str:
    """Where ``settings`` are kept, for a person: a file path or the platform's location."""
    return settings.fileName()

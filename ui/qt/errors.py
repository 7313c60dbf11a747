"""Showing a refused action or an unexpected error to the user."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def error_text(exc: BaseException) -> tuple[str, bool]:
    """The message for the user, and whether it was expected (a refusal, bad input)."""
    try:
        from ui.usecases.errors import REFUSALS
    except ImportError:  # pragma: no cover
        return str(exc), False
    if isinstance(exc, (*REFUSALS, ValueError, PermissionError)):
        return str(exc), True
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "), True
    return f"{type(exc).__name__}: {exc}", False


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    text, expected = error_text(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical)
    box.setWindowTitle(title.rstrip("…") or "fundledger")
    box.setText(text if expected else "Something went wrong; nothing half-done was saved.")
    if not expected:
        box.setInformativeText(text)
        details = getattr(exc, "__traceback_text__", None)
        if details:
            box.setDetailedText(details)
    box.exec()

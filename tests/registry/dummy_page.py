"""A dummy page ("Meters") built only from the page base and the registry, to show that adding
a page is its own module plus one registration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ui.qt.pages.base import Page
from ui.qt.pages.registry import PageDef, Shot, register, unregister
from ui.usecases.topics import topics


class MetersPage(Page):
    """Says how many times it has loaded (a page needs no more to be offered)."""

    name = "meters"
    title = "Meters"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.loads = 0
        self.label = QLabel("Meters")
        QVBoxLayout(self).addWidget(self.label)

    def refresh(self) -> None:
        self.loads += 1
        self.label.setText(f"Meters, loaded {self.loads} time(s)")


#: the one registration
PAGE = PageDef("meters", "Meters", __name__, "MetersPage", icon="SP_DriveHDIcon",
               shows=topics("reference"), shot=Shot("", "all"))  # fmt: skip


def registered() -> Iterator[PageDef]:
    """Register the dummy page for the length of a test."""
    register(PAGE)
    try:
        yield PAGE
    finally:
        unregister(PAGE.name)

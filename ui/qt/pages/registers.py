"""Shared layout of the register pages: a title, a row of buttons, one or more registers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStyle, QVBoxLayout, QWidget

from fundledger.years import year_label

from ..widgets.elided import ElidedLabel
from ..widgets.register_view import RegisterView
from .base import Page

if TYPE_CHECKING:
    from ui.usecases.registers import Register

    from ..context import AppContext


def button(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    tip: str,
    icon: QStyle.StandardPixmap | None = None,
) -> QPushButton:
    b = QPushButton(text)
    if icon is not None:
        b.setIcon(parent.style().standardIcon(icon))
    b.setToolTip(tip)
    b.setAccessibleName(text.replace("&", "").rstrip("…"))
    b.clicked.connect(lambda _c=False: slot())
    return b


def row_action(parent: QWidget, text: str, slot: Callable[[], object], tip: str) -> QAction:
    act = QAction(text, parent)
    act.setToolTip(tip)
    act.triggered.connect(lambda _c=False: slot())
    return act


class RegisterPage(Page):
    """A page whose main content is one register (subclasses add buttons and dialogs)."""

    register_title = ""
    can_search = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.heading)
        self.buttons.addStretch(1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 6, 8, 4)
        self.layout_.addLayout(self.buttons)

    def add_register(self, register: Register, title: str) -> RegisterView:
        view = RegisterView(self.ctx, register, title, self)
        view.status_changed.connect(self._view_status)
        return view

    def _view_status(self, text: str) -> None:
        self.status_changed.emit(text)

    def scope_text(self) -> str:
        stream = self.stream_code or "All streams"
        year = year_label(self.year) if self.year is not None else "all years"
        return f"{self.title} — {stream}, {year}"

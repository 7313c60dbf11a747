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

    def select_saved(
        self, view: RegisterView, row_id: int, before_show: Callable[[], object] | None = None
    ) -> None:
        """Select the row just saved once ``view`` has reloaded; when its search or a filter
        hides the row, the status message says so and offers "Show it" (clear them, select
        it; ``before_show`` first, e.g. to leave a page's own view such as Uncoded)."""
        said = self.ctx.last_notice

        def settle() -> None:
            if view.select_id(row_id) or not view.narrowed:
                return
            text = said.text if said is not None else f"Saved #{row_id}"

            def show() -> None:
                if before_show is not None:
                    before_show()
                self.reveal(view, row_id)

            self.ctx.announce(
                f"{text} — not shown: hidden by the register's search or filter", show
            )

        def reselect() -> None:
            view.model.loaded.disconnect(reselect)
            settle()

        if view.model.loading or not self.isVisible():
            view.model.loaded.connect(reselect)  # the reload the save started
        else:
            settle()  # it came in already

    def reveal(self, view: RegisterView, row_id: int) -> None:
        """Clear ``view``'s search and filters, then select ``row_id`` (focus on the table)."""

        def pick() -> None:
            view.model.loaded.disconnect(pick)
            view.select_id(row_id)
            view.table.setFocus()

        view.model.loaded.connect(pick)
        view.show_everything()

    def _view_status(self, text: str) -> None:
        self.status_changed.emit(text)

    def scope_text(self) -> str:
        stream = self.stream_code or "All streams"
        year = year_label(self.year) if self.year is not None else "all years"
        return f"{self.title} — {stream}, {year}"

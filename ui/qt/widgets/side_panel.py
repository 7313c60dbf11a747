"""The main window's side panel: pages, streams and the financial year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from fundledger.years import year_label

from .. import pages as registry
from ..icons import defer

if TYPE_CHECKING:
    from ui.usecases.navigation import StreamItem


ALL = "__all__"
#: ``#sidePanel QListWidget::item { padding: 4px 6px }`` (ui/style.qss): the width a stream's
#: name is wrapped at is the row's less this and the style's text margins
_ITEM_PAD_X, _ITEM_PAD_Y = 6, 4


class _WrappedRows(QStyledItemDelegate):
    """Rows tall enough for their wrapped text.  Qt measures a wrapped item without the style
    sheet's horizontal padding, so a name that just fits the row ("HWY — Highways &
    Transportation") was given one line, then drawn in the padded width and cut ("Highways &
    …")."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        style = self.view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        width = self.view.viewport().width() - 2 * (_ITEM_PAD_X + margin)
        text = str(index.data() or "")
        if width <= 0 or not text:
            return hint
        box = QRect(0, 0, width, 1_000_000)
        needed = option.fontMetrics.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
        return QSize(hint.width(), max(hint.height(), needed + 2 * _ITEM_PAD_Y))


class SidePanel(QWidget):
    """Lists the pages and streams, and picks the year; emits when either changes."""

    page_selected = Signal(str)
    scope_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.pages = QListWidget()
        self.pages.setObjectName("pageList")
        self.pages.setAccessibleName("Pages")
        for p in registry.PAGES:
            item = QListWidgetItem(p.title)
            defer(item, p.icon)
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            item.setToolTip(f"Show the {p.title.lower()} page")
            self.pages.addItem(item)
        self.streams = QListWidget()
        self.streams.setObjectName("streamList")
        self.streams.setAccessibleName("Streams")
        self.streams.setToolTip("Show one funding stream, or all of them")
        self.year = QComboBox()
        self.year.setObjectName("yearCombo")
        self.year.setAccessibleName("Financial year")
        self.year.setToolTip("Financial year (1 April – 31 March)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.pages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.streams.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # long stream names wrap onto a second line rather than being cut off
        self.streams.setWordWrap(True)
        self.streams.setResizeMode(QListView.ResizeMode.Adjust)
        self.streams.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.streams.setItemDelegate(_WrappedRows(self.streams))
        for text, widget, stretch in (
            ("Pages", self.pages, 0),
            ("Year", self.year, 0),
            ("Stream", self.streams, 1),
        ):
            label = QLabel(text)
            label.setObjectName("sideHeading")
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget, stretch)
        self.pages.currentItemChanged.connect(self._page_changed)
        self.streams.currentItemChanged.connect(self._scope_changed)
        self.year.currentIndexChanged.connect(self._scope_changed)
        self.set_streams((), None)
        self.set_years((), None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_pages()

    def fit_pages(self) -> None:
        """Make the page list exactly as tall as its items (no scrolling), icons or not."""
        icon = self.pages.iconSize().height() + 10
        rows = sum(max(self.pages.sizeHintForRow(i), icon) for i in range(self.pages.count()))
        self.pages.setFixedHeight(rows + 2 * self.pages.frameWidth() + 2)
        # and wide enough that no page name is cut, however wide the page beside it wants to be
        layout = self.layout()
        m = layout.contentsMargins() if layout is not None else None
        widest = self.pages.sizeHintForColumn(0) + 2 * self.pages.frameWidth() + 24
        self.setMinimumWidth(widest + (m.left() + m.right() if m is not None else 0))

    # ------------------------------------------------------------------ content
    def set_streams(self, streams: tuple[StreamItem, ...], current: str | None) -> None:
        self.streams.blockSignals(True)
        self.streams.clear()
        everything = QListWidgetItem("All streams")
        everything.setData(Qt.ItemDataRole.UserRole, None)
        self.streams.addItem(everything)
        # the streams in use first; retired ones (their history stays readable) after, marked
        for s in sorted(streams, key=lambda s: s.status == "retired"):
            retired = s.status == "retired"
            item = QListWidgetItem(f"{s.code} — {s.name}" + (" (retired)" if retired else ""))
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            item.setToolTip(f"{s.name} ({s.kind}, {s.status})")
            if retired:
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.streams.addItem(item)
        row = next(
            (
                i
                for i in range(self.streams.count())
                if self.streams.item(i).data(Qt.ItemDataRole.UserRole) == current
            ),
            0,
        )
        self.streams.setCurrentRow(row)
        self.streams.blockSignals(False)

    def set_years(self, years: tuple[int, ...], current: int | None) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("All years", None)
        for y in sorted(years, reverse=True):
            self.year.addItem(year_label(y), y)
        index = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)

    def choose_scope(self, stream: str | None, year: int | None) -> None:
        """Show ``stream`` and ``year`` (All years when the year has no entry), one change."""
        self.streams.blockSignals(True)
        self.year.blockSignals(True)
        for i in range(self.streams.count()):
            if self.streams.item(i).data(Qt.ItemDataRole.UserRole) == stream:
                self.streams.setCurrentRow(i)
        self.year.setCurrentIndex(max(self.year.findData(year) if year is not None else 0, 0))
        self.streams.blockSignals(False)
        self.year.blockSignals(False)
        self._scope_changed()

    def select_page(self, name: str, *, silent: bool = False) -> None:
        for i in range(self.pages.count()):
            if self.pages.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.pages.blockSignals(silent)
                self.pages.setCurrentRow(i)
                self.pages.blockSignals(False)
                return

    # ------------------------------------------------------------------ state
    @property
    def stream_code(self) -> str | None:
        item = self.streams.currentItem()
        code = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return code if isinstance(code, str) else None

    @property
    def year_value(self) -> int | None:
        value = self.year.currentData()
        return None if value is None else int(value)

    def _page_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is not None:
            self.page_selected.emit(current.data(Qt.ItemDataRole.UserRole))

    def _scope_changed(self, *_args: object) -> None:
        self.scope_changed.emit(self.stream_code, self.year_value)

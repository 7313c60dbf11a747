"""Header sort arrows that point the way the data runs: ▲ ascending, ▼ descending.

Qt hands the style ``SortDown`` for an ascending sort and ``SortUp`` for a descending one; the
native Windows styles translate that, but Fusion (and the plain "windows" style) draw it as it
comes, so "newest first" would show an up-arrow.  :class:`SortArrowStyle` swaps the two for
those styles only; :func:`install` puts it on the application.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

#: base styles that draw ``SortUp`` as an up-arrow (the opposite of the usual convention)
LITERAL_STYLES = frozenset({"fusion", "windows"})

_SWAP = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class SortArrowStyle(QProxyStyle):
    """A proxy of a literal style whose header sort arrows follow the data order."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            swapped = QStyleOptionHeader(option)
            swapped.sortIndicator = _SWAP.get(option.sortIndicator, option.sortIndicator)
            option = swapped
        super().drawPrimitive(element, option, painter, widget)


def install(app: QApplication) -> None:
    """Wrap the application's style in :class:`SortArrowStyle` where it draws arrows literally
    (call before setting the style sheet)."""
    style = app.style()
    if isinstance(style, SortArrowStyle):
        return
    name = style.name().lower()
    if name in LITERAL_STYLES:
        app.setStyle(SortArrowStyle(name))

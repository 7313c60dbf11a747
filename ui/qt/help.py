"""The user guide in its own window (F1, Help → User guide), rendered, at the current page's
section.

The guide's one source is ``docs/user-guide.md`` with its pictures in ``docs/img/``.  A wheel or
the bundled app carries them as ``ui/help/`` (``setup.py`` copies them in at build time; the
PyInstaller spec does the same), so an installed copy finds them there; a source checkout (or an
editable install) reads ``docs/`` directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImageReader, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

GUIDE = "user-guide.md"
#: the section shown with no page (the welcome panel)
STARTING = "Starting"
#: pictures wider than this are shown scaled down (screenshots are 1400 px wide)
IMAGE_WIDTH = 820


def section(page: str) -> str | None:
    """The guide's heading for ``page`` (its registry record's; a test checks each has one)."""
    from .pages import page_def
    from .pages.registry import PageRegistryError

    try:
        return page_def(page).guide_heading
    except PageRegistryError:
        return None


class GuideMissing(FileNotFoundError):
    """Neither the packaged guide nor the source tree's docs/ could be found."""


def guide_candidates() -> list[Path]:
    """Where the guide may be: packaged beside the ``ui`` package, then the source tree."""
    ui = Path(__file__).resolve().parent.parent
    return [ui / "help" / GUIDE, ui.parent / "docs" / GUIDE]


def guide_path() -> Path:
    """The user guide this copy of the app ships with."""
    for path in guide_candidates():
        if path.is_file():
            return path
    where = ", ".join(str(p) for p in guide_candidates())
    raise GuideMissing(f"the user guide is not in this installation (looked at {where})")


class HelpWindow(QWidget):
    """The rendered guide in a window of its own; :meth:`show_page` scrolls to a page's section."""

    def __init__(self, guide: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.guide = guide
        self.setWindowTitle("fundledger — user guide")
        self.setObjectName("helpWindow")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.setSource(
            QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource
        )
        self._fit_images(IMAGE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        for keys in (QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Esc")):
            QShortcut(keys, self, self.close)
        self.resize(960, 760)

    def headings(self) -> list[str]:
        """The guide's headings, in order."""
        out = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                out.append(block.text().strip())
            block = block.next()
        return out

    def show_page(self, page: str | None) -> bool:
        """Scroll so that ``page``'s section (no page: *Starting*) is at the top; False (the
        top of the guide) for a page the guide has no section for."""
        heading = section(page) if page else STARTING
        block = self.browser.document().begin()
        while heading and block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.text().strip() == heading:
                self.browser.setTextCursor(QTextCursor(block))
                layout = self.browser.document().documentLayout()
                top = int(layout.blockBoundingRect(block).top())
                self.browser.verticalScrollBar().setValue(top)
                return True
            block = block.next()
        self.browser.verticalScrollBar().setValue(0)
        return False

    def _fit_images(self, width: int) -> None:
        """Show wide screenshots at ``width`` pixels (keeping their shape), not full size."""
        doc = self.browser.document()
        cursor = QTextCursor(doc)
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if frag.isValid() and fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    size = QImageReader(str(self.guide.parent / image.name())).size()
                    if size.isValid() and size.width() > width:
                        image.setWidth(width)
                        image.setHeight(size.height() * width / size.width())
                        cursor.setPosition(frag.position())
                        cursor.setPosition(
                            frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(image)
                it += 1
            block = block.next()


def open_help(parent: QWidget, page: str | None) -> HelpWindow:
    """Show the guide window (one per main window, reused) at ``page``'s section."""
    window = parent.findChild(HelpWindow)
    if window is None:
        window = HelpWindow(guide_path(), parent)
    window.show()
    window.raise_()
    window.activateWindow()
    window.show_page(page)
    return window

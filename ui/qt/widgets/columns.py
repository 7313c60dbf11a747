"""Hiding and showing a table's columns from its header.

A right-click on a table's header lists every column (in the order shown) as a checkable item,
then "Show all columns".  The last column shown cannot be hidden.

- :func:`add_column_actions` adds those items to a header menu built elsewhere (a register's,
  which also filters; the register remembers hidden columns in its saved header state, beside
  widths, order and sort).
- :class:`ColumnChooser` owns a table's header menu and remembers the user's choices in QSettings
  by column title (``tables/<name>/hidden`` and ``tables/<name>/shown``), over the defaults its
  page sets (:meth:`ColumnChooser.set_default_hidden`: e.g. the contracts register's detail-pane
  columns, or the Stream column while one stream is in scope).  A column the user hid or showed
  stays so; the others follow the page.  "Default columns" forgets the user's choices.

The settings come from the ``settings`` argument or else the ``ctx`` (an
:class:`~ui.qt.context.AppContext`) of the first parent that has one; with neither, or a table
with no name, choices last until the table closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

SHOW_ALL = "Show all columns"
DEFAULTS = "Default columns"
LAST_COLUMN = "The last column shown cannot be hidden"


def column_title(header: QHeaderView, logical: int) -> str:
    """The column's header text (``Column 3`` when it has none)."""
    model = header.model()
    text = (
        model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if model is not None
        else None
    )
    return str(text) if text not in (None, "") else f"Column {logical + 1}"


def add_column_actions(
    menu: QMenu,
    header: QHeaderView,
    set_shown: Callable[[int, bool], None],
    show_all: Callable[[], None],
) -> list[QAction]:
    """Append one checkable item per column (visual order) and "Show all columns" to ``menu``;
    toggling an item calls ``set_shown(logical_index, shown)``.  Returns the column items."""
    count = header.count()
    shown = count - header.hiddenSectionCount()
    actions = []
    for visual in range(count):
        logical = header.logicalIndex(visual)
        act = menu.addAction(column_title(header, logical))
        act.setCheckable(True)
        visible = not header.isSectionHidden(logical)
        act.setChecked(visible)
        if visible and shown <= 1:
            act.setEnabled(False)
            act.setToolTip(LAST_COLUMN)
        act.toggled.connect(lambda on, i=logical: set_shown(i, on))
        actions.append(act)
    menu.addSeparator()
    every = menu.addAction(SHOW_ALL)
    every.triggered.connect(lambda _c=False: show_all())
    every.setEnabled(header.hiddenSectionCount() > 0)
    menu.setToolTipsVisible(True)
    return actions


def _string_list(value: object) -> list[str]:
    """A QSettings list (a bare string for one item, nothing for none)."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def find_settings(widget: QObject | None) -> QSettings | None:
    """The settings of the app context of ``widget`` or its first parent that has one."""
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        settings = getattr(ctx, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        widget = widget.parent()
    return None


class ColumnChooser(QObject):
    """The header menu of ``view`` that hides and shows its columns, remembered per ``name``
    (default: the view's object name, else its accessible name)."""

    #: a column was hidden or shown from the menu (e.g. to fit the widths again)
    changed = Signal()

    def __init__(
        self, view: QTableView, name: str | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__(view)
        self.view = view
        self._name = name
        self._settings = settings
        self.defaults: dict[int, bool] = {}
        self.hidden: set[str] = set()
        self.shown: set[str] = set()
        self._loaded = False
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu_at)
        view.installEventFilter(self)
        self._load()

    # ------------------------------------------------------------------ settings
    @property
    def header(self) -> QHeaderView:
        return self.view.horizontalHeader()

    def key(self) -> str | None:
        name = self._name or self.view.objectName() or self.view.accessibleName()
        return f"tables/{name.replace(' ', '_').lower()}" if name else None

    def settings(self) -> QSettings | None:
        return self._settings or find_settings(self.view)

    def _load(self) -> None:
        """Read the saved choices once the table has a model, a name and settings."""
        if self._loaded or self.view.model() is None:
            return
        key, settings = self.key(), self.settings()
        if key is None or settings is None:
            return
        self._loaded = True
        self.hidden |= set(_string_list(settings.value(f"{key}/hidden")))
        self.shown |= set(_string_list(settings.value(f"{key}/shown")))
        self.shown -= self.hidden
        self._remember_defaults(self.hidden | self.shown)
        self.apply()

    def _save(self) -> None:
        key, settings = self.key(), self.settings()
        if key is None or settings is None:
            return
        settings.setValue(f"{key}/hidden", sorted(self.hidden))
        settings.setValue(f"{key}/shown", sorted(self.shown))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._loaded and watched is self.view and event.type() == QEvent.Type.Show:
            self._load()
        return False

    # ------------------------------------------------------------------ state
    def _remember_defaults(self, titles: set[str] | None = None) -> None:
        """Note how columns (those titled, or all) are before a user's choice touches them,
        so :meth:`reset` can put them back."""
        for column in range(self.header.count()):
            if titles is None or column_title(self.header, column) in titles:
                self.defaults.setdefault(column, self.view.isColumnHidden(column))

    def wanted_hidden(self, column: int) -> bool | None:
        """Hidden by the user's choice, else by the page's default; None: no one said."""
        title = column_title(self.header, column)
        if title in self.hidden:
            return True
        if title in self.shown:
            return False
        return self.defaults.get(column)

    def apply(self) -> None:
        """Hide or show every column someone has an opinion about (never all of them)."""
        count = self.header.count()
        for column in range(count):
            hide = self.wanted_hidden(column)
            if hide is not None and hide != self.view.isColumnHidden(column):
                self.view.setColumnHidden(column, hide)
        if count and self.header.hiddenSectionCount() == count:
            self.view.setColumnHidden(self.header.logicalIndex(0), False)

    def set_default_hidden(self, column: int, hidden: bool) -> None:
        """The page's default for ``column`` (a user's choice outranks it)."""
        self._load()
        self.defaults[column] = hidden
        self.apply()

    def set_shown(self, column: int, shown: bool) -> None:
        """The user hides or shows ``column`` (remembered)."""
        self._load()
        title = column_title(self.header, column)
        self._remember_defaults({title})
        (self.shown if shown else self.hidden).add(title)
        (self.hidden if shown else self.shown).discard(title)
        self._save()
        self.apply()
        self.changed.emit()

    def show_all(self) -> None:
        """The user shows every column (remembered, so the page's defaults no longer hide)."""
        self._load()
        self._remember_defaults()
        self.hidden.clear()
        self.shown = {column_title(self.header, c) for c in range(self.header.count())}
        self._save()
        self.apply()
        self.changed.emit()

    def reset(self) -> None:
        """Forget the user's choices: the page's defaults again."""
        self._load()
        self.hidden.clear()
        self.shown.clear()
        self._save()
        self.apply()
        self.changed.emit()

    # ------------------------------------------------------------------ menu
    def menu(self, parent: QWidget | None = None) -> QMenu:
        """The header menu: the columns, "Show all columns", "Default columns"."""
        self._load()
        menu = QMenu(parent or self.view)
        add_column_actions(menu, self.header, self.set_shown, self.show_all)
        reset = menu.addAction(DEFAULTS)
        reset.setToolTip("Forget which columns you hid or showed in this table")
        reset.triggered.connect(lambda _c=False: self.reset())
        reset.setEnabled(bool(self.hidden or self.shown))
        return menu

    def _menu_at(self, pos: QPoint) -> None:
        self.menu().exec(self.header.mapToGlobal(pos))

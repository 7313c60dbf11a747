"""The page API every main-window page implements.

A page is a ``QWidget`` with class attributes ``name`` (the registry key, e.g. ``"overview"``)
and ``title``; it is built with ``Page(ctx, parent)`` and told its scope with
``set_scope(stream_code, year)`` (``None`` = all streams / all years).  ``refresh()`` reloads its
data — through ``self.load(fn, on_done)``, which runs ``fn(ledger)`` off the GUI thread and drops
results that arrive after a newer load.  A page hidden when the ledger changes refreshes the
next time it is shown.

Optional hooks the main window calls for the standard shortcuts: ``new_record()`` (Ctrl+N, when
``can_create`` is true), ``export_view()`` (Ctrl+E, when ``can_export``), ``focus_search()``
(Ctrl+F).  ``status_text()`` is shown in the status bar (e.g. "1,234 rows · £12,345.00").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ui.usecases.topics import EVERYTHING, Topic, touches

if TYPE_CHECKING:
    from ..context import AppContext, Job


class Page(QWidget):
    """Base class of the main window's pages."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    #: tooltip / description in the navigation list
    description: ClassVar[str] = ""
    can_create: ClassVar[bool] = False
    can_export: ClassVar[bool] = False
    #: has a search box for Ctrl+F (``focus_search``); Find is greyed out elsewhere
    can_search: ClassVar[bool] = False

    #: the text for the status bar changed
    status_changed = Signal(str)
    #: ask the window to show this stream and year (``Show it`` for a row saved outside them)
    scope_wanted = Signal(object, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stream_code: str | None = None
        self.year: int | None = None
        self._dirty = True
        self._generation = 0
        self._loaded_once = False
        self.setObjectName(f"page_{self.name}")
        self.setAccessibleName(self.title or self.name)
        ctx.signals.ledger_changed.connect(self._on_ledger_changed)
        ctx.signals.ledger_opened.connect(self._on_ledger_opened)
        ctx.signals.job_finished.connect(self._maybe_uncover)
        from ..widgets.loading_cover import LoadingCover

        #: "Loading <ledger>…" over the page, its actions disabled, until its data is in
        self.cover = LoadingCover(self)
        self.covered = False
        #: this ledger's data has been shown (else the page is covered when it is shown)
        self.has_data = False
        self._cover_models: set[int] = set()

    # ------------------------------------------------------------------ API
    def refresh(self) -> None:
        """Reload the page's data for the current scope (override)."""

    def set_scope(self, stream_code: str | None, year: int | None) -> None:
        """Show one stream (or all, ``None``) and one financial year (start year, or all)."""
        changed = (stream_code, year) != (self.stream_code, self.year)
        self.stream_code, self.year = stream_code, year
        if changed or self._dirty:
            self._refresh_now_or_later()

    def new_record(self) -> None:
        """Ctrl+N on this page (override when ``can_create``)."""

    def export_view(self) -> None:
        """Ctrl+E on this page (override when ``can_export``)."""

    def focus_search(self) -> None:
        """Ctrl+F on this page (override where there is a search box)."""

    def status_text(self) -> str:
        return ""

    # ------------------------------------------------------------------ helpers
    def load(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Job | None:
        """Run ``fn(ledger)`` off the GUI thread; ``on_done`` only for the latest load."""
        if self.ctx.ledger is None:
            return None
        done = self._latest(on_done)
        generation = self._generation

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if on_error is not None:
                on_error(exc)
            elif self.ctx.error_handler is not None:
                self.ctx.error_handler(self.title, exc)

        return self.ctx.run_read(fn, done, failed, **kwargs)

    def deliver(self, result: Any, on_done: Callable[[Any], None]) -> None:
        """Show ``result``, already read (:attr:`AppContext.prefetched`), as :meth:`load`
        shows a read's: on the next turn of the event loop, if no later load started."""
        done = self._latest(on_done)
        QTimer.singleShot(0, lambda: done(result))

    def _latest(self, on_done: Callable[[Any], None]) -> Callable[[Any], None]:
        """``on_done`` for a new load, called only while it is the latest."""
        self._generation += 1
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation:
                self._loaded_once = True
                on_done(result)
                self._uncover()

        return done

    # ------------------------------------------------------------------ loading state
    def _on_ledger_opened(self) -> None:
        """Another ledger: drop this page's rows at once (and any load still on the way) and
        cover it, labelled, until the new ledger's data is in."""
        self._generation += 1
        from ..widgets.loading_cover import clear_models

        clear_models(self)
        self.clear_page()
        self.has_data = False
        if self.isVisible():
            self._start_cover()

    def clear_page(self) -> None:
        """Forget what the page shows besides its tables (override: labels, charts, hints)."""

    def _start_cover(self) -> None:
        ledger = self.ctx.ledger
        if ledger is None:
            self._uncover()
            return
        self._watch_models()
        self.covered = True
        self.setEnabled(False)
        from ..widgets.loading_cover import ledger_label

        self.cover.cover(f"Loading {ledger_label(ledger.display_name)}…")

    def _watch_models(self) -> None:
        from ..models.register import RegisterModel

        for model in self.findChildren(RegisterModel):  # a register's first page is its data
            if id(model) not in self._cover_models:
                self._cover_models.add(id(model))
                model.loaded.connect(self._uncover)

    def _uncover(self) -> None:
        self.has_data = True
        if self.covered:
            self.covered = False
            self.cover.hide()
            self.setEnabled(True)

    def _maybe_uncover(self, _job: Any = None) -> None:
        """Whatever the page reads through other runners: uncovered once nothing is running
        (checked after the finished job's result is applied, which may start the next)."""
        if self.covered and self.isVisible():
            QTimer.singleShot(0, self._uncover_if_idle)

    def _uncover_if_idle(self) -> None:
        if self.covered and not self.ctx.jobs and self.ctx.ledger is not None:
            self._uncover()

    def shows(self) -> frozenset[Topic]:
        """The topics this page shows (its registry record's; everything when unregistered)."""
        from .registry import PAGES

        return next((p.shows for p in PAGES if p.name == self.name), EVERYTHING)

    def _on_ledger_changed(self, changed: frozenset[Topic] = EVERYTHING) -> None:
        if not touches(changed, self.shows()):
            return  # a write to something this page does not show
        self._dirty = True
        if self.isVisible():
            self._refresh_now_or_later()

    def _refresh_now_or_later(self) -> None:
        if self.isVisible() or not self._loaded_once:
            self._dirty = False
            if self.ctx.ledger is not None:
                self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.has_data and not self.covered and self.ctx.ledger is not None:
            self._start_cover()  # first shown, or shown after another ledger was opened
        if self._dirty:
            self._dirty = False
            if self.ctx.ledger is not None:
                self.refresh()
        self._maybe_uncover()

"""The main window: side panel (pages, stream, year), the page stack, menus, toolbar, status.

Pages are created on first visit from the lazy registry (:mod:`ui.qt.pages`); a page missing
from the build shows a notice instead.  Window geometry, state, the last page and scope are
remembered in QSettings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from fundledger.years import year_label
from ui import gcpause

from . import window_state
from .context import AppContext
from .pages import PageUnavailable, page_class, page_def, page_names
from .widgets.permissions import gate
from .widgets.side_panel import SidePanel
from .widgets.welcome import WelcomePanel

if TYPE_CHECKING:
    from types import ModuleType

    from ui.usecases.ledger_files import Ledger
    from ui.usecases.navigation import LedgerSummary

    from .actions import Commands
    from .pages.base import Page


def _unavailable(message: str) -> QWidget:
    label = QLabel(message)
    label.setObjectName("unavailable")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setAccessibleName(message)
    return label


class MainWindow(QMainWindow):
    """The fundledger main window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.pages: dict[str, QWidget] = {}
        self.current_page: str | None = None
        self.summary: LedgerSummary | None = None
        self.opening = False
        self.backup_note = ""
        #: the ledger whose after-open work (who is connected, the daily backup) waits for the
        #: first page's loads to finish
        self._after_open: Ledger | None = None
        self._after_open_armed = False
        self.side = SidePanel()
        self.stack = QStackedWidget()
        self.welcome = WelcomePanel()
        self.stack.addWidget(self.welcome)
        splitter = QSplitter()
        splitter.addWidget(self.side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([250, 1100])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._build_status()
        from .actions import build_actions

        self.actions_by_name: dict[str, QAction] = build_actions(
            self, self._commands(), self.toolbar()
        )
        self.base_tips = {k: a.toolTip() for k, a in self.actions_by_name.items()}
        self._update_actions()  # no ledger yet: the page actions are off, saying why
        self.side.page_selected.connect(self.show_page)
        self.side.scope_changed.connect(self._scope_changed)
        self._connect_welcome()
        ctx.signals.ledger_opened.connect(self._ledger_opened)
        ctx.error_handler = self.show_error
        self.resize(1360, 820)
        self._restore_state()
        self.side.select_page(str(ctx.settings.value("window/page") or "overview"), silent=True)
        self._update_title()

    # ------------------------------------------------------------------ build
    def _build_status(self) -> None:
        from .widgets.notice import NoticeArea
        from .widgets.status_line import PathLabel, StatusLine

        bar = self.statusBar()
        self.ledger_label = PathLabel()
        self.ledger_label.setObjectName("ledgerLabel")
        self.user_label = QLabel()
        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeLabel")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupLabel")
        self.backup_label.hide()
        from .widgets.job_progress import JobProgress

        self.jobs = JobProgress(self.ctx, bar)
        self.jobs.finished.connect(self._job_finished)
        self.progress, self.cancel_button = self.jobs.progress, self.jobs.cancel_button
        self.progress_label = self.jobs.label
        self.notice = NoticeArea()  # what the last write wrote, with "Show it"
        self.ctx.signals.notice.connect(self.notice.set_notice)
        # the page summary stays whole, the notice gives way; neither cuts a figure
        self.status_line = StatusLine(self.notice)
        self.page_label = self.status_line.summary
        bar.addWidget(self.status_line, 1)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        for w in (self.backup_label, self.mode_label, self.user_label, self.ledger_label):
            bar.addPermanentWidget(w)

    def _commands(self) -> Commands:
        from .actions import Commands

        return Commands(
            open_demo=lambda: _opening().open_demo(self),
            create_new=lambda: _opening().create_new(self),
            open_file=lambda: _opening().open_file(self),
            connect_pg=lambda: _opening().connect_pg(self),
            fill_recent=lambda menu: _opening().fill_recent_menu(self, menu),
            quit=self.close,
            new_record=self.new_record,
            focus_search=self.focus_search,
            export_view=self.export_view,
            import_workbook=self.import_workbook,
            refresh=self.refresh,
            open_user_guide=self.open_user_guide,
            about=self.about,
            show_page=self.show_page,
        )

    def _connect_welcome(self) -> None:
        w = self.welcome
        w.demo_requested.connect(lambda: _opening().open_demo(self))
        w.new_requested.connect(lambda: _opening().create_new(self))
        w.open_requested.connect(lambda: _opening().open_file(self))
        w.connect_requested.connect(lambda: _opening().connect_pg(self))
        w.recent_requested.connect(lambda t: _opening().open_recent(self, t))

    def dialog_parent(self) -> QWidget:
        """The widget the opening dialogs (file, connection, password) open over."""
        return self

    def show_recent(self, targets: list[str]) -> None:
        """Offer ``targets`` on the welcome panel as the recent ledgers."""
        self.welcome.set_recent(targets)

    def toolbar(self) -> QToolBar:
        """A new main toolbar, added to the window."""
        bar = QToolBar("Main toolbar")
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        return bar

    # ------------------------------------------------------------------ ledger
    def _ledger_opened(self) -> None:
        self.user_label.setToolTip("")  # the new ledger's who_is_connected replaces it
        self.backup_note = ""
        self._update_title()
        ledger = self.ctx.ledger
        self._after_open, self._after_open_armed = ledger, False
        #: between opening a ledger and its summary (streams, years) being read
        self.opening = ledger is not None
        self._update_actions()  # the page actions wait for the new ledger's data
        if ledger is None:
            self.stack.setCurrentWidget(self.welcome)
            return
        _opening().remember(self, ledger)
        self.backup_label.hide()
        summary, self.ctx.opened_summary = self.ctx.opened_summary, None
        if summary is not None:  # read as it opened: applied on the next turn, as a read's is
            QTimer.singleShot(0, lambda: self._summary_loaded(summary, ledger))
            return
        self.ctx.run_read(
            window_state.load_summary,
            self._summary_loaded,
            self._summary_failed,
            title="Opening ledger…",
        )

    def _summary_failed(self, exc: BaseException) -> None:
        self.opening = False
        self._update_actions()
        self._arm_after_open()
        self.show_error("Opening ledger…", exc)

    def _arm_after_open(self) -> None:
        """The first page has asked for its rows: once every load is in (no job running), who
        is connected and the daily backup follow.  On a big ledger the backup (a full, verified
        copy) and their queries would otherwise compete with the first rows."""
        self._after_open_armed = True
        QTimer.singleShot(0, self._run_after_open)

    def _run_after_open(self) -> None:
        ledger = self._after_open
        if ledger is None or not self._after_open_armed or self.ctx.jobs:
            return  # not yet: the next job to finish tries again
        self._after_open, self._after_open_armed = None, False
        gcpause.resume()  # start-up is over: the first page is in (ui.gcpause)
        if ledger is not self.ctx.ledger:
            return
        self.ctx.run_read(
            window_state.who, self._show_who, lambda _exc: None, title="Who is connected…"
        )
        if not self.ctx.read_only and not ledger.is_shared:
            self.ctx.run_read(
                window_state.daily_backup,
                self._backed_up,
                self._backup_failed,
                title="Daily backup…",
            )

    def _show_who(self, who: str) -> None:
        """The status bar's user text (who_is_connected; SQLite drops the path shown beside it)."""
        ledger = self.ctx.ledger
        if ledger is None:
            return
        self.user_label.setText(who.removesuffix(f" on {ledger.display_name}"))
        self.user_label.setToolTip(who)

    def _backed_up(self, note: str | None) -> None:
        """A quiet success: the ledger label's tooltip names today's backup."""
        self.backup_note = note or ""
        self._update_title()

    def _backup_failed(self, exc: BaseException) -> None:
        text = f"Today's automatic backup failed: {exc}"
        self.backup_label.setText("⚠ Backup failed")
        self.backup_label.setToolTip(text)
        self.backup_label.show()
        self.statusBar().showMessage(text, 15000)

    def _summary_loaded(self, summary: LedgerSummary, ledger: Ledger | None = None) -> None:
        if ledger is not None and ledger is not self.ctx.ledger:
            return  # read as that ledger opened, and another has been opened since
        self.summary = summary
        self.opening = False
        s = self.ctx.settings
        stream, year = window_state.first_scope(
            summary, s.value("scope/stream"), s.value("scope/year")
        )
        self.side.set_streams(summary.streams, stream)
        self.side.set_years(summary.years, year)
        self._update_title()
        page = self.current_page or str(s.value("window/page") or "overview")
        self.current_page = None
        self.show_page(page if page in page_names() else "overview")
        self._arm_after_open()

    def _update_title(self) -> None:
        ledger = self.ctx.ledger
        if ledger is None:
            self.setWindowTitle("fundledger")
            self.ledger_label.setText("No ledger open")
            self.user_label.setText("")
            self.user_label.setToolTip("")
            self.mode_label.setText("")
            return
        name = (self.summary.name if self.summary else None) or ledger.display_name
        actor = self.ctx.actor
        mode = " — read-only" if self.ctx.read_only else ""
        self.setWindowTitle(f"{name} — {actor.username} ({actor.role}){mode} — fundledger")
        self.ledger_label.setText(ledger.display_name)
        note = f"\n{self.backup_note}" if self.backup_note else ""
        self.ledger_label.setToolTip(f"Ledger: {ledger.display_name}{note}")
        if not self.user_label.toolTip():
            self.user_label.setText(f"{actor.username} · {actor.role.replace('_', ' ')}")
        self.mode_label.setText(window_state.mode_text(ledger, self.ctx.locked_by))

    # ------------------------------------------------------------------ pages
    def show_page(self, name: str) -> None:
        if self.ctx.ledger is None:
            self.stack.setCurrentWidget(self.welcome)
            return
        widget = self.pages.get(name)
        if widget is None:
            widget = self._make_page(name)
            self.pages[name] = widget
            self.stack.addWidget(widget)
        self.current_page = name
        self.side.select_page(name)
        if _is_page(widget):  # the scope first, then show: one load, of the right scope
            widget.set_scope(self.side.stream_code, self.side.year_value)
        self.stack.setCurrentWidget(widget)
        if _is_page(widget):
            self.set_status(widget.status_text())
        else:
            self.set_status(_title(name))
        self._update_actions()

    def _make_page(self, name: str) -> QWidget:
        try:
            cls = page_class(name)
            page = cls(self.ctx, self.stack)
        except PageUnavailable as exc:
            return _unavailable(str(exc))
        except Exception as exc:  # a broken page must not take the window down
            return _unavailable(f"The {_title(name)} page failed to start: {exc}")
        page.status_changed.connect(self._page_status)
        page.scope_wanted.connect(self.side.choose_scope)
        return page

    def page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if _is_page(widget) else None

    def set_status(self, text: str) -> None:
        """Show the current page's status line (its full text is also the tooltip)."""
        self.page_label.setText(text)
        self.page_label.setToolTip(text)

    def _page_status(self, text: str) -> None:
        if self.sender() is self.page():
            self.set_status(text)

    def _scope_changed(self, stream: str | None, year: int | None) -> None:
        self.ctx.settings.setValue("scope/stream", stream or "")
        self.ctx.settings.setValue("scope/year", year if year is not None else "all")
        page = self.page()
        if page is not None:
            page.set_scope(stream, year)
        self._update_actions()

    def _update_actions(self) -> None:
        """Enable the toolbar for this page and role; a disabled action's tooltip says why."""
        page = self.page()
        acts = self.actions_by_name
        opened = self.ctx.ledger is not None
        stream = self.side.stream_code
        if not opened or self.opening:
            closed = "No ledger is open" if not opened else "The ledger is still opening"
            for name in ("new", "export", "find", "refresh", "import"):
                gate(acts[name], closed, self.base_tips[name])
            return
        if page is None or not page.can_create:
            gate(acts["new"], "This page has no new record", self.base_tips["new"])
        else:
            action = _create_action(page.name)
            why = (
                self.ctx.why_not(action, stream)
                if action is not None
                else "This page has no new record"  # every page that can create is mapped
            )
            gate(acts["new"], why, self.base_tips["new"])
        no_export = None if page and page.can_export else "This page has nothing to export"
        gate(acts["export"], no_export, self.base_tips["export"])
        no_search = None if page and page.can_search else "This page has no search"
        gate(acts["find"], no_search, self.base_tips["find"])
        gate(acts["refresh"], None, self.base_tips["refresh"])
        why_import = self.ctx.why_not("import.write", stream) if opened else "No ledger is open"
        gate(acts["import"], why_import, self.base_tips["import"])

    # ------------------------------------------------------------------ shortcuts
    def new_record(self) -> None:
        page = self.page()
        if page is not None and page.can_create:
            page.new_record()

    def export_view(self) -> None:
        page = self.page()
        if page is not None and page.can_export:
            page.export_view()

    def import_workbook(self) -> None:
        """Ctrl+I: go to the imports page and open the import wizard there."""
        if self.ctx.ledger is None:
            return
        self.show_page("imports")
        page = self.page()
        opener = getattr(page, "open_wizard", None)
        allowed = self.ctx.why_not("import.write", self.side.stream_code) is None
        if page is not None and page.name == "imports" and callable(opener) and allowed:
            opener()

    def focus_search(self) -> None:
        page = self.page()
        if page is not None:
            page.focus_search()

    def refresh(self) -> None:
        if self.ctx.ledger is None:
            return
        self.ctx.run_read(window_state.load_summary, self._refresh_summary, title="Refreshing…")
        page = self.page()
        if page is not None:
            page.refresh()

    def _refresh_summary(self, summary: LedgerSummary) -> None:
        self.summary = summary
        self._update_title()  # the ledger's name may have changed
        self.side.set_streams(summary.streams, self.side.stream_code)
        self.side.set_years(summary.years, self.side.year_value)

    def open_user_guide(self) -> None:
        """F1 / Help → User guide: the rendered guide at this page's section (ui.qt.help)."""
        from .help import GuideMissing, open_help

        try:
            open_help(self, self.current_page)
        except GuideMissing as exc:
            QMessageBox.warning(self, "User guide", str(exc))

    def about(self) -> None:
        from fundledger import __version__

        ledger = self.ctx.ledger
        lines = [f"<b>fundledger {__version__}</b>", "Grant and funding ledger."]
        if ledger is not None:
            actor = self.ctx.actor
            lines += [
                f"Ledger: {ledger.display_name}",
                f"Backend: {window_state.mode_text(ledger, self.ctx.locked_by)}",
                f"User: {actor.username} ({actor.role})",
            ]
            if self.summary is not None:
                years = self.summary.years
                span = f"{year_label(years[0])} to {year_label(years[-1])}" if years else "none"
                lines.append(f"Streams: {len(self.summary.streams)}; years: {span}")
        QMessageBox.about(self, "About fundledger", "<br>".join(lines))

    # ------------------------------------------------------------------ jobs
    def _job_finished(self) -> None:
        if self._after_open_armed:
            QTimer.singleShot(0, self._run_after_open)  # after its result is applied

    def show_error(self, title: str, exc: BaseException) -> None:
        from .errors import show_error

        show_error(self, title, exc)

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        s = self.ctx.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        s = self.ctx.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        if self.current_page:
            s.setValue("window/page", self.current_page)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        for widget in self.pages.values():
            save = getattr(widget, "save_state", None)
            if callable(save):
                save()
        super().closeEvent(event)


def _opening() -> ModuleType:
    """``ui.qt.opening``, imported on first use (after the window is up)."""
    from . import opening

    return opening


def _is_page(widget: QWidget | None) -> TypeGuard[Page]:
    from .pages.base import Page

    return isinstance(widget, Page)


def _title(name: str) -> str:
    return page_def(name).title if name in page_names() else name


def _create_action(name: str) -> str | None:
    """The permission behind a page's New record (its registry record's ``create``)."""
    return page_def(name).create if name in page_names() else None

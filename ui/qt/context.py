"""The app context shared by the main window, pages and dialogs.

:class:`AppContext` holds the open ledger and acting user, the app-wide ``ledger_changed``
signal, and the two helpers that run database work off the GUI thread (Anki's pattern):
:meth:`AppContext.run_read` and :meth:`AppContext.run_write` run ``fn(ledger)`` on a
``QThreadPool`` and call back on the GUI thread.  Long work can report progress and be cancelled
through the :class:`Job` it may ask for (``pass_job=True`` → ``fn(ledger, job)``).

Nothing here imports SQLAlchemy at module load, so the window can appear before the database
layer is imported.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QSettings,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)

from ui.usecases.topics import EVERYTHING, Topic

from . import collector
from .settings_store import open_settings

if TYPE_CHECKING:
    from ui.usecases.ledger_files import Ledger
    from ui.usecases.navigation import LedgerSummary
    from ui.usecases.permissions import Actor

#: QSettings key of the recent-ledgers list (paths, or URLs without passwords)
RECENT_KEY = "ledgers/recent"


def recent_ledgers(settings: QSettings) -> list[str]:
    """The recent-ledgers list, newest first (QSettings gives a bare string for one item)."""
    value: object = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


class Cancelled(Exception):
    """Raised inside a job whose user pressed Cancel."""


@dataclass(frozen=True)
class Notice:
    """A status message naming what was written ("Saved transaction #279 in 2025-26 P05,
    £500.00"), with an optional action (``Show it``: clear a filter and select the row)."""

    text: str
    show: Callable[[], None] | None = None
    show_text: str = "Show it"


class LedgerSignals(QObject):
    """App-wide signals.  ``ledger_changed`` fires after every successful write with the
    topics it changed (a ``frozenset`` of :class:`ui.usecases.topics.Topic`; all of them when a
    ledger is opened); ``notice`` carries a :class:`Notice` for the status bar."""

    ledger_changed = Signal(object)
    notice = Signal(object)
    ledger_opened = Signal()
    job_started = Signal(object)
    job_progress = Signal(object, int, int, str)
    job_finished = Signal(object)


class Job(QObject):
    """One unit of background work; reports back to the GUI thread through queued signals."""

    _done = Signal(object)
    _failed = Signal(object)
    _progress = Signal(int, int, str)

    def __init__(self, title: str, progress: bool, cancellable: bool) -> None:
        super().__init__()
        self.on_done: Callable[[Any], None] = lambda _r: None
        self.on_fail: Callable[[BaseException], None] = lambda _e: None
        self.on_progress: Callable[[int, int, str], None] = lambda _d, _t, _m: None
        #: called on the GUI thread when the job ends after the user pressed Cancel
        self.on_cancelled: Callable[[], None] | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._done.connect(self._deliver_done, queued)
        self._failed.connect(self._deliver_fail, queued)
        self._progress.connect(self._deliver_progress, queued)
        self.title = title
        self.show_progress = progress
        self.cancellable = cancellable
        self._cancel = threading.Event()
        self.started_at = time.monotonic()
        self.finished = False

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next :meth:`check` (the GUI stops waiting for it)."""
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop (call it in loops)."""
        if self._cancel.is_set():
            raise Cancelled(self.title)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self.on_done(result)

    @Slot(object)
    def _deliver_fail(self, exc: Any) -> None:
        self.on_fail(exc)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, message: str) -> None:
        self.on_progress(done, total, message)

    def report(self, done: int, total: int, message: str = "") -> None:
        """Progress from the worker thread (``total`` 0 = unknown)."""
        self._progress.emit(done, total, message)
        self.check()


def _receiver_gone(callback: Callable[..., Any]) -> bool:
    """True when ``callback`` belongs to a widget or model whose C++ object is deleted.

    A page or dialog closed (or a ledger switched) while its read ran: the result has nowhere to
    go, and calling back would raise "Internal C++ object … already deleted" or "Signal source
    has been deleted".  ``callback`` is a bound method of such an object, or a closure (a local
    function or lambda) that captured one.
    """
    import shiboken6

    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject):
        return not shiboken6.isValid(owner)
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            held = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(held, QObject) and not shiboken6.isValid(held):
            return True
    return False


class _Runner(QRunnable):
    def __init__(self, job: Job, call: Callable[[], Any]) -> None:
        super().__init__()
        self.job = job
        self.call = call
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.call()
        except BaseException as exc:  # reported to the GUI thread, never lost
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._emit(self.job._failed, exc)
        else:
            self._emit(self.job._done, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed and the job object is gone
            signal.emit(value)


def _refuse_read_only(holder: str) -> Callable[..., Any]:
    def refuse(*_args: Any) -> Any:
        from ui.usecases.errors import read_only

        raise read_only(holder)

    return refuse


class AppContext(QObject):
    """The open ledger, the acting user, app signals, settings and the background runners."""

    def __init__(self, ledger: Ledger | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        collector.install()  # cyclic garbage (and the Qt objects it holds) freed on this thread
        self.ledger: Ledger | None = ledger
        self.signals = LedgerSignals()
        self.settings = settings or open_settings()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.jobs: list[Job] = []
        self.error_handler: Callable[[str, BaseException], None] | None = None
        #: who holds the SQLite ledger's lock when it is not us (the ledger is then read-only)
        self.locked_by: str | None = None
        #: the latest status message about a write (:meth:`announce`)
        self.last_notice: Notice | None = None
        #: the open ledger's summary as read when it opened (:meth:`set_ledger`), until the
        #: window takes it
        self.opened_summary: LedgerSummary | None = None
        #: what a page shows, read as the ledger opened (on the connection that identified the
        #: user), keyed as the page asks for it; taken once, forgotten at the first write
        self.prefetched: dict[object, Any] = {}

    # ------------------------------------------------------------------ ledger
    @property
    def actor(self) -> Actor:
        if self.ledger is None:
            from ui.usecases.permissions import current_actor

            return current_actor()
        return self.ledger.actor

    def set_ledger(
        self,
        ledger: Ledger | None,
        summary: LedgerSummary | None = None,
        prefetched: dict[object, Any] | None = None,
    ) -> None:
        """Switch ledger (closing the previous one) and tell every page.

        A SQLite ledger is locked for this user while open; if someone else holds it, the
        ledger opens read-only and ``locked_by`` says who.  ``summary`` is the ledger's
        summary and ``prefetched`` what the first page shows, when they were read as the
        ledger opened (the window and the page then read them no more).
        """
        self.opened_summary = summary if ledger is not None else None
        self.prefetched = dict(prefetched or {}) if ledger is not None else {}
        old, self.ledger = self.ledger, ledger
        if old is not None and old is not ledger:
            self._close(old)
        self.locked_by = None if ledger is None else self._lock(ledger)
        self.signals.ledger_opened.emit()
        self.signals.ledger_changed.emit(EVERYTHING)

    def _lock(self, ledger: Ledger) -> str | None:
        from ui.usecases.ledger_files import sqlite_file
        from ui.usecases.ledger_lock import acquire

        path = sqlite_file(ledger)
        if path is None:
            return None
        holder = acquire(path, ledger.actor.username)
        return None if holder is None else holder.describe()

    def _close(self, ledger: Ledger) -> None:
        from ui.usecases.ledger_files import sqlite_file
        from ui.usecases.ledger_lock import release

        path = sqlite_file(ledger)
        if path is not None and self.locked_by is None:
            release(path)
        ledger.dispose()

    def close(self) -> None:
        """Release the ledger (and its lock) when the app exits."""
        if self.ledger is not None:
            self._close(self.ledger)
            self.ledger = None

    @property
    def read_only(self) -> bool:
        return self.locked_by is not None or self.cannot_write is not None

    @property
    def cannot_write(self) -> str | None:
        """Why the open ledger cannot be written at all (its file or folder is read-only)."""
        return getattr(self.ledger, "read_only", None) if self.ledger is not None else None

    def why_not(self, action: str, stream_code: str | None = None) -> str | None:
        """Why the acting user may not take ``action`` (a sentence for a tooltip), or None.

        Presentation only (the ledger still refuses): a read-only ledger refuses everything;
        otherwise :func:`ui.usecases.permissions.why_not` decides.  With no stream chosen a budget
        holder may act if they hold any stream (the form then offers theirs).
        """
        if self.locked_by is not None:
            return f"This ledger is open read-only: {self.locked_by} has it open"
        if self.cannot_write is not None:
            return f"This ledger is open read-only: {self.cannot_write}"
        if self.ledger is None:
            return "No ledger is open"
        from ui.usecases.permissions import why_not as check

        actor = self.actor
        if stream_code is None and actor.role == "budget_holder" and actor.streams:
            stream_code = min(actor.streams)
        problem = check(actor, action, stream_code)
        if problem is None or problem.startswith(actor.username):
            return problem
        return problem[:1].upper() + problem[1:]  # "Viewers cannot change the ledger: …"

    def announce(
        self, text: str, show: Callable[[], None] | None = None, show_text: str = "Show it"
    ) -> None:
        """Say in the status bar what was just written (and offer ``show`` when given)."""
        self.last_notice = Notice(text, show, show_text)
        self.signals.notice.emit(self.last_notice)

    # ------------------------------------------------------------------ runners
    def run_read(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        progress: bool = False,
        title: str = "Loading…",
        cancellable: bool = False,
        pass_job: bool = False,
    ) -> Job:
        """Run ``fn(ledger)`` on the pool; ``on_done(result)`` on the GUI thread."""
        return self._start(fn, on_done, on_error, progress, title, cancellable, pass_job, None)

    def run_write(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        progress: bool = True,
        *,
        title: str = "Saving…",
        cancellable: bool = False,
        pass_job: bool = False,
        changes: Iterable[Topic] = EVERYTHING,
    ) -> Job:
        """Run ``fn(ledger)`` (which opens its own ``ledger.write()``); then ``ledger_changed``
        with ``changes``, the topics the write changed (pages showing none of them stay).

        Refused (through ``on_error``) while the ledger is read-only (locked by someone else).
        """
        if self.locked_by is not None:
            fn = _refuse_read_only(self.locked_by)
        changed = frozenset(changes)
        return self._start(fn, on_done, on_error, progress, title, cancellable, pass_job, changed)

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        title: str = "Working…",
        progress: bool = True,
    ) -> Job:
        """Run ``fn()`` (no ledger needed: opening, creating a ledger) on the pool."""
        return self._start(
            lambda _ledger: fn(), on_done, on_error, progress, title, False, False, None, True
        )

    def _start(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        progress: bool,
        title: str,
        cancellable: bool,
        pass_job: bool,
        changes: frozenset[Topic] | None,
        no_ledger: bool = False,
    ) -> Job:
        ledger = self.ledger
        if ledger is None and not no_ledger:
            raise RuntimeError("no ledger is open")
        if changes is not None:
            self.prefetched.clear()  # a write: what was read before it is not shown
        job = Job(title, progress, cancellable)
        job.on_done = lambda result: self._finish(job, on_done, result, changes)
        job.on_fail = lambda exc: self._fail(job, on_error, exc)
        job.on_progress = lambda d, t, m: self.signals.job_progress.emit(job, d, t, m)
        self.jobs.append(job)
        self.signals.job_started.emit(job)

        def call() -> Any:
            return fn(ledger, job) if pass_job else fn(ledger)

        self.pool.start(_Runner(job, call))
        return job

    def _end(self, job: Job) -> None:
        job.finished = True
        if job in self.jobs:
            self.jobs.remove(job)
        self.signals.job_finished.emit(job)

    def _finish(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        result: Any,
        changes: frozenset[Topic] | None,
    ) -> None:
        self._end(job)
        if job.cancelled:
            self._cancelled(job)
            return
        if _receiver_gone(on_done):
            return
        try:
            on_done(result)
        finally:
            if changes is not None:
                self.signals.ledger_changed.emit(changes)

    def _fail(
        self, job: Job, on_error: Callable[[BaseException], None] | None, exc: BaseException
    ) -> None:
        self._end(job)
        if isinstance(exc, Cancelled) or job.cancelled:  # a stopped query is not an error
            self._cancelled(job)
            return
        if on_error is not None and _receiver_gone(on_error):
            return
        if on_error is not None:
            on_error(exc)
        elif self.error_handler is not None:
            self.error_handler(job.title, exc)
        else:
            raise exc

    @staticmethod
    def _cancelled(job: Job) -> None:
        if job.on_cancelled is not None:
            job.on_cancelled()

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until no job is running (screenshots, tests); False on timeout."""
        app = QCoreApplication.instance()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if app is not None:
                app.processEvents()
            if not self.jobs and self.pool.activeThreadCount() == 0:
                if app is not None:
                    app.processEvents()
                if not self.jobs:
                    return True
            time.sleep(0.005)
        return False

    @Slot()
    def cancel_all(self) -> None:
        for job in list(self.jobs):
            if job.cancellable:
                job.cancel()

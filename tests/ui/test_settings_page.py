"""Settings: users and roles (added, changed, deactivated and reactivated by an administrator,
refused inline or by the ledger, disabled with the reason for everyone else), RAG thresholds
(edited, audited), period locks (reopen)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from db.ledger import Actor, Ledger
from db.ops.locks import close_period
from db.schema import AuditEntry, PeriodLock, Stream
from tests.ledgers import copy_sqlite
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.qt.context import AppContext
from ui.qt.dialogs.form import combo_select
from ui.qt.dialogs.reason import ReasonDialog
from ui.qt.dialogs.users import UserDialog
from ui.qt.pages.settings import SettingsPage
from ui.usecases.init import init_ledger
from ui.usecases.session import resolve_actor


def loaded(qtbot: Any, page: Any) -> None:
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.refresh()


def test_settings_lists_and_edits(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=1, stream_id=ids["da"], reason="April closed")
    ctx = make_ctx(ledger, tmp_path)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    assert page.locks.rowCount() == 1
    assert [page.locks.data(page.locks.index(0, c)) for c in (0, 1, 2, 3, 6)] == [
        "DA", "2025-26", "P01 April 2025", "April closed", "Closed",
    ]  # fmt: skip
    assert page.status_text().endswith("· 1 closed period")
    da_row = next(i for i, t in enumerate(page.threshold_rows) if t.code == "DA")
    page.thresholds_view.setCurrentIndex(page.thresholds.index(da_row, 0))
    answers = iter([Decimal("7.5"), Decimal("12")])
    monkeypatch.setattr(page, "_ask_pct", lambda *_a: next(answers))
    assert ctx.ledger is not None
    ctx.ledger.actor = Actor("ada", "admin")
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.change_thresholds()
    with ledger.read() as s:
        da = s.get(Stream, ids["da"])
        assert (da.red_forecast_pct, da.amber_profile_pct) == (Decimal("7.50"), Decimal("12.00"))
    da_row = next(i for i, t in enumerate(page.threshold_rows) if t.code == "DA")
    red, amber = page.thresholds.index(da_row, 3), page.thresholds.index(da_row, 4)
    assert (page.thresholds.data(red), page.thresholds.data(amber)) == ("7.50%", "12.00%")
    assert page.thresholds.data(red, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    page.locks_view.setCurrentIndex(page.locks.index(0, 0))
    monkeypatch.setattr(
        "ui.qt.dialogs.reason.ReasonDialog.get", classmethod(lambda *a: "late invoice")
    )
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.reopen_period()
    with ledger.read() as s:
        lock = s.query(PeriodLock).one()
        assert (lock.active, lock.reopen_reason, lock.reopened_by) == (False, "late invoice", "ada")
    assert page.locks.data(page.locks.index(0, 6)) == "Reopened"


# --------------------------------------------------------------------------- users & roles


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo ledger (users admin, m.price, r.shah, a.khan, b.okafor, board.viewer), once."""
    return copy_sqlite(demo_template, tmp_path_factory.mktemp("demo") / "demo.sqlite")


@pytest.fixture
def opened() -> Iterator[list[Ledger]]:
    """Ledgers the test opened, disposed of afterwards."""
    ledgers: list[Ledger] = []
    yield ledgers
    for led in ledgers:
        led.dispose()


def _demo_page(
    qtbot: Any, demo_file: Path, tmp_path: Path, actor: str | Actor, opened: list[Ledger]
) -> tuple[SettingsPage, AppContext, list[str]]:
    """The settings page on a fresh copy of the demo, as a demo user (or a given actor)."""
    path = tmp_path / "ledger.sqlite"
    shutil.copy(demo_file, path)
    led = Ledger(f"sqlite:///{path}")
    opened.append(led)
    led.actor = actor if isinstance(actor, Actor) else resolve_actor(led, actor)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(led, settings)
    errors: list[str] = []
    ctx.error_handler = lambda _title, exc: errors.append(str(exc))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    loaded(qtbot, page)
    return page, ctx, errors


def _users_table(page: SettingsPage) -> dict[str, tuple[str, ...]]:
    m = page.users
    return {
        m.data(m.index(r, 0)): tuple(m.data(m.index(r, c)) for c in range(1, m.columnCount()))
        for r in range(m.rowCount())
    }


def _audit(ctx: AppContext, action: str) -> list[AuditEntry]:
    assert ctx.ledger is not None
    with ctx.ledger.read() as s:
        q = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        entries = list(s.execute(q).scalars())
        s.expunge_all()
        return entries


def _selected_username(page: SettingsPage) -> str:
    user = page.selected_user()
    assert user is not None
    return str(user.username)


def _on_modal(fill: Callable[[Any], None]) -> list[Any]:
    """Run ``fill(dialog)`` on the next modal dialog (Save or cancel it); returns [dialog]."""
    seen: list[Any] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or getattr(dialog, "loading", False):  # not shown, or still reading
            QTimer.singleShot(10, act)
            return
        assert isinstance(dialog, QDialog), dialog
        form = dialog
        seen.append(form)

        def close_if_open() -> None:
            if form.isVisible():
                form.reject()

        try:
            fill(form)
        finally:
            if not getattr(form, "saving", False):  # refused inline: nothing is being written
                form.reject()
            else:  # a write the ledger refuses leaves the form open: do not hang the test
                QTimer.singleShot(10_000, form, close_if_open)

    QTimer.singleShot(0, act)
    return seen


def _tick(dialog: UserDialog, *codes: str) -> None:
    dialog.tick(set(codes))


def test_an_administrator_adds_a_user_through_the_form(
    qtbot: Any, demo_file: Path, tmp_path: Path, opened: list[Ledger]
) -> None:
    page, ctx, errors = _demo_page(qtbot, demo_file, tmp_path, "admin", opened)
    assert ctx.actor == Actor("admin", "admin")
    assert page.add_user_button.isEnabled()
    assert page.add_user_button.toolTip() == "Add a person to this ledger with a role"
    assert "jo.smith" not in _users_table(page)
    n = page.users.rowCount()

    def fill(d: UserDialog) -> None:
        assert d.windowTitle() == "Add user"
        assert not d.streams.isEnabled()  # a viewer by default: no streams
        d.username.setText("Jo Smith")
        combo_select(d.role, "budget_holder")
        assert d.streams.isEnabled()
        d.save()
        assert not d.saving
        assert d.error.text() == (
            "• Login name “Jo Smith”: use lower-case letters, digits, '_', '.' or '-', starting "
            "with a letter, at most 63 characters\n"
            "• A budget holder holds at least one stream: tick theirs"
        )
        d.username.setText("jo.smith")
        d.display_name.setText("Jo  Smith ")
        _tick(d, "DA", "PMT")
        assert d.error.text() == ""  # the list follows the corrections
        d.save()
        assert d.saving

    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        seen = _on_modal(fill)
        page.add_user_button.click()
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert errors == []
    assert _users_table(page)["jo.smith"] == ("Jo Smith", "budget holder", "Yes", "DA, PMT")
    assert _selected_username(page) == "jo.smith"
    (entry,) = [e for e in _audit(ctx, "add_user") if e.user == "admin"]
    assert json.loads(entry.new or "")["username"] == "jo.smith"
    assert len([e for e in _audit(ctx, "add_stream") if e.user == "admin"]) == 2
    assert page.status_text().startswith(f"{n + 1} users ·")


def test_a_budget_holder_without_a_stream_is_refused_inline_and_nothing_is_written(
    qtbot: Any, demo_file: Path, tmp_path: Path, opened: list[Ledger]
) -> None:
    page, ctx, _errors = _demo_page(qtbot, demo_file, tmp_path, "admin", opened)
    before = len(_audit(ctx, "change_role")), _users_table(page)["m.price"]
    assert page.select_user("m.price")
    assert page.change_user_button.isEnabled()
    assert page.change_user_button.toolTip() == "Change m.price's role, streams or display name"
    problems: list[str] = []

    def fill(d: UserDialog) -> None:
        assert d.windowTitle() == "Change m.price"
        assert d.username.isReadOnly()
        assert d.chosen_role() == "finance"
        combo_select(d.role, "budget_holder")
        d.save()
        problems.append(d.error.text())
        assert not d.saving and d.isVisible()
        # only budget holders hold streams: the ticks go when the role does
        _tick(d, "YJ")
        combo_select(d.role, "viewer")
        assert d.ticked() == () and not d.streams.isEnabled()

    seen = _on_modal(fill)
    page.change_user_button.click()
    assert problems == ["• A budget holder holds at least one stream: tick theirs"]
    assert seen[0].result() == QDialog.DialogCode.Rejected
    assert ctx.wait_idle(10)
    loaded(qtbot, page)
    assert (len(_audit(ctx, "change_role")), _users_table(page)["m.price"]) == before
    assert before[1] == ("Mark Price (finance officer)", "finance", "Yes", "")


def test_changing_a_role_with_its_streams_is_saved_and_audited(
    qtbot: Any, demo_file: Path, tmp_path: Path, opened: list[Ledger]
) -> None:
    page, ctx, errors = _demo_page(qtbot, demo_file, tmp_path, "admin", opened)
    assert page.select_user("m.price")

    def fill(d: UserDialog) -> None:
        combo_select(d.role, "budget_holder")
        _tick(d, "YJ")
        d.display_name.setText("Mark Price (YJ budget holder)")
        d.save()

    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        _on_modal(fill)
        page.change_user_button.click()
    assert errors == []
    assert _users_table(page)["m.price"] == (
        "Mark Price (YJ budget holder)", "budget holder", "Yes", "YJ",
    )  # fmt: skip
    (entry,) = _audit(ctx, "change_role")
    assert (entry.user, json.loads(entry.new or "")["role"]) == ("admin", "budget_holder")


def test_deactivating_the_last_administrator_is_refused(
    qtbot: Any,
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[Ledger],
) -> None:
    # the ledger's owner acting as administrator (not a user row): admin is the only admin
    page, ctx, errors = _demo_page(qtbot, demo_file, tmp_path, Actor("owner", "admin"), opened)
    assert page.select_user("admin")
    assert not page.deactivate_button.isEnabled()
    assert page.deactivate_button.toolTip() == (
        "admin is the last active administrator: make someone else an administrator first"
    )
    # the ledger refuses it too (e.g. a table shown before another administrator went)
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda *a: "restructure"))
    page.set_user_active(False)
    assert ctx.wait_idle(10)
    assert errors == [
        "cannot deactivate admin: admin is the last active administrator "
        "(make someone else an administrator first)"
    ]
    loaded(qtbot, page)
    assert _users_table(page)["admin"][2] == "Yes"
    assert _audit(ctx, "deactivate_user") == []


def test_an_administrator_deactivates_and_reactivates_with_a_reason(
    qtbot: Any,
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[Ledger],
) -> None:
    page, ctx, errors = _demo_page(qtbot, demo_file, tmp_path, "admin", opened)
    assert page.select_user("admin")
    assert page.deactivate_button.toolTip() == (
        "You cannot deactivate yourself: ask another administrator"
    )
    assert not page.deactivate_button.isEnabled()
    n = page.users.rowCount()
    assert page.select_user("r.shah")
    assert page.deactivate_button.isEnabled() and not page.reactivate_button.isEnabled()
    assert page.reactivate_button.toolTip() == "r.shah is active"
    asked: list[tuple[str, str]] = []

    def cancel(_cls: object, _parent: object, title: str, prompt: str) -> str | None:
        asked.append((title, prompt))
        return None

    monkeypatch.setattr(ReasonDialog, "get", classmethod(cancel))
    page.deactivate_button.click()  # cancelled: nothing happens
    assert asked == [(
        "Deactivate r.shah",
        "Deactivating stops r.shah (commissioning officer) opening this ledger. Their entries "
        "and audit history stay. Why?",
    )]  # fmt: skip
    assert ctx.wait_idle(10)
    assert _audit(ctx, "deactivate_user") == []
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda *a: "left the council"))
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.deactivate_button.click()
    assert errors == []
    assert _users_table(page)["r.shah"][2] == "No"
    assert _selected_username(page) == "r.shah"
    assert page.status_text().startswith(f"{n} users (1 deactivated) ·")
    assert not page.deactivate_button.isEnabled()
    assert page.deactivate_button.toolTip() == "r.shah is already deactivated"
    assert page.reactivate_button.isEnabled()
    (entry,) = _audit(ctx, "deactivate_user")
    assert (entry.user, entry.reason) == ("admin", "left the council")
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda *a: "rejoined"))
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.reactivate_button.click()
    assert _users_table(page)["r.shah"][2] == "Yes"
    assert [e.reason for e in _audit(ctx, "reactivate_user")] == ["rejoined"]


@pytest.mark.parametrize(
    ("user", "why"),
    [
        ("m.price", "m.price (finance officer) cannot manage users"),
        ("a.khan", "a.khan (budget holder) cannot manage users"),
        ("board.viewer", "Viewers cannot change the ledger: board.viewer (viewer) cannot manage users"),
    ],
)  # fmt: skip
def test_who_cannot_manage_users_sees_the_buttons_disabled_with_the_reason(
    qtbot: Any, demo_file: Path, tmp_path: Path, opened: list[Ledger], user: str, why: str
) -> None:
    page, _ctx, _errors = _demo_page(qtbot, demo_file, tmp_path, user, opened)
    # everyone may see who has which role
    assert {"admin", "m.price", "r.shah", "a.khan", "b.okafor", "board.viewer"} <= set(
        _users_table(page)
    )
    assert page.select_user("r.shah")
    buttons = (page.add_user_button, page.change_user_button, page.deactivate_button,
               page.reactivate_button)  # fmt: skip
    assert [(b.isEnabled(), b.toolTip()) for b in buttons] == [(False, why)] * 4


@pytest.mark.postgres
def test_on_a_shared_ledger_the_owner_manages_users_and_an_admin_login_is_told_why_not(
    qtbot: Any,
    pg_ledger_url: str,
    tmp_path: Path,
    opened: list[Ledger],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from ui.usecases.session import open_ledger
    from ui.usecases.users import add

    db = str(make_url(pg_ledger_url).database)
    ada, jo = f"{db}_ada", f"{db}_jo"
    owner = init_ledger(pg_ledger_url)
    opened.append(owner)
    add(owner, ada, "admin", password="pw")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # an administrator's own login has no CREATEROLE: the server would refuse, so say why
    as_ada = open_ledger(
        make_url(pg_ledger_url).set(username=ada, password="pw").render_as_string(False)
    )
    opened.append(as_ada)
    assert as_ada.actor.role == "admin"
    ada_ctx = AppContext(as_ada, settings)
    page = SettingsPage(ada_ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    assert not page.add_user_button.isEnabled()
    assert page.add_user_button.toolTip() == (
        f"Your database login {ada} cannot create or change logins: on a shared ledger users "
        "are managed by the ledger's owner (the login that ran init)"
    )
    # the owner (acting as a finance officer here) manages users, as with `user add`
    ctx = AppContext(owner, settings)
    ctx.error_handler = lambda _t, exc: pytest.fail(str(exc))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    assert ctx.actor.role == "finance"
    assert page.add_user_button.isEnabled()
    boxes: list[Any] = []

    def fill(d: UserDialog) -> None:
        d.username.setText(jo)
        combo_select(d.role, "finance")
        d.password.setText("s3cret")
        d.password_again.setText("s3cret!")
        d.save()
        assert d.error.text() == "• The two passwords differ"
        d.password_again.setText("s3cret")
        d.save()
        assert d.saving
        # cleared as soon as the write takes its copy (after the check against the ledger)
        QApplication.processEvents()
        deadline = time.monotonic() + 10
        while d.password.text() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        boxes.extend((d.password.text(), d.password_again.text()))

    with qtbot.waitSignal(page.status_changed, timeout=20_000):
        _on_modal(fill)
        page.add_user_button.click()
    assert boxes == ["", ""]  # cleared as soon as the write took it
    assert _users_table(page)[jo][1:3] == ("finance", "Yes")
    eng = create_engine(make_url(pg_ledger_url).set(username=jo, password="s3cret"))
    try:
        with eng.connect() as c:
            assert c.execute(text("select current_user")).scalar_one() == jo
    finally:
        eng.dispose()
    # deactivating makes the login NOLOGIN
    assert page.select_user(jo)
    assert page.deactivate_button.isEnabled()
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda *a: "left the council"))
    with qtbot.waitSignal(page.status_changed, timeout=20_000):
        page.deactivate_button.click()
    assert _users_table(page)[jo][2] == "No"
    with owner.read() as s:
        assert (
            s.execute(
                text("select rolcanlogin from pg_roles where rolname = :n"), {"n": jo}
            ).scalar_one()
            is False
        )
    # the page's last reads finish before the fixture drops the database (which ends every
    # connection to it: a read still running would fail in the event loop at teardown)
    assert ctx.wait_idle()
    assert ada_ctx.wait_idle()


def test_naming_the_ledger(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Another council names its ledger on the Settings page: the name is shown, saved
    (audited) and what every export reads; a viewer's button is off, saying why."""
    ctx = make_ctx(ledger, tmp_path)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    assert "Leicestershire County Council" in page.name_label.text()
    assert page.edit_name.isEnabled()
    name = "Oxford City Council – grants & partnerships"
    monkeypatch.setattr(
        "ui.qt.pages.settings.QInputDialog.getText", lambda *a, **k: (f" {name} ", True)
    )
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.change_name()
    assert "Oxford City Council – grants &amp; partnerships" in page.name_label.text()
    from db.queries.exports import ledger_name

    with ledger.read() as s:
        assert ledger_name(s) == name
        actions = s.execute(select(AuditEntry.action).where(AuditEntry.table_name == "settings"))
        assert list(actions.scalars()) == ["set_ledger_name"]
    assert ctx.ledger is not None
    ctx.ledger.actor = Actor("board.viewer", "viewer")
    page.update_permissions()
    assert not page.edit_name.isEnabled()
    assert page.edit_name.toolTip()

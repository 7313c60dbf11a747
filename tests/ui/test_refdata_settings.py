"""Settings → Streams & cost centres, Organisations & aliases, Coding rules (issue 13)."""

from __future__ import annotations

from typing import Any

from db.ledger import Actor
from tests.ui.shell_helpers import make_ctx
from ui.qt.dialogs.refdata import AliasDialog, MergeDialog, RuleDialog, StreamDialog
from ui.qt.pages.settings_refdata import OrganisationsTab, RulesTab, StreamsTab
from ui.usecases import reference as uc


def _loaded(qtbot: Any, tab: Any) -> Any:
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10_000)
    return tab


def test_tabs_are_gated_by_role(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    ledger.actor = Actor("vic", "viewer")
    tab = _loaded(qtbot, StreamsTab(ctx))
    qtbot.addWidget(tab)
    add = tab.buttons[0][0]
    assert not add.isEnabled()
    assert (
        add.toolTip()
        == "Viewers cannot change the ledger: vic (viewer) cannot change reference data"
    )
    ledger.actor = Actor("cal", "commissioning")
    tab.update_buttons()
    assert add.toolTip() == "cal (commissioning officer) cannot change reference data"
    ledger.actor = Actor("ada", "admin")
    tab.update_buttons()
    assert add.isEnabled() and add.toolTip() == "Add a stream (fund)"
    assert [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())] == [
        "DA", "YJ", "OPCC", "PMT", "DHR",
    ]  # fmt: skip
    assert tab.model.data(tab.model.index(2, 2)) == "allocations"
    assert ctx.wait_idle(10)


def test_add_a_stream_and_an_alias_through_the_forms(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    form = StreamDialog(ctx, None)
    qtbot.addWidget(form)
    form.code.setText("gh l")
    form.save()
    assert form.error.text() == (
        "• stream code 'GH L' must start with a capital letter and use capital letters, digits, "
        "'_' or '-' (at most 16 characters)\n• a stream needs a name"
    )
    form.code.setText("GHL")
    form.name.setText("Gambling Harms Levy")
    form.funder.setText("OHID")
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=10_000):
        form.save()
    assert form.result_value == "GHL"
    again = StreamDialog(ctx, None)
    qtbot.addWidget(again)
    again.code.setText("GHL")
    again.name.setText("Twice")
    with qtbot.waitSignal(ctx.signals.job_finished, timeout=10_000):
        again.save()
    assert again.error.text() == "• stream code GHL is already used by another stream"

    orgs = _loaded(qtbot, OrganisationsTab(ctx))
    qtbot.addWidget(orgs)
    orgs.search.setText("Health")
    health = next(o for o in orgs.items if o.name == "Health")
    alias = AliasDialog(ctx, None, health)
    qtbot.addWidget(alias)
    alias.alias.setText("Health (ICB)")
    alias.valid_from.setText("31/02/2025")
    alias.save()
    assert alias.error.text().startswith("• from '31/02/2025': ")
    alias.valid_from.clear()
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=10_000):
        alias.save()
    assert "Health (ICB)" in next(o for o in uc.organisations(ledger) if o.id == health.id).aliases
    merge = MergeDialog(ctx, None, health, [health])
    qtbot.addWidget(merge)
    merge.save()
    assert merge.error.text() == (
        "• cannot merge Health into itself\n• a reason is required to merge two organisations"
    )
    assert ctx.wait_idle(10)


def test_rules_tab_adds_a_budget_rule(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    uc.add_rule(ledger, cost_centre="LC4410", line="DA Team")
    tab = _loaded(qtbot, RulesTab(ctx))
    qtbot.addWidget(tab)
    form = RuleDialog(ctx, None, tab.centres, tab.contracts)
    qtbot.addWidget(form)
    form.centre.setCurrentIndex(form.centre.findData("LC4410"))
    form.line.setText("Another line")
    with qtbot.waitSignal(ctx.signals.job_finished, timeout=10_000):
        form.save()
    assert form.error.text() == ("• the rule conflicts with rule #1 (cost centre LC4410 → DA Team)")
    form.account.setText("5200-5299")
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=10_000):
        form.save()
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    assert tab.model.data(tab.model.index(1, 2)) == "cost centre LC4410 accounts 5200–5299"
    assert ctx.wait_idle(10)


def test_cost_centres_table_shows_each_centre_and_its_line(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.pages.settings_refdata import CostCentresTab

    ctx = make_ctx(ledger, tmp_path)
    uc.add_cost_centre(ledger, uc.CostCentreIn("LC7001", "DA", "Legal support"), "Legal")
    tab = _loaded(qtbot, CostCentresTab(ctx))
    qtbot.addWidget(tab)
    rows = [tuple(tab.model.data(tab.model.index(r, c)) for c in range(6))
            for r in range(tab.model.rowCount())]  # fmt: skip
    assert rows[:2] == [
        ("LC4410", "Domestic Abuse – Safe Accommodation Duty", "DA", "", "0", "active"),
        ("LC4470", "Community Safety – OPCC CSP Allocations", "OPCC", "", "0", "active"),
    ]
    assert rows[-1] == ("LC7001", "Legal support", "DA", "Legal", "0", "active")
    assert not tab.buttons[1][0].isEnabled()  # Rename… needs a row
    assert ctx.wait_idle(10)


def test_a_streams_mechanism_by_year_is_edited_in_the_form(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.schema import AuditEntry

    ctx = make_ctx(ledger, tmp_path)
    tab = _loaded(qtbot, StreamsTab(ctx))
    qtbot.addWidget(tab)
    da = next(s for s in tab.items if s.code == "DA")
    form = StreamDialog(ctx, None, da)
    qtbot.addWidget(form)
    assert form.mechanisms.text() == "2021-22 grant; 2025-26 settlement"
    form.mechanisms.setText("2021-22 grant; 2025-26 settlement; 2027/28 levy")
    form.save()
    assert form.error.text().startswith("• '2027/28 levy': 'levy' is not a mechanism (grant, ")
    form.mechanisms.setText("2021-22 grant; 2025-26 settlement; 2027/28 grant")
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=10_000):
        form.save()
    with ledger.read() as s:
        actions = s.execute(select(AuditEntry.action).where(AuditEntry.action == "set_mechanism")
                            ).scalars().all()  # fmt: skip
    assert len(actions) == 1  # only the new year is written
    tab.refresh()
    qtbot.waitUntil(
        lambda: any(s.code == "DA" and (2027, "grant") in s.mechanisms for s in tab.items),
        timeout=10_000,
    )


def test_a_rule_naming_a_line_its_stream_lacks_says_so(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    """Add rule… with a typo in the line's name saves the rule (the line may come later) and
    says, where the app announces what was saved, that it codes nothing yet."""
    ctx = make_ctx(ledger, tmp_path)
    said: list[str] = []
    ctx.announce = lambda text, *a, **k: said.append(text)  # type: ignore[method-assign]
    tab = RulesTab(ctx)  # no rules yet
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: bool(tab.centres), timeout=10_000)
    form = RuleDialog(ctx, None, tab.centres, tab.contracts)
    qtbot.addWidget(form)
    form.centre.setCurrentIndex(form.centre.findData("LC4410"))
    form.line.setText("Refuge accomodation")
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=10_000):
        form.save()
    assert ctx.wait_idle(10)
    assert form.result_value.id == 1
    [text] = said
    assert text.startswith(
        "Added rule #1 — note: DA has no budget line called 'Refuge accomodation' in any year"
    )

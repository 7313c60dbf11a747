"""The reconciliation page says what each write did in the status bar (auto-match, match,
accept, unmatch), and a match made under Show: Unmatched — which the filter then hides — is said
with Show it (Show: All, the match selected on both sides)."""

from __future__ import annotations

from typing import Any

from tests.reconcile import test_page as base
from tests.reconcile.test_page import _reload, _row, _tick

# the page test's fixtures: a copy of the sample ledger, its context, the page on YJ 2025-26
template, ctx, page = base.template, base.ctx, base.page


def test_a_match_hidden_by_the_filter_is_said_with_show_it(page: Any, qtbot: Any) -> None:
    _reload(page, qtbot, page.auto_button.click)
    said = page.ctx.last_notice
    assert said is not None and said.text == (
        "Auto-matched ledger items with the general ledger: 22 matched, 3 ledger-only, "
        "2 statement-only"
    )
    page.filter.setCurrentText("Unmatched")
    lm, sm = page.ledger_model, page.statement_model
    _tick(lm, _row(lm, "INV-THE-202505-0025"))
    _tick(sm, _row(sm, "INV-TUR-202504-0012"))
    _reload(page, qtbot, page.match_button.click)
    qtbot.waitUntil(lambda: page.ctx.last_notice.show is not None, timeout=10_000)
    said = page.ctx.last_notice
    assert said.text.startswith("Matched 1 ledger item with 1 statement line (match #")
    assert said.text.endswith(") — not shown: hidden by Show: Unmatched")
    gid = int(said.text.split("match #")[1].split(")")[0])
    assert all(r.match is None for r in lm.rows)  # the filter hides the new match
    said.show()
    assert page.filter.currentText() == "All"
    row = page.selected_row()
    assert row is not None and row.match is not None and row.match.group_id == gid
    assert row.item.reference in ("INV-THE-202505-0025", "INV-TUR-202504-0012")
    # with Show: All the match stays in view: selected, and no link
    _reload(page, qtbot, page.unmatch_button.click)
    assert page.ctx.last_notice.text == f"Unmatched match #{gid}"
    assert page.ctx.last_notice.show is None


def _unmatched(model: Any, ref: str) -> int:
    return next(n for n, r in enumerate(model.rows) if r.item.reference == ref and r.match is None)


def test_a_match_in_view_is_selected_with_no_link(page: Any, qtbot: Any) -> None:
    _reload(page, qtbot, page.auto_button.click)
    lm, sm = page.ledger_model, page.statement_model
    assert page.filter.currentText() == "All"
    _tick(lm, _unmatched(lm, "INV-THE-202505-0025"))
    _tick(sm, _unmatched(sm, "INV-TUR-202504-0012"))
    _reload(page, qtbot, page.match_button.click)
    said = page.ctx.last_notice
    assert said.show is None and said.text.startswith("Matched 1 ledger item with 1 statement")
    gid = int(said.text.split("match #")[1].split(")")[0])
    qtbot.waitUntil(lambda: page.selected_row() is not None, timeout=10_000)
    row = page.selected_row()
    assert row.match is not None and row.match.group_id == gid

"""The main window's pages: one registration each (:mod:`ui.qt.pages.registry`), in
navigation order, imported lazily by name.

A page whose module is not in this build (or fails to import) is shown as a "not available in
this build" notice by the main window instead of crashing it.  To add a page, write its module
(a :class:`~ui.qt.pages.base.Page`) and add one ``register(PageDef(…))`` line below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ui.usecases.topics import EVERYTHING, Topic, topics

from .registry import PAGES, PageDef, PageRegistryError, Shot, page_def, page_names, register

if TYPE_CHECKING:
    from .base import Page

__all__ = [
    "PAGES",
    "PageDef",
    "PageUnavailable",
    "page_class",
    "page_def",
    "page_names",
    "register",
]

T = Topic
#: what the money pages show besides their own records
_FIGURES = topics(T.TRANSACTIONS, T.BUDGET, T.CONTRACTS, T.PARTNERS, T.INCOME, T.REFERENCE,
                  T.IMPORTS, T.PERIODS)  # fmt: skip

register(PageDef(
    "overview", "Overview", "ui.qt.pages.overview", "OverviewPage",
    icon="SP_ComputerIcon", shortcut="Ctrl+1", shows=_FIGURES | topics(T.RETURNS),
    shot=Shot("", "2025"),
))  # fmt: skip
register(PageDef(
    "variance", "Variance", "ui.qt.pages.variance", "VariancePage",
    icon="SP_FileDialogDetailedView", shortcut="Ctrl+2", shows=_FIGURES,
    shot=Shot("OPCC", "2025"),
))  # fmt: skip
register(PageDef(
    "allocations", "Allocations & budgets", "ui.qt.pages.allocations", "AllocationsPage",
    icon="SP_DirOpenIcon", shortcut="Ctrl+3", create="budget.write",
    shows=topics(T.BUDGET, T.REFERENCE, T.IMPORTS, T.PERIODS), shot=Shot("DA", "2025"),
))  # fmt: skip
register(PageDef(
    "contracts", "Contracts", "ui.qt.pages.contracts", "ContractsPage",
    icon="SP_FileDialogContentsView", shortcut="Ctrl+4", create="contract.write",
    shows=topics(T.CONTRACTS, T.TRANSACTIONS, T.BUDGET, T.REFERENCE, T.IMPORTS),
    shot=Shot("DA", "2025", "r.shah"),
))  # fmt: skip
register(PageDef(
    "transactions", "Transactions", "ui.qt.pages.transactions", "TransactionsPage",
    icon="SP_FileDialogListView", shortcut="Ctrl+5", create="transaction.write",
    shows=topics(T.TRANSACTIONS, T.BUDGET, T.CONTRACTS, T.REFERENCE, T.IMPORTS, T.PERIODS),
    shot=Shot("DA", "2025"),
))  # fmt: skip
register(PageDef(
    "contributions", "Contributions & recharges", "ui.qt.pages.contributions",
    "ContributionsPage", icon="SP_DirLinkIcon", shortcut="Ctrl+6",
    create="contribution.write", shows=topics(T.PARTNERS, T.REFERENCE, T.IMPORTS, T.PERIODS),
    shot=Shot("YJ", "2025"),
))  # fmt: skip
register(PageDef(
    "income", "Income", "ui.qt.pages.income", "IncomePage",
    icon="SP_ArrowUp", shortcut="Ctrl+7", create="income.write",
    shows=topics(T.INCOME, T.REFERENCE, T.IMPORTS, T.PERIODS), shot=Shot("PMT", "2025"),
))  # fmt: skip
register(PageDef(
    "reconciliation", "Reconciliation", "ui.qt.pages.reconciliation", "ReconciliationPage",
    icon="SP_DialogApplyButton", shortcut="Ctrl+8",
    shows=topics(T.RECONCILIATION, T.TRANSACTIONS, T.IMPORTS, T.REFERENCE, T.PERIODS),
    shot=Shot("", "2025", ledger="worked"),
))  # fmt: skip
register(PageDef(
    "imports", "Imports", "ui.qt.pages.imports", "ImportsPage",
    icon="SP_ArrowDown", shortcut="Ctrl+9", create="import.write",
    shows=topics(T.IMPORTS, T.REFERENCE), shot=Shot("", "all", ledger="worked"),
))  # fmt: skip
register(PageDef(
    "returns", "Returns", "ui.qt.pages.returns", "ReturnsPage",
    icon="SP_DialogSaveButton", shows=_FIGURES | topics(T.RETURNS), shot=Shot("OPCC", "2025"),
))  # fmt: skip
register(PageDef(
    "audit", "Audit log", "ui.qt.pages.audit", "AuditPage",
    icon="SP_FileDialogInfoView", shows=EVERYTHING, shot=Shot("", "all", ledger="worked"),
))  # fmt: skip
register(PageDef(
    "settings", "Settings", "ui.qt.pages.settings", "SettingsPage",
    icon="SP_FileDialogDetailedView", shows=topics(T.REFERENCE, T.USERS, T.PERIODS),
    shot=Shot("", "2025", "admin"),
))  # fmt: skip


class PageUnavailable(Exception):
    """The page is not in this build (module missing) or failed to import."""


def page_class(name: str) -> type[Page]:
    """Import and return the class of the page registered as ``name``."""
    try:
        p = page_def(name)
    except PageRegistryError as exc:
        raise PageUnavailable(str(exc)) from exc
    try:
        module = importlib.import_module(p.module)
    except ModuleNotFoundError as exc:
        if exc.name == p.module:
            raise PageUnavailable(f"The {p.title} page is not available in this build.") from exc
        raise PageUnavailable(f"The {p.title} page could not be loaded: {exc}") from exc
    except Exception as exc:
        raise PageUnavailable(f"The {p.title} page could not be loaded: {exc}") from exc
    cls = getattr(module, p.factory, None)
    if cls is None:
        raise PageUnavailable(
            f"The {p.title} page is not available in this build ({p.module} has no {p.factory})."
        )
    return cls  # type: ignore[no-any-return]

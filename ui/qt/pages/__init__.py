"""The main window's pages, imported lazily by name.

``PAGES`` lists ``(name, module, class)`` in navigation order.  A page whose module is not in
this build (or fails to import) is shown as a "not available in this build" notice by the main
window instead of crashing it.  Add or change your page's line with a small edit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Page

PAGES: list[tuple[str, str, str]] = [
    ("overview", "ui.qt.pages.overview", "OverviewPage"),
    ("variance", "ui.qt.pages.variance", "VariancePage"),
    ("allocations", "ui.qt.pages.allocations", "AllocationsPage"),
    ("contracts", "ui.qt.pages.contracts", "ContractsPage"),
    ("transactions", "ui.qt.pages.transactions", "TransactionsPage"),
    ("contributions", "ui.qt.pages.contributions", "ContributionsPage"),
    ("income", "ui.qt.pages.income", "IncomePage"),
    ("reconciliation", "ui.qt.pages.reconciliation", "ReconciliationPage"),
    ("imports", "ui.qt.pages.imports", "ImportsPage"),
    ("returns", "ui.qt.pages.returns", "ReturnsPage"),
    ("audit", "ui.qt.pages.audit", "AuditPage"),
    ("settings", "ui.qt.pages.settings", "SettingsPage"),
]

#: titles for the navigation list (a page class's own ``title`` wins once it is loaded)
TITLES: dict[str, str] = {
    "overview": "Overview",
    "variance": "Variance",
    "allocations": "Allocations & budgets",
    "contracts": "Contracts",
    "transactions": "Transactions",
    "contributions": "Contributions & recharges",
    "income": "Income",
    "reconciliation": "Reconciliation",
    "imports": "Imports",
    "returns": "Returns",
    "audit": "Audit log",
    "settings": "Settings",
}

PAGE_NAMES: tuple[str, ...] = tuple(name for name, _m, _c in PAGES)


class PageUnavailable(Exception):
    """The page is not in this build (module missing) or failed to import."""


def page_class(name: str) -> type[Page]:
    """Import and return the page class registered as ``name``."""
    for key, module_name, class_name in PAGES:
        if key != name:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                raise PageUnavailable(
                    f"The {TITLES.get(name, name)} page is not available in this build."
                ) from exc
            raise PageUnavailable(
                f"The {TITLES.get(name, name)} page could not be loaded: {exc}"
            ) from exc
        except Exception as exc:
            raise PageUnavailable(
                f"The {TITLES.get(name, name)} page could not be loaded: {exc}"
            ) from exc
        cls = getattr(module, class_name, None)
        if cls is None:
            raise PageUnavailable(
                f"The {TITLES.get(name, name)} page is not available in this build "
                f"({module_name} has no {class_name})."
            )
        return cls  # type: ignore[no-any-return]
    raise PageUnavailable(f"There is no page called {name!r}.")

"""No import cycles anywhere in the repository: a test walks the whole import graph.

Every import counts, including those under ``if TYPE_CHECKING:`` and those inside functions
(lazy imports), so a module that needs a name from its caller takes it as a parameter or a
``Protocol`` instead of importing it back (e.g. ``ui.qt.opening.OpeningWindow``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import grimp

PACKAGES = ("fundledger", "db", "importers", "exports", "ui")


def cycles(nodes: Iterable[str], edges: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": [], "e": ["f"], "f": ["e"]}
    assert cycles(graph, lambda n: graph[n]) == [["a", "b", "c"], ["e", "f"]]
    assert cycles({"a": ["b"], "b": []}, lambda n: {"a": ["b"], "b": []}[n]) == []


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=False)
    assert len(graph.modules) > 150  # the whole repository was walked
    assert "ui.qt.main_window" in graph.find_modules_that_directly_import("ui.qt.actions")
    found = cycles(graph.modules, graph.find_modules_directly_imported_by)
    assert found == [], "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)

"""PySide6's import hook, answered from the file instead of through ``inspect`` (issue 23).

Once PySide6 is imported, every later ``import`` in the process passes through its
``__feature__`` hook, which records whether the new module "uses PySide" (the modules that may
switch on ``from __feature__ import snake_case``).  PySide6 decides that with
``inspect.getsource(module)`` and a search for the text ``PySide6``: the whole source of the
module is read, tokenised for its encoding, split into lines and joined again, and
``inspect.getmodule`` walks ``sys.modules`` on the way.  Everything the app imports after its
window (SQLAlchemy and the database layer when a ledger opens, the pages) is about 300 modules:
≈0.15 s of CPU spent asking, more than the imports themselves cost without PySide6 loaded.

:func:`install` gives the hook the same answer from the file's bytes: a module whose ``__file__``
is a ``.py`` file uses PySide if its bytes hold ``PySide6`` (every encoding Python source is
written in spells that ASCII word the same way); any other module (built in, compiled, from a
zip, a file that cannot be read) is asked PySide6's own way.  Nothing else of the hook changes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

#: the module of PySide6 (6.x) that holds the hook's question
FEATURE_MODULE = "shibokensupport.feature"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source mentions PySide6 (``fallback`` when it has no .py file)."""
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return fallback(module)
    try:
        with open(file, "rb") as fh:
            return b"PySide6" in fh.read()
    except OSError:
        return fallback(module)


def install() -> bool:
    """Answer PySide6's import hook from module files (see the module docstring); idempotent.

    False when this PySide6 has no such hook (nothing is changed)."""
    import PySide6  # noqa: F401 - loads shiboken, which defines the hook

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "_fundledger", False):
        return True

    def _mod_uses_pyside(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    _mod_uses_pyside._fundledger = True  # type: ignore[attr-defined]
    _mod_uses_pyside.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = _mod_uses_pyside  # type: ignore[attr-defined]
    return True

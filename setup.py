"""Build step: the user guide ships inside the package.

``docs/user-guide.md`` and its pictures in ``docs/img/`` stay the one source of the guide; a
wheel (``pip install .``) carries a copy as ``ui/help/`` so that an installed app opens it (F1).
An editable install reads ``docs/`` in place (``ui.qt.help.guide_candidates``).  Everything
else about the package is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def help_files() -> list[tuple[Path, str]]:
    """(source, path inside the package) of the guide and every picture it may show."""
    docs = HERE / "docs"
    files = [(docs / "user-guide.md", "ui/help/user-guide.md")]
    files += [(p, f"ui/help/img/{p.name}") for p in sorted((docs / "img").glob("*.png"))]
    return files


class BuildWithHelp(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in help_files():
            dest = Path(self.build_lib) / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildWithHelp})

"""``fundledger gui [--page NAME] [--screenshot FILE]``: the desktop app (the default command)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ui.qt.pages import page_names  # the registry (no Qt import)

    parser.add_argument("--page", choices=page_names(), help="open at this page")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        type=Path,
        help="render the window at --page with its data loaded to a PNG and exit (offscreen works)",
    )


def run(args: argparse.Namespace, ctx: Any) -> int:
    from ui import gcpause

    gcpause.pause()  # start-up: resumed once the first page is in (ui.gcpause)
    if args.screenshot is not None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui.qt.app import screenshot
        from ui.qt.system_libraries import MissingSystemLibraries
        from ui.usecases.session_errors import UnknownUser

        try:
            return screenshot(_ledger(ctx.db), ctx.user, args.page or "overview", args.screenshot)
        except MissingSystemLibraries as exc:
            print(exc, file=sys.stderr)
            return 1
        except UnknownUser as exc:  # refused: --user names no user of the ledger
            print(f"fundledger gui: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # the ledger could not be opened
            print(f"fundledger gui: {exc}", file=sys.stderr)
            return 1
        finally:
            gcpause.resume()
    from ui.qt.app import run as run_app
    from ui.qt.system_libraries import MissingSystemLibraries

    try:
        return run_app(ctx.db, ctx.user, args.page)
    except MissingSystemLibraries as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        gcpause.resume()


def _ledger(db: str | None) -> str | None:
    """The ledger a screenshot shows: ``--db``, else the default ledger when it exists (as the
    app opens it: $FUNDLEDGER_HOME/ledger.sqlite or the user data folder's), else None (the
    welcome panel)."""
    if db:
        return db
    from db.engine import default_ledger_path

    default = default_ledger_path()
    return str(default) if default.exists() else None

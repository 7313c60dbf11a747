"""``fundledger settings rag|expiry-window|name|show``: the ledger settings the app's Settings
page changes (audited): a stream's RAG thresholds, the contracts expiry warning window and the
ledger's name.

``settings rag --stream S --red PCT --amber PCT``: red when the forecast overspends the
revised budget by more than PCT %, amber when % spent is off the straight-line profile by more
than PCT points.  ``settings expiry-window DAYS [--reason R]``: warn about a pending extension
decision this many days (1–730) before a contract line ends.  ``settings name TEXT [--reason
R]``: the ledger's name (the council's), printed on every export and return.  ``settings show``.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from db.ledger import Ledger
from db.writes import LedgerError
from ui.cli import Context

from ._script import Done, json_flag, perform


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    rag = sub.add_parser("rag", help="a stream's RAG thresholds (audited)")
    rag.add_argument("--stream", required=True, metavar="CODE")
    rag.add_argument("--red", metavar="PCT", help="forecast overspend %% that turns a line red")
    rag.add_argument("--amber", metavar="PCT", help="points off the profile that turn it amber")
    json_flag(rag)
    exp = sub.add_parser("expiry-window", help="days of warning before a contract line ends")
    exp.add_argument("days", metavar="DAYS", help="1 to 730")
    exp.add_argument("--reason", help="why (recorded in the audit log)")
    json_flag(exp)
    name = sub.add_parser("name", help="the ledger's name, printed on every export and return")
    name.add_argument("name", metavar="TEXT", help="e.g. 'Leeds City Council – grant ledger'")
    name.add_argument("--reason", help="why (recorded in the audit log)")
    json_flag(name)
    show = sub.add_parser("show", help="the ledger's name, RAG thresholds and expiry window")
    json_flag(show)


def _pct(text: str | None, what: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.strip().rstrip("%"))
    except InvalidOperation as exc:
        raise LedgerError(f"{what} {text!r} is not a percentage") from exc


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import settings

    def rag(ledger: Ledger) -> Done:
        red, amber = _pct(args.red, "--red"), _pct(args.amber, "--amber")
        if red is None and amber is None:
            raise LedgerError("give --red, --amber or both")
        row = next((t for t in settings.settings_view(ledger).thresholds
                    if t.code.upper() == args.stream.upper()), None)  # fmt: skip
        if row is None:
            raise LedgerError(f"there is no stream {args.stream!r}")
        red = row.red_forecast_pct if red is None else red
        amber = row.amber_profile_pct if amber is None else amber
        settings.set_thresholds(ledger, row.stream_id, red, amber, row.version)
        return Done(f"{row.code}: red above a {red}% forecast overspend, amber {amber} points off "
                    "the profile.", {"stream": row.code, "red_forecast_pct": red,
                                     "amber_profile_pct": amber})  # fmt: skip

    def window(ledger: Ledger) -> Done:
        raw = args.days.strip()
        if not raw.isdigit():
            raise LedgerError(f"the expiry warning window is a whole number of days, not {raw!r}")
        days = int(raw)
        settings.set_expiry_window(ledger, days, args.reason)
        return Done(f"Contracts ending within {days} days are warned about.",
                    {"expiry_window_days": days})  # fmt: skip

    def name(ledger: Ledger) -> Done:
        kept = settings.set_ledger_name(ledger, args.name, args.reason)
        return Done(f"The ledger is named {kept!r}.", {"name": kept})

    def show(ledger: Ledger) -> Done:
        view = settings.settings_view(ledger)
        days, rows = view.expiry_days, view.thresholds
        lines = [f"Ledger name: {view.name or '-'}", f"Expiry warning window: {days} days"]
        lines += [f"{t.code}\tred > {t.red_forecast_pct}%\tamber > {t.amber_profile_pct} points"
                  for t in rows]  # fmt: skip
        data = {"name": view.name, "expiry_window_days": days,
                "rag": [{"stream": t.code, "red_forecast_pct": t.red_forecast_pct,
                         "amber_profile_pct": t.amber_profile_pct} for t in rows]}  # fmt: skip
        return Done("\n".join(lines), data, audited=False)

    action = {"rag": rag, "expiry-window": window, "name": name, "show": show}[args.action]
    return perform(ctx, f"settings {args.action}", bool(args.json), action)

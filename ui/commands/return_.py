"""``fundledger return``: returns kept as records (issue 22).

``submit RETURN --out FILE.xlsx --to BODY [--year Y] [--stream S] [--as-at D] [--period P]
[--on D] [--note T] [--supersedes ID] [--draft]`` writes the return and keeps it, as sent, in
the ledger; ``list`` the register; ``show ID [--out FILE]`` a submission (its workbook byte for
byte); ``diff ID [--against ID|now] [--out FILE]`` what changed since; ``due`` what is due;
``schedule RETURN --first D --every quarter --to BODY`` and ``unschedule ID`` the calendar.
Exit 2 for bad input or a refusal (nothing written), 1 for anything else; refusals are said
as by every command (:mod:`ui.commands._refdata`).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from fundledger.messages import Field
from fundledger.money import format_gbp
from fundledger.years import year_label
from ui.cli import EXIT_INVALID, EXIT_OK, Context

from ._refdata import run_action


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ui.usecases.exports import return_names

    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sub.add_parser("submit", help="write a return and keep it as submitted (immutable)")
    p.add_argument("ret", metavar="RETURN", help=" | ".join(return_names()))
    p.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    p.add_argument("--to", required=True, help="to whom it was sent, e.g. 'YOT Partnership Board'")
    p.add_argument("--year", help="financial year, e.g. 2025-26")
    p.add_argument("--stream", help="stream code, e.g. OPCC")
    p.add_argument("--as-at", dest="as_at", help="as-at date, dd/mm/yyyy")
    p.add_argument("--period", help="the period covered (default: the year to the as-at date)")
    p.add_argument("--on", help="the date it was sent, dd/mm/yyyy (default today)")
    p.add_argument("--note", help="a note kept with the submission")
    p.add_argument("--supersedes", type=int, metavar="ID", help="the submission it corrects")
    p.add_argument("--draft", action="store_true", help="keep it as a draft, not yet sent")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("list", help="the returns register (newest first)")
    p.add_argument("--stream", help="only this stream's submissions")
    p.add_argument("--return", dest="ret", metavar="RETURN", help="only this return")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("show", help="a submission; --out writes its workbook exactly as sent")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--out", help="write the stored workbook here (.xlsx)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("diff", help="what changed since a submission (or between two)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--against", default="now", help="another submission's ID, or now (default)")
    p.add_argument("--as-at", dest="as_at", help="now: as at this date (default: the "
                   "submission's own)")  # fmt: skip
    p.add_argument("--out", help="also write the comparison as a workbook (.xlsx)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("due", help="returns due: overdue, due soon, next due")
    p.add_argument("--on", help="as on this date, dd/mm/yyyy (default today)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("schedule", help="say when a return is due for a stream (audited)")
    p.add_argument("ret", metavar="RETURN", help=" | ".join(return_names()))
    p.add_argument("--stream", help="stream code (default: the return's own)")
    p.add_argument("--first", required=True, help="the first due date, dd/mm/yyyy")
    p.add_argument("--every", required=True, help="once | month | quarter | half-year | year")
    p.add_argument("--to", required=True, help="to whom it is due")
    p.add_argument("--warn", type=int, default=14, help="days ahead to show it as due soon")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("figures", help="every figure a funder template's cell map can name, "
                       "with its meaning and today's value")  # fmt: skip
    p.add_argument("--year", help="financial year, e.g. 2025-26")
    p.add_argument("--stream", help="stream code, e.g. OPCC")
    p.add_argument("--as-at", dest="as_at", help="as-at date, dd/mm/yyyy")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("maps", help="the cell maps saved in the ledger")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("save-map", help="save a cell map (JSON) in the ledger by name (audited)")
    p.add_argument("name", metavar="NAME", help="e.g. 'OPCC quarterly claim'")
    p.add_argument(
        "map", metavar="MAP.json", help='{"cells": {"Claim!C7": "opcc.expenditure_total"}}'
    )
    p.add_argument("--template", help="the funder's workbook it fills (its file name)")
    p = sub.add_parser("fill", help="fill a funder's workbook through a saved cell map")
    p.add_argument("name", metavar="NAME", help="the saved map")
    p.add_argument("--template", required=True, help="the funder's workbook")
    p.add_argument("--out", required=True, help="the filled copy (the template's extension)")
    p.add_argument("--year", help="financial year, e.g. 2025-26")
    p.add_argument("--stream", help="stream code, e.g. OPCC")
    p.add_argument("--as-at", dest="as_at", help="as-at date, dd/mm/yyyy")
    p.add_argument("--to", help="submit it: to whom it is sent (kept as sent, like any return)")
    p.add_argument("--period", help="with --to: the period covered")
    p.add_argument("--on", help="with --to: the date it was sent, dd/mm/yyyy (default today)")
    p.add_argument("--note", help="with --to: a note kept with the submission")
    p.add_argument("--supersedes", type=int, metavar="ID", help="with --to: the one it corrects")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("unschedule", help="stop reminding of a schedule (kept as history)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--reason", help="why (recorded in the audit log)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    # a file that cannot be read or written, or a stored workbook that no longer matches: exit 1
    return run_action(ctx, f"return {args.action}",
                      lambda ledger: ACTIONS[args.action](ledger, args),
                      faults=(OSError, RuntimeError))  # fmt: skip


def _signed(d: Decimal, kind: str = "money") -> str:
    sign = "+" if d > 0 else ""
    if kind == "percent":
        return f"{sign}{d:.2f} points"
    return sign + format_gbp(d) if kind in ("money", "money_whole") else f"{sign}{d}"


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _submit(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.exports import Request
    from ui.usecases.submissions import submit_return

    done = submit_return(ledger, Request(args.ret, args.year, args.stream, "line", args.as_at),
                         args.out, to=args.to, on=args.on, period=args.period, note=args.note,
                         supersedes=args.supersedes, draft=args.draft)  # fmt: skip
    scope = done.prepared.scope
    if args.json:
        _print({"id": done.id, "return": scope.ret, "stream": scope.stream,
                "year": scope.year_text, "as_at": scope.as_at.isoformat(), "period": done.period,
                "to": done.submitted_to, "on": done.submitted_on.isoformat(),
                "status": "draft" if done.draft else "submitted", "file": str(done.path),
                "sha256": done.sha256, "size": done.size, "supersedes": args.supersedes,
                "totals": {k: f"{v:.2f}" for k, v in done.prepared.totals.items()}})  # fmt: skip
        return EXIT_OK
    word = "Kept draft" if done.draft else "Submitted"
    print(f"{word} #{done.id}: {done.prepared.title} ({done.period}) to {done.submitted_to} "
          f"on {done.submitted_on:%d/%m/%Y}")  # fmt: skip
    print(f"  wrote {done.path} ({done.size:,} bytes, sha256 {done.sha256})")
    if args.supersedes:
        print(f"  supersedes #{args.supersedes}")
    return EXIT_OK


def _row_json(r: Any) -> dict[str, Any]:
    return {"id": r.id, "return": r.ret, "title": r.title, "stream": r.stream,
            "year": None if r.year is None else year_label(r.year),
            "as_at": r.as_at.isoformat(), "period": r.period, "to": r.submitted_to,
            "on": r.submitted_on.isoformat(), "status": r.status, "note": r.note,
            "file": r.file_name, "sha256": r.sha256, "size": r.size,
            "seal": None if r.seal_hash is None else {"entry": r.seal_entry,
                                                       "hash": r.seal_hash},
            "supersedes": r.supersedes, "superseded_by": r.superseded_by,
            "by": r.created_by, "at": r.created_at.isoformat()}  # fmt: skip


def _list(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.submissions import list_submissions

    rows = list_submissions(ledger, args.stream.upper() if args.stream else None, args.ret)
    if args.json:
        _print({"submissions": [_row_json(r) for r in rows]})
        return EXIT_OK
    if not rows:
        print("No returns submitted yet.")
    for r in rows:
        extra = f" (superseded by #{r.superseded_by})" if r.superseded_by else ""
        print(f"#{r.id:<4} {r.submitted_on:%d/%m/%Y}  {r.ret:<18} {r.stream or '-':<6} "
              f"{r.period:<26} {r.status}{extra}  to {r.submitted_to}")  # fmt: skip
    return EXIT_OK


def _show(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.submissions import get_submission, save_submission

    found = save_submission(ledger, args.id, args.out) if args.out else get_submission(
        ledger, args.id)  # fmt: skip
    r = found.row
    content = json.loads(found.content)
    if args.json:
        _print({**_row_json(r), "file_written": args.out, "note": r.note,
                "table": content["table"], "figures": content["figures"]})  # fmt: skip
        return EXIT_OK
    print(f"Submission #{r.id}: {r.title} ({r.period}) — {r.status}")
    print(f"  to {r.submitted_to} on {r.submitted_on:%d/%m/%Y} by {r.created_by}; "
          f"stream {r.stream or '-'}, as at {r.as_at:%d/%m/%Y}")  # fmt: skip
    print(f"  {r.file_name}: {r.size:,} bytes, sha256 {r.sha256}")
    if r.seal_hash is not None:
        print(
            f"  Ledger seal {'#' + str(r.seal_entry) if r.seal_entry else '(head)'} {r.seal_hash}"
        )
    for label, other in (("supersedes", r.supersedes), ("superseded by", r.superseded_by)):
        if other:
            print(f"  {label} #{other}")
    if r.note:
        print(f"  note: {r.note}")
    for k, v in content["table"]["totals"].items():
        print(f"  {k}: {format_gbp(Decimal(v))}")
    if args.out:
        print(f"  wrote {args.out} (the workbook as sent, byte for byte)")
    return EXIT_OK


def _against(text: str) -> int | None:
    from ui.usecases.returns.base import ExportInputError

    if text.strip().lower() == "now":
        return None
    if not text.strip().isdigit():
        raise ExportInputError(f"{text!r}: a submission's ID or now", Field.AGAINST)
    return int(text)


def _diff(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.submissions import diff_submission, write_diff_workbook

    against = _against(args.against)
    compared = diff_submission(ledger, args.id, against, args.as_at)
    if args.out:
        write_diff_workbook(ledger, compared, args.out)
    d = compared.diff
    if args.json:
        _print({"submission": args.id, "against": against or "now",
                "as_at": compared.as_at.isoformat(), "file": args.out, **d.to_json()})  # fmt: skip
        return EXIT_OK
    print(f"{compared.title}\n  {d.before_label}\n  → {d.after_label}")
    if d.same:
        print("  Nothing changed.")
    for c in d.figures:
        diff = "" if c.difference is None else f" ({_signed(c.difference, c.kind)})"
        print(f"  figure {c.name}: {c.before} → {c.after}{diff}")
    for r in d.rows:
        cells = "; ".join(f"{c.name} {c.before} → {c.after}" for c in r.cells)
        print(f"  row {r.key} {r.status}: {cells}")
    for s in d.sources:
        print(f"  {s.source} ({s.figure}) {s.status}: {_signed(s.difference)}"
              f"{' ' + s.reference if s.reference else ''}")  # fmt: skip
        for a in s.audit:
            print(f"      audit {a}")
    if args.out:
        print(f"  wrote {args.out}")
    return EXIT_OK


def _due(ledger: Any, args: argparse.Namespace) -> int:
    from fundledger.dates import parse_date
    from ui.usecases.returns.base import ExportInputError
    from ui.usecases.returns_due import due_list

    on = None
    if args.on:
        on, problem = parse_date(args.on)
        if on is None:
            raise ExportInputError(f"{args.on}: {problem or 'not a date'}", Field.ON)
    items = due_list(ledger, on)
    if args.json:
        _print({"due": [{"schedule": d.schedule.id, "return": d.schedule.ret,
                         "stream": d.schedule.stream, "to": d.schedule.due_to,
                         "every": d.every, "state": d.state.state,
                         "due": None if d.state.due is None else d.state.due.isoformat(),
                         "days": d.state.days,
                         "last": None if d.last is None else {
                             "id": d.last.id, "on": d.last.submitted_on.isoformat(),
                             "period": d.last.period, "status": d.last.status}}
                        for d in items]})  # fmt: skip
        return EXIT_OK
    if not items:
        print("No returns are scheduled (fundledger return schedule RETURN --first D --every "
              "quarter --to BODY).")  # fmt: skip
    for d in items:
        when = "" if d.state.due is None else f" {d.state.due:%d/%m/%Y}"
        last = ("never submitted" if d.last is None else
                f"last #{d.last.id} on {d.last.submitted_on:%d/%m/%Y} ({d.last.period})")  # fmt: skip
        print(f"{d.state.state:<9}{when}  {d.schedule.ret} {d.schedule.stream or ''} "
              f"({d.every}, to {d.schedule.due_to}); {last}  [schedule #{d.schedule.id}]")  # fmt: skip
    return EXIT_OK


def _schedule(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.returns_due import add_schedule

    new_id = add_schedule(ledger, args.ret, args.stream, args.first, args.every, args.to,
                          args.warn)  # fmt: skip
    if args.json:
        _print({"schedule": new_id, "return": args.ret, "stream": args.stream,
                "first": args.first, "every": args.every, "to": args.to, "warn": args.warn})  # fmt: skip
    else:
        print(f"Schedule #{new_id}: {args.ret} due {args.every} from {args.first} to {args.to}")
    return EXIT_OK


def _unschedule(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.returns_due import retire_schedule

    retire_schedule(ledger, args.id, args.reason)
    print(f"Schedule #{args.id} retired (kept as history)")
    return EXIT_OK


def _figures(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.exports import Request
    from ui.usecases.returns.base import figure_json
    from ui.usecases.template_maps import figure_catalogue

    rows = figure_catalogue(ledger, Request("variance", args.year, args.stream, "line",
                                            args.as_at))  # fmt: skip
    if args.json:
        _print({"figures": [{"key": f.key, "meaning": f.meaning, "value": figure_json(f.value),
                             "return": f.ret or None} for f in rows]})  # fmt: skip
        return EXIT_OK
    width = max(len(f.key) for f in rows)
    for f in rows:
        value = "" if f.value is None else str(figure_json(f.value))
        print(f"{f.key.ljust(width)}  {value:>16}  {f.meaning}")
    return EXIT_OK


def _maps(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.template_maps import saved_maps

    found = saved_maps(ledger)
    if args.json:
        _print({"maps": {n: m.to_json() for n, m in found.items()}})
        return EXIT_OK
    if not found:
        print("No cell maps are saved (fundledger return save-map NAME MAP.json).")
    for n, m in found.items():
        print(f"{n}: {len(m.cells)} cells{' for ' + m.template if m.template else ''}")
        for target, key in m.cells.items():
            print(f"  {target} = {key}")
    return EXIT_OK


def _save_map(ledger: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from ui.usecases.template_maps import SavedMap, save_map
    from ui.usecases.templates import read_map

    cells, defaults = read_map(Path(args.map))
    save_map(ledger, SavedMap(args.name, args.template or "", cells, defaults.get("year"),
                              defaults.get("stream")))  # fmt: skip
    print(f"Saved cell map {args.name!r}: {len(cells)} cells")
    return EXIT_OK


def _fill(ledger: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from ui.usecases.exports import Request
    from ui.usecases.template_maps import fill_saved

    if args.to:
        return _submit_template(ledger, args)
    result = fill_saved(ledger, args.name, Path(args.template), Path(args.out),
                        Request("variance", args.year, args.stream, "line", args.as_at))  # fmt: skip
    if args.json:
        _print(result.to_json())
    if result.problems:
        if not args.json:
            for problem in result.problems:
                print(f"fundledger return fill: {problem}", file=sys.stderr)
        return EXIT_INVALID
    if not args.json:
        print(f"filled {result.out} from {result.template}: {len(result.filled)} cells")
    return EXIT_OK


def _submit_template(ledger: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from ui.usecases.exports import Request
    from ui.usecases.template_submit import submit_template

    done = submit_template(ledger, args.name, Path(args.template), Path(args.out),
                           Request("variance", args.year, args.stream, "line", args.as_at),
                           to=args.to, on=args.on, period=args.period, note=args.note,
                           supersedes=args.supersedes)  # fmt: skip
    if args.json:
        _print({"id": done.id, "return": f"template:{args.name}", "file": str(done.path),
                "sha256": done.sha256, "size": done.size, "period": done.period,
                "to": done.submitted_to, "on": done.submitted_on.isoformat()})  # fmt: skip
    else:
        print(f"Submitted #{done.id}: {done.title} ({done.period}) to {done.submitted_to}; wrote "
              f"{done.path} (sha256 {done.sha256})")  # fmt: skip
    return EXIT_OK


ACTIONS = {"submit": _submit, "list": _list, "show": _show, "diff": _diff, "due": _due,
           "schedule": _schedule, "unschedule": _unschedule, "figures": _figures, "maps": _maps,
           "save-map": _save_map, "fill": _fill}  # fmt: skip

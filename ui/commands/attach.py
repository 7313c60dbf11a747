"""``fundledger attach``: evidence kept in the ledger (issue 22).

``add (--txn ID | --contract ID | --contribution ID | --return ID) FILE [--note T]`` (a contract
line by ``#id`` or its reference, as the contract commands take it) attaches a
file (PDF, image, workbook, document or email; at most 25 MB; stored once by its sha256);
``list [--txn ID | … | --stream S] [--detached]``; ``get ID --out FILE`` writes it byte for
byte; ``detach ID --reason R`` detaches it (audited; the file stays as history).  Refusals and
exit codes are the shared ones (:mod:`ui.commands._refdata`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ui.cli import EXIT_OK, Context

from ._refdata import run_action

TARGET_FLAGS = (("txn", "a transaction"), ("contract", "a contract line"),
                ("contribution", "a partner contribution"), ("return", "a submitted return"))  # fmt: skip


def _targets(p: argparse.ArgumentParser, required: bool) -> None:
    group = p.add_mutually_exclusive_group(required=required)
    for flag, words in TARGET_FLAGS:
        if flag == "contract":  # as the contract commands: #id or its reference
            group.add_argument("--contract", metavar="ID", help=f"on {words}: #id or reference")
        else:
            group.add_argument(f"--{flag}", type=int, metavar="ID", help=f"on {words}")
    if not required:
        group.add_argument("--stream", help="every attachment of a stream")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="attach a file (audited; stored once by its sha256)")
    _targets(p, True)
    p.add_argument("file", metavar="FILE", help="PDF, image, workbook, document or email")
    p.add_argument("--note", help="what the file is, e.g. 'invoice 4471'")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("list", help="attachments (of one thing, a stream, or all you can see)")
    _targets(p, False)
    p.add_argument("--detached", action="store_true", help="include detached ones")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("get", help="write an attached file, byte for byte")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--out", required=True, help="where to write it")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("detach", help="detach a file (audited; it stays in the history)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--reason", help="why (required; recorded in the audit log)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    # a file that cannot be read or written, or a stored file that no longer matches: exit 1
    return run_action(ctx, f"attach {args.action}",
                      lambda ledger: ACTIONS[args.action](ledger, args),
                      faults=(OSError, RuntimeError))  # fmt: skip


def _target(ledger: Any, args: argparse.Namespace) -> tuple[str, int] | None:
    found = next(((f, getattr(args, f)) for f, _ in TARGET_FLAGS
                  if getattr(args, f, None) is not None), None)  # fmt: skip
    if found is None or found[0] != "contract":
        return found
    from ui.usecases.scripting import find_contract

    with ledger.read() as s:
        return "contract", find_contract(s, str(found[1])).id


def row_json(r: Any) -> dict[str, Any]:
    return {"id": r.id, "file": r.file_name, "type": r.content_type, "size": r.size,
            "sha256": r.sha256, "stream": r.stream, "on": {"kind": r.kind, "id": r.target_id},
            "note": r.note, "by": r.created_by, "at": r.created_at.isoformat(),
            "detached": r.detached,
            "detached_by": r.detached_by, "detach_reason": r.detach_reason,
            "detached_at": None if r.detached_at is None else r.detached_at.isoformat()}  # fmt: skip


def _add(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.evidence import attach_file

    target = _target(ledger, args)
    assert target is not None
    done = attach_file(ledger, target[0], target[1], args.file, args.note)
    if args.json:
        print(json.dumps({"id": done.id, "sha256": done.sha256, "size": done.size,
                          "reused": done.reused, "on": {"kind": target[0], "id": target[1]}},
                         indent=2))  # fmt: skip
        return EXIT_OK
    again = " (the same file was already in the ledger: kept once)" if done.reused else ""
    print(f"Attachment #{done.id}: {args.file} on {target[0]} #{target[1]}, {done.size:,} "
          f"bytes, sha256 {done.sha256}{again}")  # fmt: skip
    return EXIT_OK


def _list(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.evidence import list_attachments

    stream = args.stream.upper() if args.stream else None
    rows = list_attachments(ledger, on=_target(ledger, args), stream=stream, detached=args.detached)
    if args.json:
        print(json.dumps({"attachments": [row_json(r) for r in rows]}, indent=2,
                         ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if not rows:
        print("No attachments.")
    for r in rows:
        gone = f"  detached by {r.detached_by}: {r.detach_reason}" if r.detached else ""
        print(f"#{r.id:<5} {r.on:<22} {r.stream or '-':<6} {r.file_name}  {r.size:,} bytes"
              f"{'  ' + r.note if r.note else ''}{gone}")  # fmt: skip
    return EXIT_OK


def _get(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.evidence import get_file

    r = get_file(ledger, args.id, args.out)
    if args.json:
        print(json.dumps({**row_json(r), "written": args.out}, indent=2, ensure_ascii=False))
    else:
        print(f"wrote {args.out}: {r.file_name} ({r.size:,} bytes, sha256 {r.sha256})")
    return EXIT_OK


def _detach(ledger: Any, args: argparse.Namespace) -> int:
    from ui.usecases.evidence import detach

    detach(ledger, args.id, args.reason)
    print(f"Attachment #{args.id} detached (the file stays in the ledger's history)")
    return EXIT_OK


ACTIONS = {"add": _add, "list": _list, "get": _get, "detach": _detach}

"""``fundledger evidence-pack RETURN_ID --out FILE.zip``: one zip with the return workbook as
sent, every file attached behind its rows (and to the submission), and an index workbook
linking each row to its files (issue 22)."""

from __future__ import annotations

import argparse
import json
import sys

from db.migrate import LedgerFileError
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, metavar="RETURN_ID", help="the submission's number")
    parser.add_argument("--out", required=True, help="the zip to write")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.evidence import EvidenceInputError, evidence_pack
    from ui.usecases.returns.base import ExportInputError
    from ui.usecases.session import open_ledger

    def fail(code: int, message: str) -> int:
        print(f"fundledger evidence-pack: {message}", file=sys.stderr)
        return code

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        return fail(EXIT_ERROR, str(exc))
    try:
        pack = evidence_pack(ledger, args.id, args.out)
    except (EvidenceInputError, ExportInputError) as exc:
        return fail(EXIT_INVALID, f"{exc}; nothing was written")
    except (OSError, RuntimeError) as exc:
        return fail(EXIT_ERROR, f"nothing written: {exc}")
    finally:
        ledger.dispose()
    if args.json:
        print(json.dumps({"submission": args.id, "file": str(pack.path), "files": pack.files,
                          "rows": pack.rows, "rows_without_evidence": pack.rows_without},
                         indent=2))  # fmt: skip
    else:
        print(f"wrote {pack.path}: the return, {pack.files} attached files and index.xlsx "
              f"({pack.rows} rows behind the figures, {pack.rows_without} without evidence)")  # fmt: skip
    return EXIT_OK

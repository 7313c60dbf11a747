"""docs/cli.md, generated from the parser: every command (and each action under it) with its
own --help and at least one example.  ``tools/gen_cli_doc.sh`` writes it; a test fails when the
file is stale, when a command has no example, or when an example no longer parses.

A new command adds its examples to :data:`EXAMPLES` (the test says which is missing).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shlex
from collections.abc import Iterator

from ui.cli import COMMANDS, build_parser

#: command → examples, as a user would type them (``fundledger`` first; global options allowed)
EXAMPLES: dict[str, tuple[str, ...]] = {
    "gui": ("fundledger gui --page variance",
            "fundledger --db demo.sqlite gui --page returns --screenshot returns.png"),
    "init": ("fundledger --db ledger.sqlite --user jo.smith init",),
    "demo": ("fundledger --db demo.sqlite demo",),
    "import": ("fundledger import transactions invoices.xlsx --year 2025-26 --json",
               "fundledger import transactions gl.csv --outside skip --map amount=F --dry-run"),
    "undo-import": ("fundledger undo-import 12 --reason 'wrong month loaded'",
                    "fundledger undo-import 12 --preview"),
    "profile": ("fundledger profile save oxford --kind transactions --map amount=F",
                "fundledger profile list"),
    "allocation": (
        "fundledger allocation add --stream DA --funder MHCLG --year 2025-26 --to-year 2026-27 "
        "--amount 1463965.00 --mechanism settlement --label 'DA duty 2025-27' --json",
        "fundledger allocation split 7 --year 2025-26=731982.50 --year 2026-27=731982.50 "
        "--reason 'the settlement letter gives each year'",
        "fundledger allocation edit 7 --status confirmed --reason 'letter received'",
    ),
    "txn": (
        "fundledger txn add --stream DA --date 15/09/2025 --amount 1234.56 --line Refuge "
        "--counterparty 'Refuge Trust' --reference INV-1042 --json",
        "fundledger txn edit 183 --amount 1243.56 --reason 'typed wrongly'",
        "fundledger txn list --stream DA --year 2025-26 --period P06 --json",
    ),
    "virement": (
        "fundledger --user a.khan virement request --stream DA --year 2025-26 --from Refuge "
        "--to Outreach --amount 5000 --reason 'outreach caseload' --period P05",
        "fundledger --user m.price virement approve 3 --json",
        "fundledger virement reject 4 --reason 'no underspend yet'",
        "fundledger virement list --stream DA --status pending",
    ),
    "carry-forward": (
        "fundledger carry-forward request --line Refuge --stream DA --year 2025-26 "
        "--amount 12000 --reason 'refurbishment slipped into April'",
        "fundledger --user m.price carry-forward approve 2",
        "fundledger carry-forward list --year 2025-26 --json",
    ),
    "budget": (
        "fundledger budget revise --line Refuge --stream DA --year 2025-26 --original 110000 "
        "--reason 'board 12/05/2025 agreed the uplift' --json",
        "fundledger budget line add --stream DA --year 2026-27 --name Refuge --original 100000 "
        "--eligible yes",
        "fundledger budget line edit --line '#37' --category service --reason tidy",
        "fundledger budget list --stream DA --year 2025-26 --json",
    ),
    "forecast": (
        "fundledger forecast set --line '#10' --period P06 --amount 104000 "
        "--commentary 'refuge beds filled from October' --json",
        "fundledger forecast set --line Refuge --stream DA --year 2025-26 --period P06 "
        "--amount 104000 --phase P01=52000 --phase P12=52000",
        "fundledger forecast list --line '#10'",
    ),
    "comment": ("fundledger comment add --line '#10' --period P06 --text 'waiting list down'",),
    "contribution": (
        "fundledger contribution add --stream YJ --year 2025-26 --partner 'Leicestershire "
        "Police' --heading Staffing --amount 5000",
        "fundledger contribution edit 12 --amount 5500 --reason 'pay award'",
        "fundledger contribution status 12 --status received --date 01/10/2025",
    ),
    "recharge": (
        "fundledger recharge raise --stream DHR --year 2025-26 --partner 'Blaby District "
        "Council' --partner 'Charnwood Borough Council' --amount 5000 --description 'DHR "
        "panel 2025-26' --raised 01/10/2025 --due 31/10/2025 --json",
        "fundledger recharge paid 9 --date 15/10/2025 --amount 2500",
    ),
    "income": (
        "fundledger income add --stream PMT --date 02/10/2025 --category Training "
        "--customer 'Acme Training' --amount 250",
        "fundledger income receipt 52 --date 09/10/2025 --amount 250 --json",
    ),
    "settings": ("fundledger settings rag --stream DA --red 5 --amber 15",
                 "fundledger settings expiry-window 120 --reason 'longer notice for tenders'",
                 "fundledger settings name 'Leeds City Council – grant ledger'",
                 "fundledger settings show --json"),
    "audit": ("fundledger audit verify", "fundledger audit list --table virements --limit 20"),
    "contract": (
        "fundledger contract add --stream DA --service 'Refuge' --provider 'Refuge Trust' "
        "--value 12000 --cost-basis per_year --start 01/04/2025 --months 24 --extension 12 "
        "--reference DA-REF-01",
        "fundledger contract edit DA-REF-01 --value 13000 --reason 'uplift agreed'",
        "fundledger contract extension DA-REF-01 --option 1 --decision taken --date 01/12/2026",
        "fundledger contract profile DA-REF-01 --year 2025-26=10000 --year 2026-27=16000",
    ),
    "variance": ("fundledger variance --stream DA --year 2025-26 --json",
                 "fundledger variance --stream OPCC --year 2025-26 --by period --as-at 30/09/2025"),
    "reconcile": ("fundledger reconcile --stream DA --year 2025-26 --out statement.xlsx",
                  "fundledger reconcile --statement 14 --periods P01-P06 --json",
                  "fundledger reconcile signoff --stream DA,YJ,OPCC --periods P01-P06 --reason "
                  "'journals cleared in P07' --json",
                  "fundledger reconcile reopen --stream DA --periods P04-P06 --reason "
                  "'late invoice found'"),
    "period": ("fundledger period close --year 2025-26 --to P06 --reason 'September closed'",
               "fundledger --user admin period reopen --year 2025-26 --period P06 --reason "
               "'late invoice'",
               "fundledger period list --year 2025-26 --json"),
    "reverse": ("fundledger reverse 183 --reason 'posted twice' --json",),
    "export": ("fundledger export opcc --year 2025-26 --out opcc-q2.xlsx",),
    "return": ("fundledger return list",),
    "check": ("fundledger check --json", "fundledger check --seal 618:3f9a0c1d5e2b7a40",
              "fundledger check --against ledger-2025-10-01.sqlite"),
    "backup": ("fundledger backup --out ledger-2025-10-01.sqlite",),
    "restore": ("fundledger restore ledger-2025-10-01.sqlite",),
    "stream": ("fundledger stream add GHL --name 'Gambling harms levy' --kind grant",
               "fundledger stream list --json"),
    "costcentre": ("fundledger costcentre list",),
    "org": ("fundledger org add 'Acme Ltd' --kind provider", "fundledger org alias 'Acme Ltd' ACME"),
    "rule": ("fundledger rule list",),
    "code": ("fundledger code --year 2025-26 --dry-run",),
    "attach": ("fundledger attach add invoice-1042.pdf --txn 183 --note 'signed invoice'",
               "fundledger attach list --txn 183 --json"),
    "evidence-pack": ("fundledger evidence-pack 4 --out opcc-q2-evidence.zip",),
    "user": ("fundledger --user admin user add a.khan --role budget_holder --stream DA",
             "fundledger user list"),
}  # fmt: skip

HEADER = """# Command-line reference

`fundledger` with no command opens the desktop app. Every command takes the global options
`--db PATH_OR_URL` (a SQLite file or `postgresql+psycopg://…` URL; default: the ledger in your
user data folder) and `--user NAME` (a user of the ledger: a name that is none is refused,
exit 2). Exit status: 0 success, 2 invalid input or a refused action, permission refusals
included (nothing written), 1 anything else. With `--json`, money is a string with exactly two
decimals, and a command that writes lists the ids it wrote and the audit entries it added;
a refusal (2) or failure (1) without a report of its own prints one object on stdout as well as
the message on stderr: `{"ok": false, "exit": 2, "error": "<the message>", "command": "txn add"}`.

This page is generated from the commands' own help and the examples in `ui/cli_doc.py`
(`tools/gen_cli_doc.sh`); a test fails when it is stale.
"""


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser ``fundledger NAME`` uses (as :func:`ui.cli.main` builds it)."""
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"fundledger {name}", description=help_text)
    module.add_arguments(parser)
    return parser


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parsers of the actions under ``parser`` (``txn add``, ``budget line add``…)."""
    for action in parser._actions:  # argparse keeps them here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for sub in action.choices.values():
                if id(sub) not in seen:
                    seen.add(id(sub))
                    yield sub
                    yield from _actions(sub)


def parse_example(example: str) -> argparse.Namespace:
    """Parse an example as ``fundledger`` would (raises SystemExit when it does not parse)."""
    words = shlex.split(example)
    assert words[0] == "fundledger", example
    top, rest = build_parser().parse_known_args(words[1:])
    return command_parser(top.command).parse_args(rest)


def render() -> str:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        out = [HEADER]
        for name in COMMANDS:
            parser = command_parser(name)
            out += [f"\n## `fundledger {name}`\n", "```", parser.format_help().rstrip(), "```"]
            examples = EXAMPLES.get(name, ())
            if examples:
                out += ["\nExamples:\n", "```", *examples, "```"]
            for sub in _actions(parser):
                out += [f"\n### `{sub.prog}`\n", "```", sub.format_help().rstrip(), "```"]
        return "\n".join(out) + "\n"
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())

"""``attach add|list --contract`` names a contract line as the contract commands do — ``#id``,
``id`` or its reference (``DA-SP-04``) — so a commissioning officer who records a decision on
``DA-SP-04`` can attach its evidence to ``DA-SP-04`` too; an unknown reference is refused."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_helpers import Cli


def test_evidence_on_a_contract_line_by_its_reference(
    demo_ledger_path: Path, tmp_path: Path
) -> None:
    cli = Cli(demo_ledger_path)
    minute = tmp_path / "cabinet-minute.pdf"
    minute.write_bytes(b"%PDF-1.4\n% cabinet minute 12/01/2026\n%%EOF\n")
    cli.ok("r.shah", "contract", "extension", "DA-SP-04", "--option", "1",
           "--decision", "taken", "--note", "Cabinet 12/01/2026")  # fmt: skip
    got = cli.ok("r.shah", "attach", "add", str(minute), "--contract", "DA-SP-04",
                 "--note", "Cabinet minute")  # fmt: skip
    by_id = cli.ok("r.shah", "attach", "add", str(minute), "--contract", "#5", "--note", "x")
    listed = cli.ok("r.shah", "attach", "list", "--contract", "da-sp-04")
    rows = listed if isinstance(listed, list) else listed["attachments"]
    assert [(r["id"], r["on"], r["note"]) for r in rows] == [
        (got["id"], {"kind": "contract", "id": 4}, "Cabinet minute")
    ]
    assert by_id["id"] != got["id"]
    err = cli.refused("r.shah", "attach", "add", str(minute), "--contract", "DA-XX")
    assert "no contract line has the reference 'DA-XX'" in err

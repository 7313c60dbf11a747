"""docs/cli.md is generated from the parser (tools/gen_cli_doc.sh): it must be current, list
every command with at least one example, and every example must parse as fundledger would."""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.conftest import REPO
from ui.cli import COMMANDS
from ui.cli_doc import EXAMPLES, parse_example, render


def test_cli_md_is_current() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert text == render(), "docs/cli.md is stale: run tools/gen_cli_doc.sh"


def test_every_command_has_an_example_and_every_action_is_documented() -> None:
    assert [c for c in COMMANDS if not EXAMPLES.get(c)] == []
    assert [c for c in EXAMPLES if c not in COMMANDS] == []
    text = render()
    for name in COMMANDS:
        assert f"\n## `fundledger {name}`\n" in text
    for sub in ("txn add", "virement approve", "budget line add", "contract profile"):
        assert f"\n### `fundledger {sub}`\n" in text


@pytest.mark.parametrize("example", [e for exs in EXAMPLES.values() for e in exs])
def test_each_example_parses(example: str) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            parse_example(example)
        except SystemExit:
            pytest.fail(f"{example!r} does not parse: {err.getvalue()}")

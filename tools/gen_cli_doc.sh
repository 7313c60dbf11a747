#!/usr/bin/env bash
# Regenerate docs/cli.md from the commands' own --help and the examples in ui/cli_doc.py
# (tests/cli/test_cli_doc.py fails when it is stale or a command has no example).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
.venv/bin/python -m ui.cli_doc > docs/cli.md

#!/usr/bin/env bash
# Regenerate docs/cli.md from the commands' own --help.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
py=.venv/bin/python
{
  echo "# Command-line reference"
  echo
  echo "\`fundledger\` with no command opens the desktop app. Every command takes the global options"
  echo "\`--db PATH_OR_URL\` (a SQLite file or \`postgresql+psycopg://…\` URL; default: the ledger in your"
  echo "user data folder) and \`--user NAME\` (a user of the ledger: a name that is none is refused,"
  echo "exit 2). Exit status: 0 success, 2 invalid input or a refused action, permission refusals"
  echo "included (nothing written), 1 anything else. With \`--json\`, money is a string with exactly two"
  echo "decimals."
  echo
  echo "This page is generated from the commands' own help (\`tools/gen_cli_doc.sh\`)."
  for c in $($py -c "from ui.cli import COMMANDS; print(' '.join(COMMANDS))"); do
    echo
    echo "## \`fundledger $c\`"
    echo
    echo '```'
    COLUMNS=100 $py -m ui.cli "$c" --help
    echo '```'
  done
} > docs/cli.md

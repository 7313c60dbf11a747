#!/usr/bin/env bash
# Create ./.venv on first use, rebuild it when it no longer runs (the folder was moved or renamed,
# or the Python it was made with was removed: tools/venv_check.sh says which), and reinstall
# only when pyproject.toml changes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
py="${FUNDLEDGER_PYTHON:-python3}"
stamp=.venv/.fundledger-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -e .venv ] && ! why="$(tools/venv_check.sh .venv)"; then
  echo "fundledger: rebuilding .venv: $why" >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "fundledger: creating .venv with $($py --version)" >&2
  "$py" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "fundledger: installing dependencies into .venv (first run takes a minute)" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
  .venv/bin/python -m pip install --quiet -e ".[test]" >&2
  echo "$want" > "$stamp"
fi

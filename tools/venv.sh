#!/usr/bin/env bash
# Create ./.venv on first use, rebuild it when it no longer runs (the folder was moved or renamed,
# or the Python it was made with was removed: tools/venv_check.sh says which), and reinstall
# only when pyproject.toml or requirements.lock changes.  requirements.lock pins every package
# the tests were run with (pip-compile; regenerate with tools/lock.sh after changing the
# dependencies): it is used as constraints, so a package another platform does not need is
# simply not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
py="${FUNDLEDGER_PYTHON:-python3}"
stamp=.venv/.fundledger-installed
want="$(cat pyproject.toml requirements.lock 2>/dev/null | sha256sum | cut -d' ' -f1)"
lock=()
[ -f requirements.lock ] && lock=(-c requirements.lock)
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
  .venv/bin/python -m pip install --quiet "${lock[@]}" -e ".[test]" >&2
  echo "$want" > "$stamp"
fi
# Precompile the project's own modules: with PYTHONDONTWRITEBYTECODE=1 (set on the team's
# machines) Python never writes them, so every command compiled ~630 modules from source
# (≈0.1 s of each run).  Incremental (only changed files), ≈0.1 s when nothing changed; a file
# that does not compile is left for the tests to report.
.venv/bin/python -m compileall -q fundledger db importers exports ui >/dev/null 2>&1 || true

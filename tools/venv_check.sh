#!/usr/bin/env bash
# Is the virtual environment DIR (default ./.venv) still usable here?  Exit 0 if so; otherwise
# print why on one line and exit 1.  It is not usable when its interpreter is gone or does not
# run, or when its console scripts (mypy, ruff, pip…) name another folder's interpreter in
# their first lines: the folder was moved or renamed after it was made.
set -uo pipefail
v="${1:-.venv}"
if [ ! -d "$v" ]; then echo "there is no $v"; exit 1; fi
if [ ! -e "$v/bin/python" ]; then
  echo "its interpreter $v/bin/python is missing (the Python it was made with was removed?)"
  exit 1
fi
if ! "$v/bin/python" -c "import sys" >/dev/null 2>&1; then
  echo "its interpreter $v/bin/python does not run (the Python it was made with was removed?)"
  exit 1
fi
logical="$(cd "$v" && pwd)"
physical="$(cd "$v" && pwd -P)"
for s in mypy ruff pytest pip; do
  script="$v/bin/$s"
  [ -f "$script" ] || continue
  # pip writes "#!/abs/.venv/bin/python", or for a long path "#!/bin/sh" then "'''exec' /abs/…"
  first="$(head -c 2000 "$script" | head -n 2)"
  case "$first" in
    *"$logical/bin/python"* | *"$physical/bin/python"*) exit 0 ;;
  esac
  named="$(printf '%s\n' "$first" | head -n 1 | sed 's/^#!//')"
  echo "it was made in another folder (bin/$s runs $named): the project was moved or renamed"
  exit 1
done
exit 0

#!/usr/bin/env bash
# Regenerate requirements.lock (every package of the app and its [test] tools, pinned) from
# pyproject.toml with pip-compile, after changing a dependency.  tools/venv.sh installs with it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools/venv.sh
.venv/bin/python -m pip install --quiet pip-tools
.venv/bin/pip-compile --quiet --strip-extras --extra test --no-emit-index-url \
  --no-emit-find-links --output-file requirements.lock pyproject.toml
echo "requirements.lock: $(grep -c '==' requirements.lock) packages pinned"

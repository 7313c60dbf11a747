#!/usr/bin/env bash
# Build what a council's IT team deploys, and prove it works:
#   1. the wheel (dist/fundledger-*.whl), installed into a clean venv OUTSIDE the repository
#      and run from there (init, demo, variance --json, a screenshot, the packaged user guide);
#   2. the PyInstaller one-folder app (dist/fundledger/, tools/app/fundledger.spec), smoke-tested
#      the same way offscreen: --version, init, demo, variance --json, gui --screenshot;
#   3. its size and start-up time next to the venv's.
# Usage: tools/build_app.sh [--no-wheel] [--no-bundle]     (Windows: see README, "Building")
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
wheel=1 bundle=1
for arg in "$@"; do
  case "$arg" in
    --no-wheel) wheel=0 ;;
    --no-bundle) bundle=0 ;;
    *) echo "usage: tools/build_app.sh [--no-wheel] [--no-bundle]" >&2; exit 2 ;;
  esac
done
tools/venv.sh
if ! .venv/bin/python -c "import PyInstaller, build" 2>/dev/null; then
  echo "build_app: installing the [build] tools (PyInstaller, build) into .venv" >&2
  .venv/bin/python -m pip install --quiet -e ".[build]" >&2
fi
work="$(mktemp -d /tmp/fundledger-build.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
fail() { echo "build_app: FAILED: $*" >&2; exit 1; }

# smoke PROGRAM NAME: init, demo, variance --json and a screenshot in an empty FUNDLEDGER_HOME
smoke() {
  local prog="$1" name="$2" home="$work/home-$2"
  mkdir -p "$home"
  (
    cd "$work"  # nowhere near the repository
    export FUNDLEDGER_HOME="$home"
    "$prog" --version | grep -q "^fundledger [0-9]" || fail "$name --version"
    "$prog" init >/dev/null || fail "$name init"
    "$prog" demo >/dev/null || fail "$name demo"
    "$prog" variance --year 2025-26 --stream OPCC --as-at 12/06/2026 --json >"$home/variance.json" \
      || fail "$name variance --json"
    "$prog" check >/dev/null || fail "$name check"
    "$prog" gui --page overview --screenshot "$home/overview.png" || fail "$name gui --screenshot"
    head -c 8 "$home/overview.png" | od -An -c | grep -q "P   N   G" || fail "$name: no PNG"
  )
  echo "build_app: $name: --version, init, demo, variance --json, check, gui --screenshot: ok" >&2
}

if [ "$wheel" = 1 ]; then
  rm -f dist/fundledger-*.whl
  .venv/bin/python -m build --wheel --outdir dist . >"$work/wheel.log" 2>&1 \
    || { tail -30 "$work/wheel.log"; fail "building the wheel"; }
  whl="$(ls dist/fundledger-*.whl)"
  echo "build_app: built $whl" >&2
  python3 -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install --quiet "$whl" >"$work/pip.log" 2>&1 \
    || { tail -30 "$work/pip.log"; fail "pip install of the wheel"; }
  guide="$(cd "$work" && "$work/venv/bin/python" -c 'from ui.qt.help import guide_path; print(guide_path())')"
  case "$guide" in "$work/venv/"*) ;; *) fail "the installed app's user guide is $guide" ;; esac
  smoke "$work/venv/bin/fundledger" wheel
fi

if [ "$bundle" = 1 ]; then
  rm -rf dist/fundledger build/pyinstaller
  .venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
    --workpath build/pyinstaller tools/app/fundledger.spec >"$work/pyinstaller.log" 2>&1 \
    || { tail -40 "$work/pyinstaller.log"; fail "PyInstaller"; }
  app=dist/fundledger
  for f in _internal/ui/help/user-guide.md _internal/ui/help/img/overview.png \
           _internal/ui/style.qss _internal/db/migrations/env.py; do
    [ -f "$app/$f" ] || fail "the bundle has no $f"
  done
  ls "$app"/_internal/db/migrations/versions/0001_*.py >/dev/null || fail "no migrations"
  ls "$app"/_internal/PySide6/Qt/plugins/platforms/libqoffscreen.* >/dev/null 2>&1 \
    || ls "$app"/_internal/PySide6/plugins/platforms/*offscreen* >/dev/null 2>&1 \
    || fail "no Qt offscreen platform plugin"
  smoke "$here/$app/fundledger" bundle
  if [ "$wheel" = 1 ]; then
    cmp -s "$work/home-wheel/variance.json" "$work/home-bundle/variance.json" \
      || fail "variance --json differs between the wheel and the bundle"
  fi
  echo "build_app: bundle $app: $(du -sh "$app" | cut -f1) ($(find "$app" -type f | wc -l) files)" >&2
  # start-up: best of 5, interleaved with the venv's own fundledger
  export FUNDLEDGER_HOME="$work/home-bundle"
  best() { sort -n | head -1; }
  for what in "--version" "variance --year 2025-26 --stream OPCC --json"; do
    b=() v=()
    for _ in 1 2 3 4 5; do
      b+=("$( { /usr/bin/time -f "%e %U %S" "$here/$app/fundledger" $what >/dev/null; } 2>&1 | tail -1)")
      v+=("$( { /usr/bin/time -f "%e %U %S" "$here/.venv/bin/fundledger" $what >/dev/null; } 2>&1 | tail -1)")
    done
    bw="$(printf '%s\n' "${b[@]}" | awk '{print $1}' | best)"
    vw="$(printf '%s\n' "${v[@]}" | awk '{print $1}' | best)"
    bc="$(printf '%s\n' "${b[@]}" | awk '{print $2+$3}' | best)"
    vc="$(printf '%s\n' "${v[@]}" | awk '{print $2+$3}' | best)"
    echo "build_app: fundledger $what — bundle ${bw}s wall ${bc}s cpu; venv ${vw}s wall ${vc}s cpu (best of 5)" >&2
  done
fi
echo "build_app: all ok" >&2

#!/usr/bin/env bash
# One entry point for a newcomer on Debian or Ubuntu:
#   ./dev.sh demo    set up everything, then open the cashier window against a demo server
#   ./dev.sh test    set up everything, then run the whole test suite
#   ./dev.sh setup   only set up (system packages, .venv with the app and test tools)
#   ./dev.sh dist    build the self-contained folder dist/counter-app/ with PyInstaller
# Anything after the command is passed on (to pytest for "test", to counter-app for "run").
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: venv, poppler (pdftotext/pdftoppm in tests), a Devanagari font,
# Xvfb and the libraries Qt's xcb and offscreen platforms load; Chromium and its driver for the
# operations-page tests (Playwright drives /usr/bin/chromium; it never downloads a browser); PostgreSQL's
# server binaries, from which the tests start a throwaway cluster (tests/pg_cluster.py).
SYSTEM_PACKAGES=(
  python3 python3-venv poppler-utils fonts-noto-core xvfb xauth chromium chromium-driver postgresql gettext
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1
)
PYTHON="${PYTHON:-python3}"
VENV=.venv

install_system_packages() {
  command -v dpkg-query >/dev/null || { echo "dev.sh: not a Debian system; install the equivalents of: ${SYSTEM_PACKAGES[*]}"; return; }
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "dev.sh: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_python_env() {
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  [ -f "$stamp" ] && return
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
}

# The core's gettext catalogs (.po in the repository) compiled to .mo, every setup: cheap, and a
# changed .po never leaves a stale .mo behind.
compile_catalogs() { "$VENV/bin/python" -m counter_app.i18n >/dev/null; }

setup() { install_system_packages; install_python_env; compile_catalogs; }

cmd="${1:-demo}"; shift || true
case "$cmd" in
  setup) setup ;;
  test)
    setup
    export QT_QPA_PLATFORM=offscreen
    "$VENV/bin/python" -m pytest "$@"
    ;;
  demo)
    setup
    exec "$VENV/bin/counter-app" demo "$@"
    ;;
  dist)
    setup
    "$VENV/bin/python" -m pip install -q "pyinstaller>=6.5"
    start=$(date +%s)
    "$VENV/bin/pyinstaller" --noconfirm --log-level WARN build.spec
    echo "dev.sh: built dist/counter-app in $(( $(date +%s) - start )) s, size $(du -sh dist/counter-app | cut -f1)"
    ;;
  run)
    setup
    exec "$VENV/bin/counter-app" "$@"
    ;;
  *) echo "usage: ./dev.sh demo|test|setup|dist|run [args]"; exit 2 ;;
esac

# Shared by scripts/start and scripts/test: find or install what Gerbang needs, idempotently,
# and say exactly what failed and what to do when something cannot be done.
# shellcheck shell=bash

GERBANG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gerbang/target}"
export PATH="$HOME/.cargo/bin:$PATH"

# System packages: Tauri's WebKitGTK build deps, the WebDriver for the end-to-end tests, Xvfb,
# and the tools the tests and people use to look at screenshots and PDFs.
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth x11-utils xdotool
  webkit2gtk-driver imagemagick poppler-utils qpdf libgl1-mesa-dri fonts-dejavu-core
  python3-gi gir1.2-gtk-3.0 libdbus-1-dev zbar-tools python3-venv dbus-daemon
)

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }
fail() {
  printf '\n\033[1;31mFAILED: %s\033[0m\n' "$1" >&2
  [ -n "${2:-}" ] && printf 'What to do: %s\n' "$2" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "need root to run: $*" "run this script as root or install sudo"
  fi
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing system packages: ${missing[*]}"
  command -v apt-get >/dev/null || fail "apt-get not found" "install these packages by hand: ${missing[*]}"
  as_root apt-get update -qq || fail "apt-get update failed" "check the network or your apt sources, then rerun"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || fail "apt-get could not install: ${missing[*]}" "run 'sudo apt-get install ${missing[*]}' to see why, fix it, rerun"
}

ensure_toolchains() {
  command -v cargo >/dev/null || fail "Rust (cargo) is not installed" \
    "install Rust with rustup (https://rustup.rs), open a new shell, rerun"
  command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js and npm are not installed" \
    "install Node.js 20 or newer with npm (e.g. 'sudo apt-get install nodejs npm'), rerun"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || fail "Node.js $major is too old (the UI build needs 20 or newer)" \
    "install Node.js 20+ (e.g. from NodeSource or nvm), rerun"
}

ensure_tauri_driver() {
  command -v tauri-driver >/dev/null && return 0
  step "Installing tauri-driver (WebDriver for the desktop app)"
  cargo install tauri-driver --locked --version '^2' \
    || fail "cargo install tauri-driver failed" "check access to crates.io, then rerun"
}

ensure_ui_packages() {
  local stamp="$GERBANG_ROOT/ui/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$GERBANG_ROOT/ui/package-lock.json" ]; then return 0; fi
  step "Installing the UI's npm packages (npm ci)"
  (cd "$GERBANG_ROOT/ui" && npm ci --no-audit --no-fund) \
    || fail "npm ci failed in ui/" "check access to the npm registry; delete ui/node_modules and rerun"
}

build_ui() {
  step "Building the UI (ui/build)"
  (cd "$GERBANG_ROOT/ui" && npm run build) || fail "the UI build failed" "read the errors above (ui/src)"
}

# A tool from PyPI in a virtual environment of its own, $HOME/.cache/gerbang/NAME-VERSION,
# installed if its program is missing: ensure_pypi_tool NAME VERSION REQUIREMENT PROGRAM.
ensure_pypi_tool() {
  local name="$1" version="$2" requirement="$3" program="$4"
  local venv="$HOME/.cache/gerbang/$name-$version"
  if [ ! -x "$venv/bin/$program" ]; then
    step "Installing $name $version (PyPI) into $venv"
    python3 -m venv "$venv" || fail "cannot make a Python virtual environment" "sudo apt-get install python3-venv, rerun"
    "$venv/bin/pip" install --quiet "$requirement" \
      || { rm -rf "$venv"; fail "cannot install $name from PyPI" "check access to pypi.org, rerun"; }
  fi
}

# schemathesis (PyPI), the outside judge of the server's API; exports GERBANG_SCHEMATHESIS
# (its `st`) for the test that runs it.
SCHEMATHESIS_VERSION="4.32.5"
ensure_schemathesis() {
  ensure_pypi_tool schemathesis "$SCHEMATHESIS_VERSION" "schemathesis==$SCHEMATHESIS_VERSION" st
  export GERBANG_SCHEMATHESIS="$HOME/.cache/gerbang/schemathesis-$SCHEMATHESIS_VERSION/bin/st"
}

# moto (PyPI), an S3-compatible server for the test of two replicas on one object store;
# exports GERBANG_MOTO (its `moto_server`).
MOTO_VERSION="5.2.5"
ensure_moto() {
  ensure_pypi_tool moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION" moto_server
  export GERBANG_MOTO="$HOME/.cache/gerbang/moto-$MOTO_VERSION/bin/moto_server"
}

ensure_all() {
  ensure_apt_packages "$@"
  ensure_toolchains
  ensure_tauri_driver
  ensure_ui_packages
}

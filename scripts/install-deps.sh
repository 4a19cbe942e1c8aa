#!/usr/bin/env bash
# Installs, with apt, exactly the Debian packages kabar needs that are missing. Idempotent:
# a second run installs nothing and prints "all dependencies present".
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libicu-dev libcld2-dev libgumbo-dev libsqlite3-dev sqlite3 libtcmalloc-minimal4
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libfmt-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev libstemmer-dev
  hunspell-id python3
  # browser test (tests/browser: playwright-core drives Debian's chromium) and the serve benchmark
  nodejs chromium chromium-driver wrk
)
# Debian's npm conflicts with a nodejs that bundles npm (e.g. NodeSource's); ask only when missing.
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi
if [ "${KABAR_WITH_CLANG:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev); fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all dependencies present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"

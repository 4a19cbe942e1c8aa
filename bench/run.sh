#!/usr/bin/env bash
# `make bench`: builds the benchmark set (needs ../shared), runs every stage benchmark, the
# end-to-end runs and the peers, and prints one table (bench/bench.py documents it).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
python3 bench/bench.py --build "$build" "$@"

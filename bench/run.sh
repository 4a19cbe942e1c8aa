#!/usr/bin/env bash
# `make bench`: end-to-end throughput on real articles (needs ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
python3 bench/e2e.py --binary "$build/kabar"

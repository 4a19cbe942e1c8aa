#!/usr/bin/env bash
# The browser test: ingests examples/corpus into a temporary database, starts `kabar serve` on a
# free loopback port, and runs story.test.mjs in Debian's headless Chromium via playwright-core;
# then the same on 1,500 generated articles (big-corpus.mjs) with paging.test.mjs.
#   tests/browser/run.sh KABAR_BINARY EXAMPLES_CORPUS [SCREENSHOT.png]
# Without node, npm or chromium it fails when CI=true and otherwise skips (exit 77) saying why.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kabar=${1:?usage: run.sh KABAR_BINARY EXAMPLES_CORPUS [SCREENSHOT.png]}
corpus=${2:?usage: run.sh KABAR_BINARY EXAMPLES_CORPUS [SCREENSHOT.png]}
shot=${3:-}

unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "browser test: FAIL: $1 — required in CI (scripts/install-deps.sh installs it)" >&2
    exit 1
  fi
  echo "browser test: SKIP: $1 (scripts/install-deps.sh installs it; CI=true makes this a failure)" >&2
  exit 77
}

command -v node >/dev/null || unavailable "node not found"
chromium=${KABAR_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] && [ -x "$chromium" ] || unavailable "chromium not found${chromium:+ at $chromium}"
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  command -v npm >/dev/null || unavailable "npm not found"
  echo "browser test: installing playwright-core (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || unavailable "npm ci failed (no network?)"
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Ingests $1 into $tmp/$2.db and starts `kabar serve` on it; sets $port.
serve() {
  local corpus=$1 name=$2
  "$kabar" ingest "$corpus" --db "$tmp/$name.db" >/dev/null 2>"$tmp/$name-ingest.log" || { cat "$tmp/$name-ingest.log" >&2; exit 1; }
  # The log exists before the server starts: the child creates it, and the loop below may read
  # it first (a race that failed one run of the suite).
  : >"$tmp/$name-serve.log"
  "$kabar" serve --db "$tmp/$name.db" --port 0 2>>"$tmp/$name-serve.log" &
  server=$!
  port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/$name-serve.log")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || { echo "browser test: kabar serve exited:" >&2; cat "$tmp/$name-serve.log" >&2; exit 1; }
    sleep 0.05
  done
  [ -n "$port" ] || { echo "browser test: kabar serve did not start:" >&2; cat "$tmp/$name-serve.log" >&2; exit 1; }
}
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

serve "$corpus" kabar
node "$here/story.test.mjs" "http://127.0.0.1:$port" "$chromium" $shot
stop

# The lists a big story and entity answer in slices ("show more"), on 1,500 generated articles.
node "$here/big-corpus.mjs" "$tmp/big"
serve "$tmp/big" big
node "$here/paging.test.mjs" "http://127.0.0.1:$port" "$chromium"

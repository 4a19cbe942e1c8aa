#!/usr/bin/env bash
# Serve benchmark: requests/s of GET /api/search (two-word queries + date filter, 10 hits with
# facets and snippets) under wrk on loopback, the server pinned to 2 cores.
#   bench/serve.sh [BUILD_DIR] [INPUT]
# INPUT: an existing kabar database (*.db), or files/directories/JSON lines to ingest into a
# temporary one (default: examples/corpus). Env: DURATION (15s), CONNECTIONS (32), CORES (0,1),
# FACETS=0 (hits only, no facet counts), CACHE=0 (no answer cache: every request searches; the
# 16 queries of bench/serve-search.lua otherwise come from the cache after their first answer),
# WINDOW=months (each request's date window is 1-3 months from a month that holds documents,
# as in the latency benchmark; default: the same ten years for every request).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
input=${2:-examples/corpus}
duration=${DURATION:-15s}
connections=${CONNECTIONS:-32}
cores=${CORES:-0,1}
kabar=$build/kabar
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk not found (scripts/install-deps.sh installs it)" >&2; exit 2; }
[ -x "$kabar" ] || { echo "bench/serve.sh: $kabar not built (make build)" >&2; exit 2; }

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [[ "$input" == *.db ]]; then
  db=$input
else
  db=$tmp/kabar.db
  "$kabar" ingest "$input" --db "$db" 2>"$tmp/ingest.log" || { cat "$tmp/ingest.log" >&2; exit 1; }
fi
docs=$(sqlite3 "$db" "SELECT count(*) FROM documents")
if [ "${WINDOW:-}" = months ]; then
  MONTHS=$(sqlite3 "$db" "SELECT DISTINCT substr(published, 1, 7) FROM document_facts WHERE published IS NOT NULL ORDER BY 1" | tr '\n' ' ')
  export MONTHS
fi

start=$(date +%s%N)
: >"$tmp/serve.log"  # before the server starts: the loop below may read it before the child creates it
taskset -c "$cores" "$kabar" serve --db "$db" --port 0 --threads 2 ${CACHE:+--search-cache "$CACHE"} 2>>"$tmp/serve.log" &
server=$!
port=""
for _ in $(seq 1 6000); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "bench/serve.sh: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
base="http://127.0.0.1:$port"

# Check the output before timing it.
python3 - "$base/api/search?q=harga%20minyak&from=2015-01-01&to=2024-12-31&limit=10" <<'PY' || exit 1
import json, sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=30).read()
r = json.loads(body)
if not all(k in r for k in ("total", "hits", "facets")):
    sys.exit(f"bench/serve.sh: /api/search answered something else: {body[:300]!r}")
print(f"bench/serve.sh: probe: {r['total']} hits for 'harga minyak'", file=sys.stderr)
PY

# wrk runs on the same cores (the machine has 2): a conservative figure.
taskset -c "$cores" wrk -t2 -c"$connections" -d"$duration" --latency -s bench/serve-search.lua "$base" | tee "$tmp/wrk.txt"
rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt")
sockerr=$(awk '/Socket errors/ {print}' "$tmp/wrk.txt")
p50=$(awk '/^ +50%/ {print $2}' "$tmp/wrk.txt")
p99=$(awk '/^ +99%/ {print $2}' "$tmp/wrk.txt")
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
echo "serve: $docs documents${FACETS:+, facets=$FACETS}${CACHE:+, cache=$CACHE}${WINDOW:+, window=$WINDOW}; ready in ${ready_ms} ms; /api/search ${rps} requests/s on cores $cores" \
     "(wrk -c$connections, $duration), latency p50 $p50 p99 $p99, non-2xx ${non2xx:-0}${sockerr:+, $sockerr}; server peak RSS $rss"
[ -z "$non2xx" ] && [ -z "$sockerr" ]

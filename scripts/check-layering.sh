#!/usr/bin/env bash
# Checks that every module includes only its own headers and those of modules below it
# (core ← ingest, text ← lang ← extract ← corpus ← eval, store ← search ← serve, cli).
set -uo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
  [core]="core"
  [text]="core text"
  [ingest]="core text ingest"
  [lang]="core text lang"
  [extract]="core text lang extract"
  [corpus]="core text lang extract corpus"
  [eval]="core text lang extract corpus ingest eval"
  [store]="core text lang extract corpus store"
  [search]="core text lang extract corpus store search"
  [serve]="core text lang extract corpus store search ingest serve"
  [cli]="core text lang extract corpus store search ingest eval serve cli"
)
status=0
for module in "${!allowed[@]}"; do
  for dir in "src/$module" "include/kabar/$module"; do
    [ -d "$dir" ] || continue
    while IFS=: read -r file _ inc; do
      target=$(sed -E 's|.*"kabar/([a-z_]+)/.*|\1|' <<<"$inc")
      if ! grep -qw "$target" <<<"${allowed[$module]}"; then
        echo "layering: $file includes kabar/$target (module $module may include: ${allowed[$module]})"
        status=1
      fi
    done < <(grep -rn '#include "kabar/' "$dir" || true)
  done
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status

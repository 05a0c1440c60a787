#!/usr/bin/env bash
# SQLite figure alone (3 of bench/run): the upsert of delta.csv into base.csv through Freight's HTTP
# API, beside the Java SQLite loader (bench/yardstick/SqliteUpsert.java), same run.
#   bench/sqlite-upsert.sh [ROWS]     (default 1000000; e.g. 100000 for a quick look)
# Also prints figures 4 and 5 (time to 202, peak RSS), which come from the same server.
# The measuring is in lib.sh; the server heap is $XMX (default 256m, the memory figure's setting).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rows=${1:-1000000}
trap 'stop_all_freight; sqlite_yardstick_clean' EXIT
sqlite_yardstick "$rows"
sqlite_freight "$rows" 18181 "${XMX:-256m}"
printf '| path | rows | seconds | rows/s |\n|---|---|---|---|\n'
printf '| Freight HTTP upsert, SQLite (first byte → completed) | %d | %.2f | %.0f |\n' "$rows" "$SQ_F_SECS" "$(calc "$rows / $SQ_F_SECS")"
printf '| Java SQLite loader (bench/yardstick) | %d | %.2f | %.0f |\n' "$SQ_REF_ROWS" "$SQ_REF_SECS" "$(calc "$SQ_REF_ROWS / $SQ_REF_SECS")"
printf 'ratio %.2f; Freight %s; time to 202 %.2f s; peak RSS %s MiB (-Xmx%s)\n' \
  "$(calc "($rows / $SQ_F_SECS) / ($SQ_REF_ROWS / $SQ_REF_SECS)")" "$SQ_F_COUNTS" "$ACCEPT_SECS" "$SQ_F_RSS_MIB" "${XMX:-256m}"

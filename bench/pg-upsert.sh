#!/usr/bin/env bash
# PostgreSQL figures alone (1 and 2 of bench/run): the upsert of delta.csv into base.csv, and the
# insert of base.csv into an empty table, through Freight's HTTP API, beside psql on the same server.
#   bench/pg-upsert.sh [ROWS]      (default 1000000)
# Needs psql and a PostgreSQL at $PGURL_BASE (default postgresql://postgres@127.0.0.1:5432);
# creates and drops the databases freight_bench_ref and freight_bench. The measuring is in lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rows=${1:-1000000}
trap 'stop_all_freight; pg_drop_db freight_bench' EXIT
pg_yardsticks "$rows"
pg_freight "$rows" 18182
printf '| path | rows | seconds | rows/s |\n|---|---|---|---|\n'
printf '| Freight HTTP upsert, PostgreSQL (first byte → completed) | %d | %.2f | %.0f |\n' "$rows" "$PG_F_UPSERT_SECS" "$(calc "$rows / $PG_F_UPSERT_SECS")"
printf '| psql \\copy → staging + INSERT … ON CONFLICT, 1 tx | %d | %.2f | %.0f |\n' "$rows" "$PG_UPSERT_SECS" "$(calc "$rows / $PG_UPSERT_SECS")"
printf '| Freight HTTP insert into empty table, PostgreSQL | %d | %.2f | %.0f |\n' "$rows" "$PG_F_INSERT_SECS" "$(calc "$rows / $PG_F_INSERT_SECS")"
printf '| psql \\copy into empty table with PK | %d | %.2f | %.0f |\n' "$rows" "$PG_COPY_SECS" "$(calc "$rows / $PG_COPY_SECS")"
printf 'upsert ratio %.2f, insert ratio %.2f; tables agree: %s (freight %s, psql %s); Freight %s\n' \
  "$(calc "$PG_UPSERT_SECS / $PG_F_UPSERT_SECS")" "$(calc "$PG_COPY_SECS / $PG_F_INSERT_SECS")" \
  "$([ "$PG_F_CHECK" = "$PG_REF_CHECK" ] && echo yes || echo NO)" "$PG_F_CHECK" "$PG_REF_CHECK" "$PG_F_COUNTS"

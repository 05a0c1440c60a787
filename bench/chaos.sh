#!/usr/bin/env bash
# Chaos: kill -9 a node at KILLS random instants during a ROWS-row upsert, restart it each time,
# then check that the table equals an uninterrupted run's and that every row has exactly one result.
#   bench/chaos.sh [ROWS] [KILLS]     (default 1000000 rows, 20 kills)
#   STORE=sqlite|pg|both (default both). SQLite: one node. PostgreSQL: two nodes on one database
#   (--lease 2s), the node running the job is the one killed; the other takes the job over.
# The table is the customers table of the benchmark (bench/lib.sh): the base file is inserted,
# then its delta upserted (half updates, half inserts); the kills hit the upsert. Servers run with
# --max-crashes 1000, so that the test's own kills never quarantine the job (README, Poison jobs).
# Not part of bin/test: a full run takes several minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rows=${1:-1000000}
kills=${2:-20}
store=${STORE:-both}
trap stop_all_freight EXIT
build_freight
gen_data "$rows"
CHAOS="$OUT_DIR/chaos"
mkdir -p "$CHAOS"
SERVE_FLAGS=(--max-crashes 1000 --lease 2s)

# post_upsert API: starts the delta upsert, prints the job's path
post_upsert() {
  curl -sf -o /dev/null -w '%header{location}' -H "$BENCH_AUTH" -H 'Content-Type: text/csv' \
    -X POST -T "$DELTA_CSV" -H "Expect:" "$1/v1/tables/customers/imports?mode=upsert"
}

# job_state API LOC: queued, running, completed, …; empty while the node does not answer
job_state() { curl -sf -m 5 -H "$BENCH_AUTH" "$1$2" 2>/dev/null | grep -o '"state":"[a-z]*"' | head -1 | cut -d'"' -f4 || true; }

# await_final API... LOC: waits (≤ 30 min) until the job ends on any of the nodes
await_final() {
  local loc=${*: -1} apis=("${@:1:$#-1}") s i a
  for ((i = 0; i < 36000; i++)); do
    for a in "${apis[@]}"; do
      s=$(job_state "$a" "$loc")
      case $s in completed|failed|cancelled) echo "$s"; return 0 ;; esac
    done
    sleep 0.05
  done
  echo timeout
}

# check_results API LOC ROWS: every index 0..ROWS-1 exactly once; prints "ok" or what is wrong
check_results() {
  python3 - "$1" "$2" "$3" "$BENCH_KEY" <<'PY'
import json, sys, urllib.request
api, loc, rows, key = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
seen, after = [], None
while True:
    url = f"{api}{loc}/results?limit=10000" + (f"&after={after}" if after else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": "Bearer " + key})))
    seen.extend(r["index"] for r in page["items"])
    after = page["next"]
    if after is None:
        break
dup = len(seen) - len(set(seen))
missing = rows - len(set(i for i in seen if 0 <= i < rows))
print("ok" if dup == 0 and missing == 0 and len(seen) == rows else f"{len(seen)} results, {dup} duplicated, {missing} missing")
PY
}

# random_delay [MIN MAX]: 0.2 to 1.2 s by default, so that kills land in reading, planning, COPY and commit alike
random_delay() { python3 -c "import random; print(round(random.uniform(${1:-0.2}, ${2:-1.2}), 2))"; }

report=()

# ---------------------------------------------------------------- SQLite: one node
sqlite_chaos() {
  local ref run loc t0 t1 done_kills=0 state dump_ref dump_run results port=18291
  # the uninterrupted run
  start_freight chaos-sqlite-ref "$port" 512m "${SERVE_FLAGS[@]}"
  create_customers "$FREIGHT_API"
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$CHAOS/sqlite-ref" insert "$BASE_CSV" >/dev/null
  ref=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$CHAOS/sqlite-ref" upsert "$DELTA_CSV")
  stop_freight "$FREIGHT_PID"
  dump_ref=$(sqlite3 "$OUT_DIR/freight-chaos-sqlite-ref/freight.db" 'SELECT * FROM customers ORDER BY id' | sha256sum | cut -c1-16)

  # the run that is killed
  start_freight chaos-sqlite "$port" 512m "${SERVE_FLAGS[@]}"
  create_customers "$FREIGHT_API"
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$CHAOS/sqlite" insert "$BASE_CSV" >/dev/null
  t0=$(now)
  loc=$(post_upsert "$FREIGHT_API")
  while [ "$done_kills" -lt "$kills" ]; do
    sleep "$(random_delay)"
    state=$(job_state "$FREIGHT_API" "$loc")
    case $state in completed|failed|cancelled) break ;; esac
    kill -9 "$FREIGHT_PID"; wait "$FREIGHT_PID" 2>/dev/null || true
    done_kills=$((done_kills + 1))
    KEEP_DATA=1 start_freight chaos-sqlite "$port" 512m "${SERVE_FLAGS[@]}"
  done
  state=$(await_final "$FREIGHT_API" "$loc")
  t1=$(now)
  results=$(check_results "$FREIGHT_API" "$loc" "$rows")
  curl -sf -H "$BENCH_AUTH" "$FREIGHT_API$loc" >"$CHAOS/sqlite-upsert-killed.json"
  stop_freight "$FREIGHT_PID"
  dump_run=$(sqlite3 "$OUT_DIR/freight-chaos-sqlite/freight.db" 'SELECT * FROM customers ORDER BY id' | sha256sum | cut -c1-16)
  report+=("$(printf '| SQLite, 1 node | %d | %d | %s | %.1f | %.1f | %s | %s | %s |' "$rows" "$done_kills" "$state" "$ref" \
    "$(calc "$t1 - $t0")" "$([ "$dump_ref" = "$dump_run" ] && echo "equal ($dump_run)" || echo "DIFFERENT ($dump_ref vs $dump_run)")" \
    "$results" "$(grep -o 'crash [0-9]* of' "$CHAOS/sqlite-upsert-killed.json" | wc -l) resumes")")
}

# ---------------------------------------------------------------- PostgreSQL: two nodes
pg_chaos() {
  local ref loc t0 t1 done_kills=0 state dump_ref dump_run results owner victim i
  local db_ref=freight_chaos_ref db_run=freight_chaos_run ports=(18292 18293) pids=() apis=() names=(chaos-pg-a chaos-pg-b)
  for db in $db_ref $db_run; do
    psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  done
  start_freight chaos-pg-ref 18294 512m --db "jdbc:postgresql://127.0.0.1:5432/$db_ref?user=postgres" "${SERVE_FLAGS[@]}"
  create_customers "$FREIGHT_API"
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$CHAOS/pg-ref" insert "$BASE_CSV" >/dev/null
  ref=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$CHAOS/pg-ref" upsert "$DELTA_CSV")
  stop_freight "$FREIGHT_PID"
  dump_ref=$(psql "$PG_BASE/$db_ref" -Atc 'SELECT * FROM customers ORDER BY id' | sha256sum | cut -c1-16)

  for i in 0 1; do
    start_freight "${names[$i]}" "${ports[$i]}" 512m --db "jdbc:postgresql://127.0.0.1:5432/$db_run?user=postgres" "${SERVE_FLAGS[@]}"
    pids[$i]=$FREIGHT_PID; apis[$i]=$FREIGHT_API
  done
  create_customers "${apis[0]}"
  run_import "${apis[0]}" "$BENCH_AUTH" "$CHAOS/pg" insert "$BASE_CSV" >/dev/null
  t0=$(now)
  loc=$(post_upsert "${apis[0]}")
  while [ "$done_kills" -lt "$kills" ]; do
    sleep "$(random_delay 0.05 0.5)"   # the job runs on the other node meanwhile: shorter, or it ends before the last kill
    owner=$(psql "$PG_BASE/$db_run" -Atc "SELECT split_part(lease_owner, '/', 1) FROM freight.jobs WHERE id = '${loc##*/}' AND state = 'running'")
    if [ -z "$owner" ]; then   # queued (between two nodes) or ended
      state=$(psql "$PG_BASE/$db_run" -Atc "SELECT state FROM freight.jobs WHERE id = '${loc##*/}'")
      case $state in completed|failed|cancelled) break ;; esac
      continue
    fi
    if grep -q "$owner takes jobs" "$OUT_DIR/freight-${names[0]}.log"; then victim=0
    elif grep -q "$owner takes jobs" "$OUT_DIR/freight-${names[1]}.log"; then victim=1
    else continue   # its node was killed already: the job waits for its lease to lapse
    fi
    kill -9 "${pids[$victim]}"; wait "${pids[$victim]}" 2>/dev/null || true
    done_kills=$((done_kills + 1))
    cp "$OUT_DIR/freight-${names[$victim]}.log" "$CHAOS/${names[$victim]}-$done_kills.log"
    KEEP_DATA=1 start_freight "${names[$victim]}" "${ports[$victim]}" 512m --db "jdbc:postgresql://127.0.0.1:5432/$db_run?user=postgres" "${SERVE_FLAGS[@]}"
    pids[$victim]=$FREIGHT_PID
  done
  state=$(await_final "${apis[@]}" "$loc")
  t1=$(now)
  results=$(check_results "${apis[0]}" "$loc" "$rows")
  curl -sf -H "$BENCH_AUTH" "${apis[0]}$loc" >"$CHAOS/pg-upsert-killed.json"
  dump_run=$(psql "$PG_BASE/$db_run" -Atc 'SELECT * FROM customers ORDER BY id' | sha256sum | cut -c1-16)
  report+=("$(printf '| PostgreSQL, 2 nodes | %d | %d | %s | %.1f | %.1f | %s | %s | %s |' "$rows" "$done_kills" "$state" "$ref" \
    "$(calc "$t1 - $t0")" "$([ "$dump_ref" = "$dump_run" ] && echo "equal ($dump_run)" || echo "DIFFERENT ($dump_ref vs $dump_run)")" \
    "$results" "$(grep -o 'lease expired' "$CHAOS/pg-upsert-killed.json" | wc -l) resumes")")
  stop_all_freight
  for db in $db_ref $db_run; do psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
}

case $store in
  sqlite) sqlite_chaos ;;
  pg) pg_chaos ;;
  *) sqlite_chaos; pg_chaos ;;
esac
printf '| store | rows | kills | job | uninterrupted s | killed run s | table vs uninterrupted | results | |\n|---|---|---|---|---|---|---|---|---|\n'
printf '%s\n' "${report[@]}"
case "${report[*]}" in *DIFFERENT*|*missing*|*duplicated*|*failed*|*timeout*) exit 1 ;; esac

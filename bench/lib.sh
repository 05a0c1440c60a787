# Shared by bench/run, bench/pg-upsert.sh, bench/sqlite-upsert.sh and bench/chaos.sh (sourced, not
# run). Every figure is a function here (or in bench/growth.sh) so that the single-figure scripts and
# bench/run measure the same thing the same way; a function reports through global variables named
# after it. Everything it needs is in the repository: the data generator (bench/gen/Gen.java), the
# SQLite yardstick (bench/yardstick/SqliteUpsert.java) and its driver, the one Freight is built with.
#
# Layout: data (generated CSVs) in bench/data, everything a run writes in bench/out; both git-ignored.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$BENCH_DIR")"
DATA_DIR="$BENCH_DIR/data"
OUT_DIR="$BENCH_DIR/out"
CLASSES="$OUT_DIR/classes"
PG_BASE=${PGURL_BASE:-postgresql://postgres@127.0.0.1:5432}
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"   # no NOTICEs from IF EXISTS
BENCH_KEY=frt_bench_admin_key_0123456789abcdef
BENCH_AUTH="Authorization: Bearer $BENCH_KEY"
mkdir -p "$DATA_DIR" "$OUT_DIR"
# shellcheck source=../bin/jdk.sh
source "$ROOT_DIR/bin/jdk.sh"

# The customers table of bench/gen/Gen.java, for psql and for Freight's API.
CUSTOMERS_DDL='CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, first_name text, last_name text,
  country text, score bigint, balance numeric(12,2), active boolean, created_at timestamp, notes text)'
CUSTOMERS_JSON='{"name":"customers","columns":[
 {"name":"id","type":"integer"},{"name":"email","type":"text","nullable":false},{"name":"first_name","type":"text"},
 {"name":"last_name","type":"text"},{"name":"country","type":"text"},{"name":"score","type":"integer"},
 {"name":"balance","type":"decimal","precision":12,"scale":2},{"name":"active","type":"boolean"},
 {"name":"created_at","type":"timestamp"},{"name":"notes","type":"text"}],"primaryKey":["id"]}'

now() { date +%s.%N; }
# calc EXPR: floating-point arithmetic (bc), e.g. rows/s = $(calc "$rows / $secs")
calc() { echo "$1" | bc -l; }

# ---------------------------------------------------------------- the bench's own Java programs
# sqlite_jdbc_jar: prints the path of the sqlite-jdbc jar Freight is built with (its version from
# pom.xml), from the local Maven repository (MAVEN_REPO, else ~/.m2/repository, else the one Maven's
# settings name); fetched there with Maven when it is missing.
sqlite_jdbc_jar() {
  local v repo jar
  v=$(sed -n '/<artifactId>sqlite-jdbc<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' "$ROOT_DIR/pom.xml")
  repo=${MAVEN_REPO:-$HOME/.m2/repository}
  jar="$repo/org/xerial/sqlite-jdbc/$v/sqlite-jdbc-$v.jar"
  if [ ! -s "$jar" ]; then
    (cd "$ROOT_DIR" && mvn_cmd -q -B dependency:get -Dartifact="org.xerial:sqlite-jdbc:$v" -Dtransitive=false) >&2 \
      || { echo "bench: cannot fetch sqlite-jdbc $v" >&2; return 1; }
    [ -s "$jar" ] || jar="$(cd "$ROOT_DIR" && mvn_cmd -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout)/org/xerial/sqlite-jdbc/$v/sqlite-jdbc-$v.jar"
  fi
  [ -s "$jar" ] || { echo "bench: no sqlite-jdbc $v jar at $jar" >&2; return 1; }
  echo "$jar"
}

# bench_classes: compiles bench/gen/Gen.java and bench/yardstick/SqliteUpsert.java (JDK classes
# only) into bench/out/classes when a source is newer than its class: compiled once, not at every
# run, so that the yardstick's time holds no javac.
bench_classes() {
  local src cls
  for src in "$BENCH_DIR/gen/Gen.java" "$BENCH_DIR/yardstick/SqliteUpsert.java"; do
    cls="$CLASSES/$(basename "$src" .java).class"
    [ -f "$cls" ] && [ "$cls" -nt "$src" ] && continue
    mkdir -p "$CLASSES"
    "$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" "$src" || { echo "bench: cannot compile $src" >&2; return 1; }
  done
}

# gen ARGS…: runs the data generator (see bench/gen/Gen.java for its commands)
gen() { bench_classes && "$JAVA_HOME/bin/java" -cp "$CLASSES" Gen "$@"; }

# ---------------------------------------------------------------- data
# gen_data ROWS: sets BASE_CSV (ids 1..ROWS, seed 1) and DELTA_CSV (ids ROWS/2+1.., seed 2: half
# updates, half inserts). Deterministic (seeded generator), so an existing file is reused.
gen_data() {
  local rows=$1
  BASE_CSV="$DATA_DIR/base-$rows.csv"; DELTA_CSV="$DATA_DIR/delta-$rows.csv"
  gen_file "$BASE_CSV" customers --rows "$rows" --start-id 1 --seed 1
  gen_file "$DELTA_CSV" customers --rows "$rows" --start-id $((rows / 2 + 1)) --seed 2
}

# gen_file FILE ARGS…: FILE made by the generator unless it exists (written beside, then renamed:
# an interrupted run leaves no half file to be reused).
gen_file() {
  local file=$1
  shift
  # made by this generator: a file older than Gen.java may hold other bytes
  [ -s "$file" ] && [ "$file" -nt "$BENCH_DIR/gen/Gen.java" ] && return 0
  gen "$@" --out "$file.part" && mv "$file.part" "$file"
}

# ---------------------------------------------------------------- Freight server
# build_freight: packages target/freight.jar unless SKIP_BUILD is set or nothing under src/main
# (or pom.xml) changed since the last build this script made (stamp bench/out/.freight-built; Maven
# leaves an up-to-date jar's time alone). Maven's chatter goes to bench/out/build.log.
build_freight() {
  [ -z "${SKIP_BUILD:-}" ] || return 0
  local stamp="$OUT_DIR/.freight-built"
  if [ ! -f "$ROOT_DIR/target/freight.jar" ] || [ ! -f "$stamp" ] \
    || [ -n "$(find "$ROOT_DIR/src/main" "$ROOT_DIR/pom.xml" -newer "$stamp" -print -quit)" ]; then
    touch "$stamp.new"
    (cd "$ROOT_DIR" && mvn_cmd -q -B -DskipTests package) >"$OUT_DIR/build.log" 2>&1 \
      || { echo "bench: build failed, see $OUT_DIR/build.log" >&2; tail -20 "$OUT_DIR/build.log" >&2; return 1; }
    mv "$stamp.new" "$stamp"   # the time the build started: an edit during the build triggers the next one
  fi
  # the start-up cache bin/freight records once per build (JDK 25+), so that servers start as it starts them
  if [ "${FREIGHT_AOT:-1}" != 0 ] && [ -z "$(aot_cache)" ]; then
    "$ROOT_DIR/bin/freight" train >>"$OUT_DIR/build.log" 2>&1 || true
  fi
}

# aot_cache: the start-up cache bin/freight starts servers from, when there is one for this jar (FREIGHT_AOT=0: none)
aot_cache() {
  [ "${FREIGHT_AOT:-1}" != 0 ] && [ -s "$ROOT_DIR/target/freight.aot" ] && [ "$ROOT_DIR/target/freight.aot" -nt "$ROOT_DIR/target/freight.jar" ] \
    && echo "$ROOT_DIR/target/freight.aot"
  return 0
}

FREIGHT_PIDS=()
# stop_all_freight: the EXIT trap of every script; ends only the servers this shell started.
stop_all_freight() {
  local p
  for p in "${FREIGHT_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${FREIGHT_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  FREIGHT_PIDS=()
}

# start_freight NAME PORT HEAP [serve flags…]: a server (-Xms = -Xmx = HEAP) on a fresh data directory
# bench/out/freight-NAME; sets FREIGHT_PID and FREIGHT_API and waits (≤ 60 s) until it listens.
# FREIGHT_JAVA_OPTS adds JVM flags; CHUNK sets --chunk-size (default: the server's own, by its heap:
# 10000 rows at 1 GiB, 5000 at 256 MiB).
start_freight() {
  local name=$1 port=$2 xmx=$3 log="$OUT_DIR/freight-$1.log" fd="$OUT_DIR/freight-$1"
  shift 3
  [ -n "${KEEP_DATA:-}" ] || rm -rf "$fd"   # KEEP_DATA=1: restart on the data a killed server left
  # started by bin/freight itself (it execs the JVM: $! is the server's pid), with a fixed heap, so
  # that every flag is the one a user's server gets: a flag that differs from the start-up cache's
  # recording makes the JVM ignore the whole cache. AOTMode=on: such a cache fails the start here,
  # instead of silently skewing the figures.
  local opts=${FREIGHT_JAVA_OPTS:-}
  [ -z "$(aot_cache)" ] || opts="-XX:AOTMode=on $opts"
  FREIGHT_ADMIN_KEY=$BENCH_KEY FREIGHT_HEAP=$xmx FREIGHT_JAVA_OPTS=$opts "$ROOT_DIR/bin/freight" \
    serve --host 127.0.0.1 --port "$port" --data-dir "$fd" --max-body 2GiB ${CHUNK:+--chunk-size "$CHUNK"} "$@" >"$log" 2>&1 &
  FREIGHT_PID=$!
  FREIGHT_PIDS+=("$FREIGHT_PID")
  FREIGHT_API="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    grep -q "Freight listening" "$log" && return 0
    kill -0 "$FREIGHT_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "bench: Freight ($name) did not start, see $log" >&2
  tail -20 "$log" >&2
  return 1
}

# stop_freight PID: SIGTERM (graceful), then wait up to 10 s.
stop_freight() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# peak_rss_mib PID: VmHWM (peak resident set) of a live process, in MiB.
peak_rss_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# create_customers API [NAME]: the customers table (or a twin named NAME) through Freight's API.
create_customers() {
  curl -sf -H "$BENCH_AUTH" -H 'Content-Type: application/json' "$1/v1/tables" \
    -d "${CUSTOMERS_JSON/\"name\":\"customers\"/\"name\":\"${2:-customers}\"}" >/dev/null
}

# run_import API AUTH_HEADER OUT_PREFIX MODE FILE [TABLE] -> seconds from the first byte sent to a
# final state; the final job is written to OUT_PREFIX-MODE.json. TABLE defaults to customers. The
# end is seen on the job's event stream (GET …/events ends once the job is final): one waiting
# connection. Polling every 50 ms cost the machine about 2 CPU-seconds per 12 s job (a curl
# process each, 11 ms of CPU) on 2 cores the job itself saturates, which psql's runs do not pay.
# Should the stream break, the job is polled (every 50 ms, at most 30 min in all) so a stuck job
# ends the benchmark instead of hanging it.
run_import() {
  local api=$1 auth=$2 prefix=$3 mode=$4 file=$5 table=${6:-customers} t0 t1 loc state i sampler=
  # THREADS=1: where the server's CPU went during this import, by thread, to OUT_PREFIX-MODE.threads.md
  if [ -n "${THREADS:-}" ] && [ -n "${FREIGHT_PID:-}" ]; then
    python3 "$BENCH_DIR/threads.py" "$FREIGHT_PID" "$prefix-$mode.threads.md" & sampler=$!
  fi
  t0=$(now)
  # -T streams the file (--data-binary @ reads it into memory: curl refuses files over 1 GiB)
  loc=$(curl -sf -o /dev/null -w '%header{location}' -H "$auth" -H 'Content-Type: text/csv' \
    -X POST -T "$file" -H "Expect:" "$api/v1/tables/$table/imports?mode=$mode")
  curl -sfN --max-time 1800 -H "$auth" -o /dev/null "$api$loc/events" || true
  t1=$(now)   # the end, if the job is final now (the stream ends then); else the poll's
  for ((i = 0; i < 36000; i++)); do
    state=$(curl -sf -H "$auth" "$api$loc" | grep -o '"state":"[a-z]*"' | head -1)
    case $state in *completed*|*failed*|*cancelled*) break ;; esac
    sleep 0.05
    t1=
  done
  [ -n "$t1" ] || t1=$(now)
  if [ -n "$sampler" ]; then kill -TERM "$sampler"; wait "$sampler" || true; fi
  curl -sf -H "$auth" "$api$loc" >"$prefix-$mode.json"
  case $state in *completed*) ;; *) echo "bench: $mode import of $file ended $state" >&2; return 1 ;; esac
  calc "$t1 - $t0"
}

# warm_up API: the same two imports as the timed ones (insert of a base file, upsert of its delta),
# WARM_ROWS rows (default and at most the run's size; 0: no warm-up), into a table named warmup that the
# caller has created with the customers columns. A service runs for days: the timed jobs should
# meet code the JIT has compiled, not pay for its first ~15 s of compilation (about 4 s of CPU
# per cold 1M-row job on 2 cores; after a 200k-row warm-up still about 2 s, after a full-size one 0.6 s). The warm-up jobs are written to OUT_DIR/warmup-*.json.
warm_up() {
  local api=$1 rows=${WARM_ROWS:-$2} base delta
  [ "$rows" -le "$2" ] || rows=$2
  [ "$rows" -gt 0 ] || return 0
  gen_data "$rows"; base=$BASE_CSV; delta=$DELTA_CSV
  run_import "$api" "$BENCH_AUTH" "$OUT_DIR/warmup" insert "$base" warmup >/dev/null
  run_import "$api" "$BENCH_AUTH" "$OUT_DIR/warmup" upsert "$delta" warmup >/dev/null
  gen_data "$2"   # BASE_CSV and DELTA_CSV back to the run's files
}

# job_counts FILE: the counts object of a job saved by run_import.
job_counts() { grep -o '"counts":{[^}]*}' "$1"; }

# ---------------------------------------------------------------- PostgreSQL (figures 1 and 2)
pg_recreate_db() { psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }
pg_drop_db() { psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" || true; }
# pg_settle DB: before each timed step on PostgreSQL, on both sides alike: VACUUM ANALYZE, so that
# autovacuum (woken by the rows of the step before, or of a warm-up) does not run inside the timed
# one, then CHECKPOINT, so that the step before's dirty pages are not written inside it either.
pg_settle() { psql "$PG_BASE/$1" -q -c 'VACUUM ANALYZE' -c 'CHECKPOINT'; }
pg_check() { psql "$PG_BASE/$1" -Atc 'SELECT count(*), sum(score), sum(balance) FROM public.customers'; }

# pg_yardsticks ROWS: psql on a fresh database freight_bench_ref, same server as Freight.
#   PG_COPY_SECS    \copy base.csv into an empty customers table with its primary key (insert limit)
#   PG_UPSERT_SECS  \copy delta.csv → temp staging + INSERT … ON CONFLICT DO UPDATE, one tx (upsert limit)
#   PG_REF_CHECK    count, sum(score), sum(balance) after the upsert
pg_yardsticks() {
  gen_data "$1"
  psql_yardsticks freight_bench_ref customers "$CUSTOMERS_DDL" "$BASE_CSV" "$DELTA_CSV"
  PG_REF_CHECK=$(pg_check freight_bench_ref)
  pg_drop_db freight_bench_ref
}

# psql_yardsticks DB TABLE DDL BASE DELTA: on a fresh database DB (left for the caller to check
# and drop), the table made by DDL, then both psql yardsticks, each timed around the whole psql
# process (connection included); pg_settle before each keeps autovacuum and the previous step's
# dirty pages out of the timed one. The upsert sets every column but the
# first (the key) from the staging row. Sets PG_COPY_SECS and PG_UPSERT_SECS.
psql_yardsticks() {
  local db=$1 table=$2 ddl=$3 base=$4 delta=$5 t0 t1 set_list
  set_list=$(head -1 "$delta" | tr ',' '\n' | tail -n +2 | sed 's/.*/& = excluded.&/' | paste -sd, -)
  pg_recreate_db "$db"
  psql "$PG_BASE/$db" -qc "$ddl"
  pg_settle "$db"
  t0=$(now)
  psql "$PG_BASE/$db" -q -v ON_ERROR_STOP=1 -c "\\copy $table FROM '$base' CSV HEADER"
  t1=$(now)
  PG_COPY_SECS=$(calc "$t1 - $t0")
  pg_settle "$db"
  t0=$(now)
  psql "$PG_BASE/$db" -q -v ON_ERROR_STOP=1 <<SQL
BEGIN;
CREATE TEMP TABLE staging (LIKE $table) ON COMMIT DROP;
\\copy staging FROM '$delta' CSV HEADER
INSERT INTO $table SELECT * FROM staging ON CONFLICT (id) DO UPDATE SET $set_list;
COMMIT;
SQL
  t1=$(now)
  PG_UPSERT_SECS=$(calc "$t1 - $t0")
}

# pg_freight ROWS PORT [XMX]: Freight with --db on a fresh database freight_bench; the table is
# created by psql ("another tool"), Freight discovers it. Same steps as the yardsticks:
#   PG_F_INSERT_SECS  base.csv, mode=insert, into the empty table (first byte → completed)
#   PG_F_UPSERT_SECS  delta.csv, mode=upsert (first byte → completed)
#   PG_F_CHECK, PG_F_COUNTS, PG_F_RSS_MIB (server VmHWM after both imports)
pg_freight() {
  local rows=$1 port=$2 xmx=${3:-1g}
  gen_data "$rows"
  build_freight
  pg_recreate_db freight_bench
  start_freight pg "$port" "$xmx" --db "jdbc:postgresql://127.0.0.1:5432/freight_bench?user=postgres"
  psql "$PG_BASE/freight_bench" -qc "$CUSTOMERS_DDL" -c "${CUSTOMERS_DDL/TABLE customers/TABLE warmup}"
  warm_up "$FREIGHT_API" "$rows"
  pg_timed_imports
  # the server stays up (FREIGHT_PID) for callers that want to use it further, e.g. the load figure
}

# pg_freight_again ROWS: the two timed imports once more on the server pg_freight left running,
# into the emptied table; sets the same variables as pg_freight (its RSS keeps growing as a peak).
pg_freight_again() {
  psql "$PG_BASE/freight_bench" -qc 'TRUNCATE customers'
  pg_timed_imports
}

# pg_timed_imports: base.csv inserted, delta.csv upserted (each timed, after pg_settle) into the
# customers table of the running PostgreSQL server; sets pg_freight's variables.
pg_timed_imports() {
  pg_settle freight_bench
  PG_F_INSERT_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/pg-job" insert "$BASE_CSV")
  pg_settle freight_bench
  PG_F_UPSERT_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/pg-job" upsert "$DELTA_CSV")
  PG_F_COUNTS=$(job_counts "$OUT_DIR/pg-job-upsert.json")
  PG_F_RSS_MIB=$(peak_rss_mib "$FREIGHT_PID")
  PG_F_CHECK=$(pg_check freight_bench)
}

# median N…: the middle value (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# ---------------------------------------------------------------- SQLite (figures 3, 4, 5)
# sqlite_yardstick ROWS: bench/yardstick/SqliteUpsert.java, a careful hand-written Java loader
# (parse, check, batched prepared INSERT … ON CONFLICT DO UPDATE, one transaction, WAL), upserts
# delta.csv into a fresh copy of a SQLite file holding base.csv. The base file is loaded once per
# size and run (untimed) and copied for every timed run; sync before the clock starts.
#   SQ_REF_ROWS, SQ_REF_SECS (the whole java process, JVM start included), SQ_REF_CHECK
sqlite_yardstick() {
  local rows=$1 dir="$OUT_DIR/yardstick" jar t0 t1
  gen_data "$rows"
  bench_classes
  jar=$(sqlite_jdbc_jar)
  mkdir -p "$dir"
  if [ ! -s "$dir/base-$rows.sqlite" ]; then
    yardstick_java "$jar" load --csv "$BASE_CSV" --db "$dir/base-$rows.sqlite.part" >"$dir/load-$rows.out" \
      && mv "$dir/base-$rows.sqlite.part" "$dir/base-$rows.sqlite" || return 1
  fi
  rm -f "$dir/run.sqlite"*
  cp "$dir/base-$rows.sqlite" "$dir/run.sqlite"
  sync
  t0=$(now)
  yardstick_java "$jar" upsert --csv "$DELTA_CSV" --db "$dir/run.sqlite" >"$dir/upsert-$rows.out" || return 1
  t1=$(now)
  SQ_REF_ROWS=$(sed -n 's/^RESULT .* rows=\([0-9]*\).*/\1/p' "$dir/upsert-$rows.out")
  SQ_REF_SECS=$(calc "$t1 - $t0")
  SQ_REF_CHECK=$(sed -n 's/^CHECK //p' "$dir/upsert-$rows.out")
  rm -f "$dir/run.sqlite"*
}

# sqlite_yardstick_clean: removes the yardstick's base files (hundreds of MB at 1M rows).
sqlite_yardstick_clean() { rm -rf "$OUT_DIR/yardstick"; }

# yardstick_java JAR ARGS…: one run of the SQLite yardstick; its errors to bench/out/yardstick/java.err
yardstick_java() {
  local jar=$1
  shift
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar:$CLASSES" SqliteUpsert "$@" 2>"$OUT_DIR/yardstick/java.err" \
    || { echo "bench: the SQLite yardstick failed, see $OUT_DIR/yardstick/java.err" >&2; tail -5 "$OUT_DIR/yardstick/java.err" >&2; return 1; }
}

# sqlite_freight ROWS PORT XMX: Freight on its embedded SQLite store, fresh data directory.
#   SQ_F_SECS      delta.csv upsert into the loaded table (first byte → completed)
#   SQ_F_COUNTS
#   ACCEPT_SECS    curl time_total of one POST of delta.csv alone (until 202 Accepted); that job
#                  (all rows unchanged) is then waited for, so the memory figure covers it too
#   SQ_F_RSS_MIB   server VmHWM after all three imports (base insert, delta upsert, delta again)
# The server stays up as FREIGHT_PID.
sqlite_freight() {
  local rows=$1 port=$2 xmx=$3 out loc code
  gen_data "$rows"
  build_freight
  start_freight sqlite "$port" "$xmx"
  create_customers "$FREIGHT_API"
  create_customers "$FREIGHT_API" warmup
  warm_up "$FREIGHT_API" "$rows"
  sqlite_timed_upsert
  # figure 4: the POST alone; Location and status come back in the -w line
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %header{location}' -H "$BENCH_AUTH" \
    -H 'Content-Type: text/csv' -X POST -T "$DELTA_CSV" -H "Expect:" "$FREIGHT_API/v1/tables/customers/imports?mode=upsert")
  read -r code ACCEPT_SECS loc <<<"$out"
  [ "$code" = 202 ] || { echo "bench: POST of $DELTA_CSV answered $code, not 202" >&2; return 1; }
  # wait for that job (bounded: wait= is at most 300 s on the server, 3 tries)
  for _ in 1 2 3; do
    curl -sf -H "$BENCH_AUTH" "$FREIGHT_API$loc" | grep -q '"state":"\(completed\|failed\|cancelled\)"' && break
    curl -sf -o /dev/null --max-time 310 -H "$BENCH_AUTH" "$FREIGHT_API$loc/events" || true
  done
  SQ_F_RSS_MIB=$(peak_rss_mib "$FREIGHT_PID")
}

# sqlite_freight_again: the timed upsert once more on the server sqlite_freight left running: the
# table dropped and made again, base.csv inserted, delta.csv upserted (timed). Sets SQ_F_SECS,
# SQ_F_COUNTS and SQ_F_RSS_MIB (the peak so far).
sqlite_freight_again() {
  curl -sf -X DELETE -H "$BENCH_AUTH" -H 'If-Match: *' "$FREIGHT_API/v1/tables/customers" >/dev/null
  create_customers "$FREIGHT_API"
  sqlite_timed_upsert
  SQ_F_RSS_MIB=$(peak_rss_mib "$FREIGHT_PID")
}

# sqlite_timed_upsert: base.csv inserted into the empty customers table, delta.csv upserted
# (timed); sets SQ_F_SECS and SQ_F_COUNTS.
sqlite_timed_upsert() {
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/sqlite-job" insert "$BASE_CSV" >/dev/null
  SQ_F_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/sqlite-job" upsert "$DELTA_CSV")
  SQ_F_COUNTS=$(job_counts "$OUT_DIR/sqlite-job-upsert.json")
}

# How cost grows: the figures of bench/run --scale, --results, --wide and --cold (sourced after
# lib.sh, not run). Each function starts its own servers and databases and leaves none running;
# bench/run's EXIT trap ends what an interrupted one leaves.

scale_db=freight_bench_scale

# scale_run SIZE…: the upsert at each SIZE (ascending), on both stores, beside both yardsticks.
# Two servers, started once with a fixed 256 MiB heap (PostgreSQL on a fresh database, SQLite) and
# warmed by the smallest size's jobs, take every size in turn: base inserted into a new table, delta
# upserted (both timed), the table dropped. Their peak RSS (VmHWM) is read after each size: were it
# to grow with the job, the reading after the largest size would stand above the one before.
# Yardsticks per size: psql \copy → staging + ON CONFLICT (and \copy alone), the Java SQLite loader.
# Writes SCALE_TSV (store, series, rows, seconds, rows/s, peak RSS) for the table and the chart.
scale_run() {
  local sizes=("$@") n pg_pid pg_api sq_pid sq_api
  SCALE_TSV="$OUT_DIR/scale.tsv"
  printf 'store\tseries\trows\tseconds\trows_per_s\tpeak_rss_mib\n' >"$SCALE_TSV"
  pg_recreate_db "$scale_db"
  start_freight scale-pg 18185 256m --db "jdbc:postgresql://127.0.0.1:5432/$scale_db?user=postgres"
  pg_pid=$FREIGHT_PID pg_api=$FREIGHT_API
  start_freight scale-sqlite 18186 256m
  sq_pid=$FREIGHT_PID sq_api=$FREIGHT_API
  create_customers "$pg_api" warmup; warm_up "$pg_api" "${sizes[0]}"
  create_customers "$sq_api" warmup; warm_up "$sq_api" "${sizes[0]}"
  for n in "${sizes[@]}"; do
    [ -z "${SCALE_STEP:-}" ] || "$SCALE_STEP" "scale: $n rows: psql yardsticks"
    pg_yardsticks "$n"
    scale_line postgresql psql-copy "$n" "$PG_COPY_SECS" -
    scale_line postgresql psql-upsert "$n" "$PG_UPSERT_SECS" -
    [ -z "${SCALE_STEP:-}" ] || "$SCALE_STEP" "scale: $n rows: SQLite yardstick"
    sqlite_yardstick "$n"
    scale_line sqlite java-upsert "$n" "$SQ_REF_SECS" -
    rm -f "$OUT_DIR/yardstick/base-$n.sqlite"
    [ -z "${SCALE_STEP:-}" ] || "$SCALE_STEP" "scale: $n rows: Freight on PostgreSQL, then on SQLite (-Xmx256m)"
    scale_freight postgresql "$pg_api" "$pg_pid" "$n"
    scale_freight sqlite "$sq_api" "$sq_pid" "$n"
  done
  stop_freight "$pg_pid"; stop_freight "$sq_pid"
  pg_drop_db "$scale_db"
  rm -rf "$OUT_DIR/freight-scale-pg" "$OUT_DIR/freight-scale-sqlite"   # gigabytes at 10M rows
}

# scale_line STORE SERIES ROWS SECONDS RSS: one line of SCALE_TSV
scale_line() { printf '%s\t%s\t%s\t%.3f\t%.0f\t%s\n' "$1" "$2" "$3" "$4" "$(calc "$3 / $4")" "$5" >>"$SCALE_TSV"; }

# scale_freight STORE API PID ROWS: base inserted into a new table scale_ROWS, delta upserted (each
# timed, pg_settle before each on PostgreSQL), the table dropped; two lines of SCALE_TSV.
scale_freight() {
  local store=$1 api=$2 pid=$3 n=$4 table=scale_$4 secs
  create_customers "$api" "$table"
  [ "$store" = sqlite ] || pg_settle "$scale_db"
  secs=$(run_import "$api" "$BENCH_AUTH" "$OUT_DIR/scale-$store-$n" insert "$BASE_CSV" "$table")
  scale_line "$store" freight-insert "$n" "$secs" "$(peak_rss_mib "$pid")"
  [ "$store" = sqlite ] || pg_settle "$scale_db"
  secs=$(run_import "$api" "$BENCH_AUTH" "$OUT_DIR/scale-$store-$n" upsert "$DELTA_CSV" "$table")
  scale_line "$store" freight-upsert "$n" "$secs" "$(peak_rss_mib "$pid")"
  curl -sf -X DELETE -H "$BENCH_AUTH" -H 'If-Match: *' "$api/v1/tables/$table" >/dev/null
}

# scale_value STORE SERIES ROWS COLUMN: a value of SCALE_TSV (COLUMN: seconds, rows_per_s, peak_rss_mib)
scale_value() {
  awk -F'\t' -v s="$1" -v r="$2" -v n="$3" -v c="$4" \
    'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == s && $2 == r && $3 == n { print $col[c] }' "$SCALE_TSV"
}

# results_run ROWS BAD: for each store, a fresh server (256 MiB heap): base.csv inserted, then a delta
# in which BAD rows fail (their score is not an integer) upserted (timed); then bench/results.py
# times reading that job's row results: all of them as JSON pages (limit 10,000) and as CSV (one
# stream), and only the failed ones, as JSON and as CSV. Sets RESULTS_LINES (one RESULTS line per
# read, prefixed with the store) and RESULTS_JOBS (store, upsert seconds, counts).
results_run() {
  local rows=$1 bad=$2 store port loc secs bad_csv fmt outcome
  gen_data "$rows"
  bad_csv="$DATA_DIR/delta-$rows-bad$bad.csv"
  gen_file "$bad_csv" customers --rows "$rows" --start-id $((rows / 2 + 1)) --seed 2 --bad "$bad"
  RESULTS_LINES=() RESULTS_JOBS=()
  for store in postgresql sqlite; do
    if [ "$store" = postgresql ]; then
      pg_recreate_db freight_bench_results
      start_freight results-pg 18187 256m --db "jdbc:postgresql://127.0.0.1:5432/freight_bench_results?user=postgres"
    else
      start_freight results-sqlite 18188 256m
    fi
    create_customers "$FREIGHT_API"
    run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/results-$store" insert "$BASE_CSV" >/dev/null
    secs=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/results-$store" upsert "$bad_csv")
    RESULTS_JOBS+=("$store $(printf '%.2f' "$secs") $(job_counts "$OUT_DIR/results-$store-upsert.json")")
    loc=/v1/jobs/$(grep -o '"id":"[^"]*"' "$OUT_DIR/results-$store-upsert.json" | head -1 | cut -d'"' -f4)
    for fmt in json csv; do
      for outcome in all failed; do
        RESULTS_LINES+=("$store $(python3 "$BENCH_DIR/results.py" "$FREIGHT_API" "$BENCH_KEY" "$loc" "$fmt" "$outcome")") || return 1
      done
    done
    RESULTS_LINES+=("$store RSS peak_rss_mib=$(peak_rss_mib "$FREIGHT_PID")")
    stop_freight "$FREIGHT_PID"
    [ "$store" = sqlite ] || pg_drop_db freight_bench_results
  done
}

# wide_run ROWS COLS: a COLS-column table (bench/gen/Gen.java wide), base and delta as for customers,
# on PostgreSQL: the psql yardsticks on a fresh database, then Freight (1 GiB heap, as figures 1 and 2)
# on another, the table made by psql, warmed by the same two jobs on a twin table wide_warmup; insert
# of base and upsert of delta timed, pg_settle before each.
#   WIDE_PSQL_COPY_SECS WIDE_PSQL_UPSERT_SECS WIDE_F_INSERT_SECS WIDE_F_UPSERT_SECS
#   WIDE_CHECK (count and two sums, Freight's and psql's tables), WIDE_COUNTS (Freight's upsert job)
wide_run() {
  local rows=$1 cols=$2 base="$DATA_DIR/wide$2-base-$1.csv" delta="$DATA_DIR/wide$2-delta-$1.csv" ddl check
  gen_file "$base" wide --rows "$rows" --cols "$cols" --start-id 1 --seed 1
  gen_file "$delta" wide --rows "$rows" --cols "$cols" --start-id $((rows / 2 + 1)) --seed 2
  ddl=$(gen wide-ddl --cols "$cols" --name wide)
  check='SELECT count(*), sum(c002), sum(c003) FROM wide'
  psql_yardsticks freight_bench_wide_ref wide "$ddl" "$base" "$delta"
  WIDE_PSQL_COPY_SECS=$PG_COPY_SECS WIDE_PSQL_UPSERT_SECS=$PG_UPSERT_SECS
  WIDE_CHECK="psql $(psql "$PG_BASE/freight_bench_wide_ref" -Atc "$check")"
  pg_drop_db freight_bench_wide_ref
  pg_recreate_db freight_bench_wide
  psql "$PG_BASE/freight_bench_wide" -qc "$ddl" -c "${ddl/TABLE wide/TABLE wide_warmup}"
  start_freight wide 18189 1g --db "jdbc:postgresql://127.0.0.1:5432/freight_bench_wide?user=postgres"
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/wide-warmup" insert "$base" wide_warmup >/dev/null
  run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/wide-warmup" upsert "$delta" wide_warmup >/dev/null
  pg_settle freight_bench_wide
  WIDE_F_INSERT_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/wide-job" insert "$base" wide)
  pg_settle freight_bench_wide
  WIDE_F_UPSERT_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/wide-job" upsert "$delta" wide)
  WIDE_COUNTS=$(job_counts "$OUT_DIR/wide-job-upsert.json")
  WIDE_CHECK="Freight $(psql "$PG_BASE/freight_bench_wide" -Atc "$check"), $WIDE_CHECK"
  stop_freight "$FREIGHT_PID"
  pg_drop_db freight_bench_wide
}

# cold_run ROWS: figure 1c once: a fresh database whose customers table psql made and loaded with
# base.csv (pg_settle after), a fresh server (1 GiB heap, as figure 1), and its first job, timed:
# the upsert of delta.csv. Sets COLD_SECS, COLD_COUNTS, COLD_CHECK.
cold_run() {
  gen_data "$1"
  pg_recreate_db freight_bench_cold
  psql "$PG_BASE/freight_bench_cold" -q -v ON_ERROR_STOP=1 -c "$CUSTOMERS_DDL" \
    -c "\\copy customers FROM '$BASE_CSV' CSV HEADER"
  pg_settle freight_bench_cold
  start_freight cold 18190 1g --db "jdbc:postgresql://127.0.0.1:5432/freight_bench_cold?user=postgres"
  COLD_SECS=$(run_import "$FREIGHT_API" "$BENCH_AUTH" "$OUT_DIR/cold-job" upsert "$DELTA_CSV")
  COLD_COUNTS=$(job_counts "$OUT_DIR/cold-job-upsert.json")
  COLD_CHECK=$(pg_check freight_bench_cold)
  stop_freight "$FREIGHT_PID"
  pg_drop_db freight_bench_cold
}

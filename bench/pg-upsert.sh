#!/usr/bin/env bash
# PostgreSQL figure: the 1M-row upsert of delta.csv into base.csv through Freight's HTTP API,
# beside psql's \copy into a staging table + INSERT … ON CONFLICT on the same server, same run.
#   bench/pg-upsert.sh [ROWS]      (default 1000000)
# Needs psql and a PostgreSQL at $PGURL_BASE (default postgresql://postgres@127.0.0.1:5432);
# creates and drops the databases freight_bench_ref and freight_bench.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
ref_src="$root/../shared/bench/reference"
rows=${1:-1000000}
data="$here/data"; out="$here/out"
mkdir -p "$data" "$out"
source "$root/bin/jdk.sh"
source "$here/lib.sh"
pg=${PGURL_BASE:-postgresql://postgres@127.0.0.1:5432}

base="$data/base-$rows.csv"; delta="$data/delta-$rows.csv"
[ -f "$base" ] || python3 "$ref_src/gen.py" --rows "$rows" --start-id 1 --seed 1 --out "$base"
[ -f "$delta" ] || python3 "$ref_src/gen.py" --rows "$rows" --start-id $((rows / 2 + 1)) --seed 2 --out "$delta"

ddl='CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, first_name text, last_name text,
  country text, score bigint, balance numeric(12,2), active boolean, created_at timestamp, notes text)'
cols='email, first_name, last_name, country, score, balance, active, created_at, notes'
set_list=$(sed -E 's/([a-z_]+)/\1 = excluded.\1/g' <<<"$cols")

# 1. the yardstick: psql \copy → temp staging, INSERT … ON CONFLICT, one transaction
psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS freight_bench_ref' -c 'CREATE DATABASE freight_bench_ref'
psql "$pg/freight_bench_ref" -qc "$ddl" -c "\\copy customers FROM '$base' CSV HEADER" -c 'CHECKPOINT'
t0=$(date +%s.%N)
psql "$pg/freight_bench_ref" -q -v ON_ERROR_STOP=1 <<SQL
BEGIN;
CREATE TEMP TABLE staging (LIKE customers) ON COMMIT DROP;
\\copy staging FROM '$delta' CSV HEADER
INSERT INTO customers SELECT * FROM staging ON CONFLICT (id) DO UPDATE SET $set_list;
COMMIT;
SQL
t1=$(date +%s.%N)
ref_secs=$(echo "$t1 - $t0" | bc -l)
ref_sum=$(psql "$pg/freight_bench_ref" -Atc 'SELECT count(*), sum(score), sum(balance) FROM customers')

# 2. Freight on its own database
[ -n "${SKIP_BUILD:-}" ] || (cd "$root" && mvn_cmd -q -B -DskipTests package)
psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS freight_bench' -c 'CREATE DATABASE freight_bench'
fd="$out/freight-data-pg"; rm -rf "$fd"
key=frt_bench_admin_key_0123456789abcdef
FREIGHT_ADMIN_KEY=$key "$JAVA_HOME/bin/java" -Xmx1g ${FREIGHT_JAVA_OPTS:-} -jar "$root/target/freight.jar" serve \
  --host 127.0.0.1 --port 18182 --data-dir "$fd" --max-body 2GiB --chunk-size "${CHUNK:-5000}" \
  --db "jdbc:postgresql://127.0.0.1:5432/freight_bench?user=postgres" >"$out/freight-pg.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Freight listening" "$out/freight-pg.log" && break; sleep 0.5; done
api=http://127.0.0.1:18182; auth="Authorization: Bearer $key"
psql "$pg/freight_bench" -qc "$ddl"   # created by "another tool": Freight discovers it
run_import "$api" "$auth" "$out/pg-job" insert "$base" >/dev/null
psql "$pg/freight_bench" -qc 'CHECKPOINT'
secs=$(run_import "$api" "$auth" "$out/pg-job" upsert "$delta")
sum=$(psql "$pg/freight_bench" -Atc 'SELECT count(*), sum(score), sum(balance) FROM public.customers')
printf '| path | rows | seconds | rows/s |\n|---|---|---|---|\n'
printf '| Freight HTTP upsert, PostgreSQL (first byte → completed) | %d | %.2f | %.0f |\n' "$rows" "$secs" "$(echo "$rows / $secs" | bc -l)"
printf '| psql \\copy → staging + INSERT … ON CONFLICT, 1 tx | %d | %.2f | %.0f |\n' "$rows" "$ref_secs" "$(echo "$rows / $ref_secs" | bc -l)"
printf 'ratio %.2f; tables agree: %s (freight %s, psql %s)\n' "$(echo "$ref_secs / $secs" | bc -l)" \
  "$([ "$sum" = "$ref_sum" ] && echo yes || echo NO)" "$sum" "$ref_sum"
psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS freight_bench_ref' -c 'DROP DATABASE IF EXISTS freight_bench WITH (FORCE)' || true

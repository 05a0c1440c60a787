#!/usr/bin/env bash
# SQLite figure: the 1M-row upsert of delta.csv into base.csv through Freight's HTTP API,
# beside the reference Java SQLite upsert (../shared/bench/reference/jdbc-baseline), same run.
#   bench/sqlite-upsert.sh [ROWS]     (default 1000000; e.g. 100000 for a quick look)
# Data and logs go to bench/data and bench/out (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
ref_src="$root/../shared/bench/reference"
rows=${1:-1000000}
data="$here/data"; out="$here/out"
mkdir -p "$data" "$out"
source "$root/bin/jdk.sh"
source "$here/lib.sh"

# 1. deterministic data (the reference generator, used in place)
base="$data/base-$rows.csv"; delta="$data/delta-$rows.csv"
[ -f "$base" ] || python3 "$ref_src/gen.py" --rows "$rows" --start-id 1 --seed 1 --out "$base"
[ -f "$delta" ] || python3 "$ref_src/gen.py" --rows "$rows" --start-id $((rows / 2 + 1)) --seed 2 --out "$delta"

# 2. the reference, run from a scratch copy (it writes logs and data beside itself)
rm -rf "$out/reference"; cp -r "$ref_src" "$out/reference"; chmod -R u+w "$out/reference"
(cd "$out/reference/jdbc-baseline" && RUNS=1 BASE_CSV="$base" DELTA_CSV="$delta" RESULTS="$out/reference.tsv" \
  bash run-sqlite.sh >/dev/null)
ref_line=$(grep -P '\tsqlite-upsert\t' "$out/reference.tsv" | tail -1)
ref_rows=$(cut -f5 <<<"$ref_line"); ref_secs=$(cut -f6 <<<"$ref_line")

# 3. Freight on a fresh data directory
[ -n "${SKIP_BUILD:-}" ] || (cd "$root" && mvn_cmd -q -B -DskipTests package)
fd="$out/freight-data"; rm -rf "$fd"
key=frt_bench_admin_key_0123456789abcdef
FREIGHT_ADMIN_KEY=$key "$JAVA_HOME/bin/java" -Xmx1g ${FREIGHT_JAVA_OPTS:-} -jar "$root/target/freight.jar" serve --host 127.0.0.1 --port 18181 \
  --data-dir "$fd" --chunk-size "${CHUNK:-5000}" >"$out/freight.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Freight listening" "$out/freight.log" && break; sleep 0.5; done
api=http://127.0.0.1:18181; auth="Authorization: Bearer $key"
curl -sf -H "$auth" -H 'Content-Type: application/json' $api/v1/tables -d '{"name":"customers","columns":[
 {"name":"id","type":"integer"},{"name":"email","type":"text","nullable":false},{"name":"first_name","type":"text"},
 {"name":"last_name","type":"text"},{"name":"country","type":"text"},{"name":"score","type":"integer"},
 {"name":"balance","type":"decimal","precision":12,"scale":2},{"name":"active","type":"boolean"},
 {"name":"created_at","type":"timestamp"},{"name":"notes","type":"text"}],"primaryKey":["id"]}' >/dev/null
run_import "$api" "$auth" "$out/job" insert "$base" >/dev/null
secs=$(run_import "$api" "$auth" "$out/job" upsert "$delta")
counts=$(grep -o '"counts":{[^}]*}' "$out/job-upsert.json")
freight_rps=$(echo "$rows / $secs" | bc -l)
ref_rps=$(echo "$ref_rows / $ref_secs" | bc -l)
printf '| path | rows | seconds | rows/s |\n|---|---|---|---|\n'
printf '| Freight HTTP upsert, SQLite (first byte → completed) | %d | %.2f | %.0f |\n' "$rows" "$secs" "$freight_rps"
printf '| reference Java SQLite upsert (jdbc-baseline) | %d | %.2f | %.0f |\n' "$ref_rows" "$ref_secs" "$ref_rps"
printf 'ratio %.2f; Freight %s\n' "$(echo "$freight_rps / $ref_rps" | bc -l)" "$counts"

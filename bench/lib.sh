# Shared by bench/*.sh (sourced): times one import through Freight's HTTP API.
# run_import API AUTH_HEADER OUT_PREFIX MODE FILE -> seconds from the first byte sent to a final state;
# the final job is written to OUT_PREFIX-MODE.json.
run_import() {
  local api=$1 auth=$2 prefix=$3 mode=$4 file=$5 t0 t1 loc state
  t0=$(date +%s.%N)
  loc=$(curl -sf -o /dev/null -w '%header{location}' -H "$auth" -H 'Content-Type: text/csv' \
    --data-binary @"$file" "$api/v1/tables/customers/imports?mode=$mode")
  while :; do
    state=$(curl -sf -H "$auth" "$api$loc" | grep -o '"state":"[a-z]*"' | head -1)
    case $state in *completed*|*failed*|*cancelled*) break ;; esac
    sleep 0.05
  done
  t1=$(date +%s.%N)
  curl -sf -H "$auth" "$api$loc" >"$prefix-$mode.json"
  echo "$t1 - $t0" | bc -l
}

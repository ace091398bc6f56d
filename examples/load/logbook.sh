#!/usr/bin/env bash
# The cost of the processing log: search throughput of two gateways over the same demo VUM source
# (release builds, loopback), one with the log (SQLite, every commit synced) and one without,
# measured in the same run. Each search discloses 100 people (the VUM maximum), so each logs 100
# records before it answers. The goal (issue 6) is that the log costs at most 20% of throughput.
#
#   examples/load/logbook.sh [seconds per run, default 10]     (needs wrk: apt-get install wrk)
#   PEOPLE_SOURCE=500 examples/load/logbook.sh                 (a smaller source: about 20 people
#                                                                per search instead of the 100 cap)
#   CONNECTIONS=64 PAIRS=5 examples/load/logbook.sh            (wrk connections, default 16; pairs
#                                                                of alternating runs, default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --locked -q -p werkbrug-cli
bin=target/release/werkbrug
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { for _ in $(seq 1 200); do grep -q "listening on" "$1" && break; sleep 0.1; done
  sed -n 's/^listening on http:\/\/\(.*\)$/\1/p' "$1" | head -n 1; }

"$bin" demo-source --kind vum-bron --count "${PEOPLE_SOURCE:-4000}" --vacancies 10 --seed 3 2> "$work/source.log" &
pids+=($!)
source=$(wait_for "$work/source.log")

key="load-test-key-$(date +%s%N)"
hash=$(printf '%s' "$key" | "$bin" hash-key)
for mode in on off; do
  enabled=true; [ "$mode" = off ] && enabled=false
  cat > "$work/$mode.toml" <<TOML
[rate_limit]
per_second = 100000000
burst = 100000000

[connections]
max_per_address = 100000

[[access.api_keys]]
hash = "$hash"
organisation = "Load test"
roles = ["search"]
purposes = ["matching"]

[logbook]
enabled = $enabled
data_dir = "$work/log-$mode"
subject_key = "3333333333333333333333333333333333333333333333333333333333333333"

[federation]
pseudonym_key = "4444444444444444444444444444444444444444444444444444444444444444"

[[federation.sources]]
id = "uwv"
organisation = "UWV"
kind = "vum-bron"
base_url = "http://$source"
document_types = ["jobseeker-profile"]
TOML
  RUST_LOG=warn "$bin" serve --bind 127.0.0.1:0 --config "$work/$mode.toml" 2> "$work/$mode.log" &
  pids+=($!)
done
on=$(wait_for "$work/on.log")
off=$(wait_for "$work/off.log")

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$key"
wrk.body = '{"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 5}}}'
LUA
people=$(curl -s -X POST "http://$on/v1/jobseeker-searches" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  -d '{"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 5}}}' |
  python3 -c 'import json, sys; print(len(json.load(sys.stdin)["results"]))')

connections=${CONNECTIONS:-16}
pairs=${PAIRS:-3}
run() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://$1/v1/jobseeker-searches" > "$work/wrk.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  errors=$(grep -cE "Non-2xx|Socket errors" "$work/wrk.txt" || true)
  echo "$rps $p99 $errors"
}
# Warm up both, then alternate off and on: this machine's speed drifts by more than the effect
# measured, so each pair is compared on its own and the median of the pairs' ratios is reported.
wrk -t2 -c"$connections" -d2s -s "$work/post.lua" "http://$on/v1/jobseeker-searches" > /dev/null
wrk -t2 -c"$connections" -d2s -s "$work/post.lua" "http://$off/v1/jobseeker-searches" > /dev/null
printf 'searches disclosing %d people each, %d connections, %d s per run, %d pairs\n' "$people" "$connections" "$seconds" "$pairs"
ratios=()
for pair in $(seq 1 "$pairs"); do
  read -r off_rps off_p99 off_err <<< "$(run "$off")"
  read -r on_rps on_p99 on_err <<< "$(run "$on")"
  [ "$off_err$on_err" = 00 ] || echo "  (errors in this pair: see wrk)"
  ratio=$(echo "$on_rps / $off_rps" | bc -l)
  ratios+=("$ratio")
  printf '  pair %d: log off %7.1f/s (p99 %s), log on %7.1f/s (p99 %s): on/off %.3f\n' \
    "$pair" "$off_rps" "$off_p99" "$on_rps" "$on_p99" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'the log costs %.1f %% of the throughput (median of the pairs; goal <= 20 %%)\n' "$(echo "100 * (1 - $median)" | bc -l)"

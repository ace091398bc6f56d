#!/usr/bin/env bash
# The cost of the processing log: search throughput of two gateways over the same demo VUM source
# (release builds, loopback), one with the log (SQLite, every commit synced) and one without,
# measured in the same run. Each search discloses 100 people (the VUM maximum), so each logs 100
# records before it answers. The goal (issue 6) is that the log costs at most 20% of throughput.
#
#   examples/load/logbook.sh [seconds per run, default 10]     (needs wrk: apt-get install wrk)
#   PEOPLE_SOURCE=500 examples/load/logbook.sh                 (a smaller source: about 20 people
#                                                                per search instead of the 100 cap)
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

run() {
  wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/post.lua" "http://$1/v1/jobseeker-searches" > "$work/wrk.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" || true)
  echo "$rps $p99 ${errors:-}"
}
# Warm up both, then alternate so that neither gets the quieter machine.
wrk -t2 -c16 -d2s -s "$work/post.lua" "http://$on/v1/jobseeker-searches" > /dev/null
wrk -t2 -c16 -d2s -s "$work/post.lua" "http://$off/v1/jobseeker-searches" > /dev/null
read -r off1 off1_p99 off1_err <<< "$(run "$off")"
read -r on1 on1_p99 on1_err <<< "$(run "$on")"
read -r off2 off2_p99 off2_err <<< "$(run "$off")"
read -r on2 on2_p99 on2_err <<< "$(run "$on")"
off_rps=$(echo "($off1 + $off2) / 2" | bc -l)
on_rps=$(echo "($on1 + $on2) / 2" | bc -l)
printf 'searches disclosing %d people each, 16 connections, %d s per run, two runs each\n' "$people" "$seconds"
printf 'log off:  %8.0f searches/s  (%s, %s)  p99 %s / %s %s%s\n' "$off_rps" "$off1" "$off2" "$off1_p99" "$off2_p99" "$off1_err" "$off2_err"
printf 'log on:   %8.0f searches/s  (%s, %s)  p99 %s / %s %s%s\n' "$on_rps" "$on1" "$on2" "$on1_p99" "$on2_p99" "$on1_err" "$on2_err"
printf 'the log costs %.1f %% of the throughput (goal <= 20 %%)\n' "$(echo "100 * (1 - $on_rps / $off_rps)" | bc -l)"

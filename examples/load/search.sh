#!/usr/bin/env bash
# Federated search under load (release build, loopback): searches per second and latency at 1 and
# 16 connections, two ways in the same run:
#   - `werkbrug demo`: the gateway and its five demo sources in one process, as a user starts it;
#   - the same five sources (the demo's presets: sizes, kinds, formats, holders) as separate
#     `werkbrug demo-source` processes, and a gateway of their own, so that the gateway's own CPU
#     per search can be read from /proc apart from the sources'.
# Every search is logged (SQLite, as the demo keeps it) and discloses the search view of each
# person found.
#
#   examples/load/search.sh [seconds per run, default 10]     (needs wrk: apt-get install wrk)
#   QUERY='{"purpose": ...}' examples/load/search.sh           (another search body)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --locked -q -p werkbrug-cli
bin=target/release/werkbrug
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { for _ in $(seq 1 300); do grep -q "listening on" "$1" 2>/dev/null && break; sleep 0.1; done
  sed -n 's/^listening on http:\/\/\(.*\)$/\1/p' "$1" | head -n 1; }
query=${QUERY:-'{"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 25}}}'}

# The demo, in one process. Its key is printed by `werkbrug demo`.
demo_key="werkbrug-demo-key-not-for-production"
demo_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn "$bin" demo --port "$demo_port" --data-dir "$work/demo-log" > "$work/demo.out" 2> "$work/demo.log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q "gateway" "$work/demo.out" 2>/dev/null && break; sleep 0.1; done
demo="127.0.0.1:$demo_port"

# The same presets as separate processes: id, organisation, kind, format, holder, people, vacancies.
key="load-test-key-$(date +%s%N)"
hash=$(printf '%s' "$key" | "$bin" hash-key)
cat > "$work/gateway.toml" <<TOML
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
data_dir = "$work/gateway-log"
subject_key = "3333333333333333333333333333333333333333333333333333333333333333"

[federation]
pseudonym_key = "4444444444444444444444444444444444444444444444444444444444444444"
TOML
while read -r id organisation kind format holder people vacancies; do
  format_flag=(); [ "$kind" = werkbrug-source ] && format_flag=(--format "$format")
  "$bin" demo-source --kind "$kind" "${format_flag[@]}" --holder "$holder" --id "$id" \
    --organisation "${organisation//_/ }" --count "$people" --vacancies "$vacancies" --seed 1 \
    2> "$work/$id.log" &
  pids+=($!)
  address=$(wait_for "$work/$id.log")
  format_line=""; [ "$kind" = werkbrug-source ] && format_line="format = \"$format\""
  cat >> "$work/gateway.toml" <<TOML

[[federation.sources]]
id = "$id"
organisation = "${organisation//_/ }"
kind = "$kind"
$format_line
base_url = "http://$address"
document_types = ["jobseeker-profile", "vacancy"]
timeout_ms = 5000
TOML
done <<PRESETS
uwv UWV vum-bron vum uwv 2000 500
gemeente-rotterdam Gemeente_Rotterdam vum-bron vum municipality 400 80
gemeente-groningen Gemeente_Groningen vum-bron vum municipality 300 60
uitzendbureau-voorbeeld Uitzendbureau_Voorbeeld_B.V. werkbrug-source setu-xml staffing-agency 300 200
reintegratie-voorbeeld Re-integratie_Voorbeeld_B.V. werkbrug-source hropen reintegration 250 50
PRESETS
RUST_LOG=warn "$bin" serve --bind 127.0.0.1:0 --config "$work/gateway.toml" 2> "$work/gateway.log" &
gateway_pid=$!
pids+=($gateway_pid)
separate=$(wait_for "$work/gateway.log")

script() {
  cat > "$work/$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$2"
wrk.body = '$query'
LUA
}
script demo "$demo_key"
script separate "$key"
found() {
  curl -s -X POST "http://$1/v1/jobseeker-searches" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "$query" |
    python3 -c 'import json, sys; a = json.load(sys.stdin); print(len(a["results"]), sum(1 for s in a["sources"] if s["status"] == "ok"))'
}
read -r demo_people demo_ok <<< "$(found "$demo" "$demo_key")"
read -r people ok <<< "$(found "$separate" "$key")"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
run() { # name address connections
  local before after
  before=$(cpu_ticks "$gateway_pid")
  wrk -t1 -c"$3" -d"${seconds}s" --latency -s "$work/$1.lua" "http://$2/v1/jobseeker-searches" > "$work/wrk.txt"
  after=$(cpu_ticks "$gateway_pid")
  local rps p50 p99 requests errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" || true)
  printf '  %-40s %2d connections: %7.1f searches/s, p50 %8s, p99 %8s' "$4" "$3" "$rps" "$p50" "$p99"
  if [ "$1" = separate ]; then
    printf ', gateway CPU %.2f ms per search' "$(echo "1000 * ($after - $before) / $ticks_per_second / $requests" | bc -l)"
  fi
  printf '\n'
  [ -z "$errors" ] || echo "    $errors"
}
# Warm up both.
wrk -t1 -c4 -d2s -s "$work/demo.lua" "http://$demo/v1/jobseeker-searches" > /dev/null
wrk -t1 -c4 -d2s -s "$work/separate.lua" "http://$separate/v1/jobseeker-searches" > /dev/null
printf 'search %s\n' "$query"
printf '  demo: %d people from %d sources per search; separate: %d people from %d sources\n' \
  "$demo_people" "$demo_ok" "$people" "$ok"
printf '%d s per run, on %d CPUs\n' "$seconds" "$(nproc)"
for connections in 1 16; do
  run demo "$demo" "$connections" "werkbrug demo (one process)"
  run separate "$separate" "$connections" "sources in separate processes"
done

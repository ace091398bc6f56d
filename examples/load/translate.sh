#!/usr/bin/env bash
# Load test of POST /v1/translations (a 4 KB VUM profile to SETU XML) on loopback, next to two
# floors measured in the same run: the same server's bare echo route with the same body, and the
# in-process translation of the same document (werkbrug translate --bulk, one core). The combined
# floor is 1 / (1/echo + 1/in-process); the goal is 80% of it with p99 <= 10 ms at 64 connections.
#
#   examples/load/translate.sh [seconds per run, default 10]     (needs wrk: apt-get install wrk)
#   WRK_THREADS=1 examples/load/translate.sh                    (one load thread instead of two)
#   ROUNDS=5 examples/load/translate.sh                         (rounds, default 3; medians reported)
#   WORKERS=4 examples/load/translate.sh                        (server workers, default one per CPU)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --locked -q -p werkbrug-cli
bin=target/release/werkbrug
work=$(mktemp -d)

# A 4 KB VUM profile: the detail-profile vector with a longer presentation.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
doc = json.load(open("conformance/v1/translation/vum/decode/profile-01-detail-logistics/input.json"))
text = json.dumps(doc, separators=(",", ":"))
doc["persoonlijkePresentatie"] = (doc["persoonlijkePresentatie"] + " ") * 1
while len(json.dumps(doc, separators=(",", ":"))) < 4096:
    doc["arbeidsmarktkwalificatie"]["interesse"].append({"naamInteresse": "interesse %d" % len(doc["arbeidsmarktkwalificatie"]["interesse"])})
body = json.dumps(doc, separators=(",", ":"))
open(work + "/body.json", "w").write(body)
open(work + "/bulk.ndjson", "w").write((body + "\n") * 20000)
open(work + "/post.lua", "w").write(
    'wrk.method = "POST"\n'
    'wrk.headers["Content-Type"] = "application/json"\n'
    'local f = io.open("%s/body.json", "rb")\nwrk.body = f:read("*a")\nf:close()\n' % work)
PY
workers=${WORKERS:-$(nproc)}
printf 'load_test_echo = true\nworkers = %d\n[rate_limit]\nper_second = 100000000\nburst = 100000000\nanonymous_per_second = 100000000\nanonymous_burst = 100000000\n[connections]\nmax_per_address = 100000\n' "$workers" > "$work/werkbrug.toml"

RUST_LOG=warn "$bin" serve --bind 127.0.0.1:0 --config "$work/werkbrug.toml" 2> "$work/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
address=$(sed -n 's/^listening on http:\/\/\(.*\)$/\1/p' "$work/serve.log" | head -n 1)

# wrk's latency ("850.00us", "9.62ms", "1.02s") in milliseconds.
ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v += 0; else if (t ~ /s$/) v *= 1000; printf "%.2f", v }'; }
run() {
  wrk -t"${WRK_THREADS:-2}" -c64 -d"${seconds}s" --latency -s "$work/post.lua" "http://$address$1" > "$work/wrk.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")
  errors=$(grep -cE "Non-2xx|Socket errors" "$work/wrk.txt" || true)
  echo "$rps $p99 $errors"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Warm up, then measure in rounds: this machine's speed drifts by more than a run's noise, so each
# round measures all three side by side and the medians over the rounds are reported.
rounds=${ROUNDS:-3}
wrk -t2 -c64 -d2s -s "$work/post.lua" "http://$address/v1/translations?from=vum&to=setu-xml" > /dev/null
printf 'body: %d bytes, %d connections, %d s per run, %d server workers, %d rounds\n' "$(wc -c < "$work/body.json")" 64 "$seconds" "$workers" "$rounds"
: > "$work/rounds.txt"
for round in $(seq 1 "$rounds"); do
  read -r echo_rps echo_p99 echo_errors <<< "$(run /internal/echo)"
  read -r tr_rps tr_p99 tr_errors <<< "$(run '/v1/translations?from=vum&to=setu-xml&sourceId=load-test')"
  start=$(date +%s.%N)
  "$bin" translate --bulk --from vum --to setu-xml "$work/bulk.ndjson" -o /dev/null --losses /dev/null 2>/dev/null
  end=$(date +%s.%N)
  inproc=$(echo "20000 / ($end - $start)" | bc -l)
  floor=$(echo "1 / (1 / $echo_rps + 1 / $inproc)" | bc -l)
  ratio=$(echo "100 * $tr_rps / $floor" | bc -l)
  [ "$echo_errors$tr_errors" = 00 ] || echo "  (errors in round $round: see wrk)"
  printf '  round %d: echo %6.0f req/s (p99 %s ms), in-process %6.0f docs/s, floor %6.0f, translations %6.0f req/s (p99 %s ms): %3.0f %%\n' \
    "$round" "$echo_rps" "$echo_p99" "$inproc" "$floor" "$tr_rps" "$tr_p99" "$ratio"
  echo "$echo_rps $inproc $floor $tr_rps $tr_p99 $ratio" >> "$work/rounds.txt"
done
column() { awk -v c="$1" '{print $c}' "$work/rounds.txt" | median; }
printf 'medians over %d rounds:\n' "$rounds"
printf 'echo floor:          %10.0f req/s\n' "$(column 1)"
printf 'in-process floor:    %10.0f docs/s  (one core)\n' "$(column 2)"
printf 'combined floor:      %10.0f req/s\n' "$(column 3)"
printf 'translations:        %10.0f req/s   p99 %s ms (goal <= 10)\n' "$(column 4)" "$(column 5)"
printf 'ratio to the floor:  %10.0f %%  (goal >= 80)\n' "$(column 6)"

#!/usr/bin/env bash
# Runs the conformance suite against werkbrug itself, as a vendor would run it against theirs:
# the suite's documents and the examples, every adapter through the harness protocol, a VUM demo
# source (vum-bron), a werkbrug demo source (werkbrug-source) and a gateway (gateway). Every run
# must conform; the reports are kept in conformance-reports/<run>/ (report.jsonl, junit.xml,
# report.html). Loopback only; the servers are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked -q -p werkbrug-cli
werkbrug=target/debug/werkbrug
reports=conformance-reports
rm -rf "$reports"
mkdir -p "$reports"
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# Starts `werkbrug ARGS...` in the background; sets $address from its "listening on" line.
start() {
  local name=$1
  shift
  "$werkbrug" "$@" 2> "$tmp/$name.log" &
  pids+=($!)
  for _ in $(seq 1 300); do
    grep -q "listening on" "$tmp/$name.log" && break
    sleep 0.1
  done
  address=$(sed -n 's/^listening on http:\/\/\(.*\)$/\1/p' "$tmp/$name.log" | head -n 1)
  [ -n "$address" ] || { echo "$name did not start:" >&2; cat "$tmp/$name.log" >&2; exit 1; }
}

echo "-- documents"
"$werkbrug" conformance documents conformance/v1/documents/valid examples/documents \
  --report "$reports/documents"

for format in vum setu-xml setu-json hropen schema-org; do
  echo "-- adapter $format (werkbrug's harness, over the protocol)"
  "$werkbrug" conformance adapter --format "$format" \
    --command "$werkbrug conformance harness" --report "$reports/adapter-$format"
done

echo "-- vum-bron (a VUM demo source)"
start vum-bron demo-source --kind vum-bron --format vum --count 480 --vacancies 440 --port 0
"$werkbrug" conformance api --profile vum-bron --target "http://$address" \
  --report "$reports/vum-bron"

echo "-- werkbrug-source (a werkbrug demo source speaking SETU JSON)"
start werkbrug-source demo-source --kind werkbrug-source --format setu-json --count 120 --port 0
"$werkbrug" conformance api --profile werkbrug-source --target "http://$address" \
  --var jobseekerId=DEMO-W-000000 --var vacancyId=DEMO-V-000000 \
  --report "$reports/werkbrug-source"

echo "-- gateway"
key="conformance-key-$(date +%s%N)"
cat > "$tmp/gateway.toml" <<TOML
[access]
require_keys = true
[[access.api_keys]]
hash = "$(printf '%s' "$key" | "$werkbrug" hash-key)"
organisation = "Conformance"
roles = ["translate", "validate"]
TOML
start gateway serve --bind 127.0.0.1:0 --config "$tmp/gateway.toml"
"$werkbrug" conformance api --profile gateway --target "http://$address" \
  --header "X-Api-Key: $key" --report "$reports/gateway"

echo "conformance: every run conforms; reports in $reports/"

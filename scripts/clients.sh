#!/usr/bin/env bash
# Generates clients from schema/openapi.json and runs them: a Python client
# (openapi-python-client) against a live gateway, and TypeScript types (openapi-typescript)
# checked by the TypeScript compiler. Everything installs locally, under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/clients
mkdir -p "$out"

venv=target/clients-venv
if [ ! -x "$venv/bin/openapi-python-client" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "openapi-python-client==0.29.1" httpx attrs python-dateutil
fi
rm -rf "$out/python" && mkdir -p "$out/python"
"$venv/bin/openapi-python-client" generate --path schema/openapi.json \
  --output-path "$out/python/werkbrug_client" --meta none > "$out/python-generate.log" 2>&1 \
  || { cat "$out/python-generate.log" >&2; exit 1; }

cargo build --locked -q -p werkbrug-cli
log=$(mktemp)
target/debug/werkbrug serve --bind 127.0.0.1:0 2> "$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
address=$(sed -n 's/^listening on http:\/\/\(.*\)$/\1/p' "$log" | head -n 1)
"$venv/bin/python" examples/clients/python_roundtrip.py "http://$address/v1" "$out/python"

# TypeScript: generate the types and let the compiler check code that uses them.
npx -y openapi-typescript@7.13.0 schema/openapi.json -o "$out/werkbrug-api.d.ts" > /dev/null
cat > "$out/check.ts" <<'TS'
import type { components, paths } from "./werkbrug-api";
type Report = components["schemas"]["ValidationReport"];
const report: Report = {
  documentType: "vacancy", valid: true, findings: [], findingCount: 0, findingsTruncated: false,
};
type Translate = paths["/translations"]["post"];
const query: Translate["parameters"]["query"] = { from: "vum", to: "setu-xml" };
console.log(report.valid, query.from);
TS
npx -y -p typescript@5.9.3 tsc --noEmit --strict "$out/check.ts"
echo "typescript client: types generated and checked"

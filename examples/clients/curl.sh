#!/usr/bin/env bash
# Every operation of the werkbrug API with curl, against a gateway started with
#   cargo run -p werkbrug-cli -- demo
# (or `serve`). Set WERKBRUG_URL for another gateway and WERKBRUG_API_KEY for another key; searches
# and details need a key with the role `search` (the demo's key by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
url=${WERKBRUG_URL:-http://127.0.0.1:8080}
api_key=${WERKBRUG_API_KEY:-werkbrug-demo-key-not-for-production}
key=(-H "X-Api-Key: $api_key")
show() { printf '\n$ %s\n' "$*"; "$@"; echo; }

# Public: formats, code lists, schemas, the OpenAPI document, health, metrics.
show curl -s "$url/v1/formats"
show curl -s "$url/v1/formats/setu-xml"
show curl -s "$url/v1/codelists"
show curl -s "$url/v1/codelists/driving-licence"
show curl -s "$url/v1/schemas"
show curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$url/v1/schemas/jobseeker-profile.schema.json"
show curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$url/v1/openapi.json"
show curl -s "$url/health/live"
show curl -s "$url/health/ready"
show curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$url/metrics"

# Translate a VUM profile to SETU XML: the body is the pure SETU document, the header counts losses.
show curl -s -D - "${key[@]}" -H 'Content-Type: application/json' \
  --data-binary @conformance/v1/translation/vum/decode/profile-01-detail-logistics/input.json \
  "$url/v1/translations?from=vum&to=setu-xml&sourceId=uwv-werkzoekenden"

# The same with an envelope: the document and both loss reports.
show curl -s "${key[@]}" -H 'Content-Type: application/json' \
  --data-binary @conformance/v1/translation/vum/decode/profile-01-detail-logistics/input.json \
  "$url/v1/translations?from=vum&to=setu-xml&sourceId=uwv-werkzoekenden&envelope=true"

# Validate a canonical document, and a VUM document through its canonical form.
show curl -s "${key[@]}" -H 'Content-Type: application/json' \
  --data-binary @conformance/v1/documents/invalid/profile-bsn-elfproef.json "$url/v1/validations/jobseeker-profile"
show curl -s "${key[@]}" -H 'Content-Type: application/json' \
  --data-binary @conformance/v1/translation/vum/decode/vacancy-01-detail-warehouse/input.json \
  "$url/v1/validations/vacancy?format=vum"

# Federated search: jobseekers near Rotterdam for the purpose matching, vacancies near Groningen.
show curl -s "${key[@]}" -H 'Content-Type: application/json' "$url/v1/jobseeker-searches" \
  -d '{"purpose": "matching", "criteria": {"area": {"postcode": "3011AB", "distanceKm": 15}, "hoursPerWeek": {"min": 24}}}'
show curl -s "${key[@]}" -H 'Content-Type: application/json' "$url/v1/vacancy-searches" \
  -d '{"purpose": "bemiddeling", "criteria": {"area": {"postcode": "9711AA", "distanceKm": 30}}, "fields": ["/title", "/location"]}'

# A detail, fetched live from the source, for an id from a search (needs python3 to pick it out).
id=$(curl -s "${key[@]}" -H 'Content-Type: application/json' "$url/v1/jobseeker-searches" \
  -d '{"purpose": "bemiddeling", "criteria": {"area": {"postcode": "3011AB", "distanceKm": 15}}}' |
  python3 -c 'import json, sys; r = json.load(sys.stdin)["results"]; print(r[0]["id"] if r else "none")')
show curl -s "${key[@]}" "$url/v1/jobseekers/$id?purpose=bemiddeling"
show curl -s "${key[@]}" "$url/v1/vacancies/not-an-id?purpose=matching"

# The purpose register: which fields each purpose may see.
show curl -s "$url/v1/purposes"

# Errors are problem details.
show curl -s "$url/v1/formats/"
show curl -s -X DELETE "$url/v1/formats"

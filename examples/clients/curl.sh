#!/usr/bin/env bash
# Every operation of the werkbrug API with curl, against a gateway started with
#   cargo run -p werkbrug-cli -- serve
# Set WERKBRUG_URL for another gateway and WERKBRUG_API_KEY when it requires keys.
set -euo pipefail
cd "$(dirname "$0")/../.."
url=${WERKBRUG_URL:-http://127.0.0.1:8080}
key=(); [ -n "${WERKBRUG_API_KEY:-}" ] && key=(-H "X-Api-Key: $WERKBRUG_API_KEY")
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
  --data-binary @examples/documents/invalid/profile-bsn-elfproef.json "$url/v1/validations/jobseeker-profile"
show curl -s "${key[@]}" -H 'Content-Type: application/json' \
  --data-binary @conformance/v1/translation/vum/decode/vacancy-01-detail-warehouse/input.json \
  "$url/v1/validations/vacancy?format=vum"

# Errors are problem details.
show curl -s "$url/v1/formats/"
show curl -s -X DELETE "$url/v1/formats"

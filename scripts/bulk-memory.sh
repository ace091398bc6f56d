#!/usr/bin/env bash
# Bulk translation in constant memory: translates N generated VUM profiles (NDJSON, one per line)
# to canonical and to SETU XML, and reports documents per second and peak RSS for N and N/10.
# Flat memory means the peak RSS of both runs is about the same.
#
#   scripts/bulk-memory.sh [N]        (default 100000; needs a release build and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
bin=target/release/werkbrug
[ -x "$bin" ] || cargo build --release -p werkbrug-cli
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$n" "$work/profiles.ndjson" <<'PY'
import json, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
with open(path, "w") as out:
    for i in range(n):
        doc = {
            "idWerkzoekende": f"BULK-{i:07d}",
            "arbeidsmarktkwalificatie": {
                "codeWerkEnDenkniveauWerkzoekende": random.randint(1, 6),
                "taalbeheersing": [{"codeTaal": "nld", "codeNiveauTaalbeheersingMondeling": random.randint(1, 4)}],
                "rijbewijs": [{"codeSoortRijbewijs": random.choice(["B", "C", "AM"])}],
                "opleiding": [{"codeNiveauOpleiding": random.choice([2, 3, 4, 5, 6]), "codeStatusOpleiding": 1}],
                "werkervaring": [{"naamOrganisatie": "Werkgever %d" % random.randint(1, 500),
                                   "datumAanvangWerkzaamheden": "20%02d-0%d-01" % (random.randint(10, 24), random.randint(1, 9)),
                                   "toelichtingWerkervaring": "Werkzaamheden " * random.randint(1, 40)}],
            },
            "bemiddelingsberoep": [{"codeBeroepsnaam": "https://linkeddata.competentnl.nl/uwv/id/occupation/%d" % random.randint(1, 99999)}],
            "contractvorm": [{"codeTypeArbeidscontract": random.choice(["O", "B"])}],
            "mobiliteit": {"bemiddelingspostcode": "%04dAB" % random.randint(1000, 9999), "maximaleReisafstand": random.randint(5, 60)},
            "werktijden": {"aantalWerkurenPerWeekMinimaal": 16, "aantalWerkurenPerWeekMaximaal": random.randint(16, 40)},
            "persoonlijkePresentatie": "Gemotiveerde werkzoekende. " * random.randint(1, 20),
        }
        out.write(json.dumps(doc, separators=(",", ":")) + "\n")
PY

run() {
  local count=$1 to=$2
  head -n "$count" "$work/profiles.ndjson" > "$work/in.ndjson"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" translate --bulk --from vum --to "$to" \
    --source-id bulk-test "$work/in.ndjson" -o "$work/out" --losses "$work/losses.jsonl" 2> "$work/summary"
  end=$(date +%s.%N)
  local lines
  lines=$(wc -l < "$work/out")
  printf '%-9s %8d docs in %6.2f s (%8.0f docs/s), output %8d lines, peak RSS %6d KiB; %s\n' \
    "$to" "$count" "$(echo "$end - $start" | bc)" "$(echo "$count / ($end - $start)" | bc)" \
    "$lines" "$(cat "$work/rss")" "$(cat "$work/summary")"
}

for to in canonical setu-xml; do
  run $((n / 10)) "$to"
  run "$n" "$to"
done

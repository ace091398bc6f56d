#!/usr/bin/env bash
# The public standards werkbrug's tests read, pinned in scripts/standards.pins.
#
#   scripts/standards.sh fetch DIR    download every pinned copy into DIR from its repository at
#                                     its commit, and check it; derived files are named with
#                                     their source (they are conversions, made by hand)
#   scripts/standards.sh verify DIR   check that DIR holds every pinned file, byte for byte
#
# Exit status: 0 all good, 1 a file is missing or differs (or could not be fetched), 2 usage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/standards.pins"

usage() { echo "usage: $0 fetch|verify DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

for tool in sha256sum python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "standards: $tool is needed" >&2; exit 2; }
done

# Read from standard input: no escaping of odd names, no reading a name as an option.
sha256_of() { sha256sum < "$1" | cut -d' ' -f1; }

# A path in a URL: each segment percent-encoded (spaces in spreadsheet names).
url_path() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

download() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$2" "$1"
  else
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$1" "$2"
  fi
}

ok=0 bad=0 derived=0
case "$action" in
  verify)
    [ -d "$dir" ] || { echo "standards: $dir is not a directory" >&2; exit 1; }
    while IFS=$'\t' read -r path sha kind repo upstream commit || [ -n "$path" ]; do
      case "$path" in ''|'#'*) continue ;; esac
      if [ ! -f "$dir/$path" ]; then
        echo "missing  $path" >&2; bad=$((bad + 1))
      elif [ "$(sha256_of "$dir/$path")" != "$sha" ]; then
        echo "differs  $path (pinned: $repo $upstream at $commit)" >&2; bad=$((bad + 1))
      else
        ok=$((ok + 1))
      fi
    done < "$pins"
    echo "standards: $ok file(s) as pinned, $bad missing or different, in $dir"
    ;;
  fetch)
    mkdir -p "$dir"
    while IFS=$'\t' read -r path sha kind repo upstream commit || [ -n "$path" ]; do
      case "$path" in ''|'#'*) continue ;; esac
      if [ "$kind" = derived ]; then
        echo "derived  $path: convert it from $repo $upstream at $commit" >&2
        derived=$((derived + 1)); continue
      fi
      mkdir -p "$(dirname "$dir/$path")"
      # github.com/OWNER/REPO/raw/COMMIT/PATH takes full and short commits alike.
      url="https://github.com/$repo/raw/$commit/$(url_path "$upstream")"
      if ! download "$url" "$dir/$path.part"; then
        echo "failed   $path: $url" >&2; rm -f "$dir/$path.part"; bad=$((bad + 1))
        if [ "$ok" -eq 0 ] && [ "$bad" -ge 3 ]; then
          echo "standards: the first downloads all failed; is github.com reachable from here?" >&2
          exit 1
        fi
        continue
      fi
      if [ "$(sha256_of "$dir/$path.part")" != "$sha" ]; then
        echo "differs  $path: $url is not the pinned file" >&2; rm -f "$dir/$path.part"; bad=$((bad + 1)); continue
      fi
      mv "$dir/$path.part" "$dir/$path"; ok=$((ok + 1))
    done < "$pins"
    echo "standards: fetched $ok file(s), $bad failed, $derived derived file(s) to convert, into $dir"
    ;;
  *) usage ;;
esac
[ "$bad" -eq 0 ]

#!/usr/bin/env bash
# keywarden audit page benchmark: the HTML page for N keys, its size, and how long headless Chromium
# takes to render it.
#
#   bench/html-render.sh [--keys N] [--runs R] [--kw PATH]
#
# Builds (or reuses) a repository of N Runway keys with bench/make-scale-repo.py (default 20000),
# writes `audit --format html` for it, then times R runs (default 3) each of `chromium --headless
# --dump-dom` (parse, style, layout, script-free DOM) and `--screenshot` (the same plus paint of the
# first screen), from start to exit. Needs chromium (make setup-test installs it). Prints one
# Markdown table; the page stays in $BENCH_DIR/html/.
set -euo pipefail
KEYS=20000; RUNS=3; KW=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) KEYS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --kw) KW=$2; shift ;;
    -h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 64 ;;
  esac
  shift
done
HERE=$(cd "$(dirname "$0")" && pwd)
[ -n "$KW" ] || KW=$HERE/../.build/release/keywarden
BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || { echo "no chromium: make setup-test installs it" >&2; exit 2; }
OUT=${BENCH_DIR:-/tmp/keywarden-bench}/html
REPO=$OUT/repo-$KEYS
mkdir -p "$OUT"
[ -f "$REPO/truth.json" ] || python3 "$HERE/make-scale-repo.py" "$REPO" --findings "$KEYS" --force >&2
PAGE=$OUT/audit-$KEYS.html
seconds_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
start=$(date +%s%N)
( cd "$REPO" && "$KW" audit --format html -o "$PAGE" ) || [ $? = 1 ]
audit_seconds=$(seconds_since "$start")
bytes=$(stat -c %s "$PAGE")
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
chrome() { "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --user-data-dir="$PROFILE" "$@" 2>/dev/null; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_runs() {
  for _ in $(seq "$RUNS"); do
    local t0; t0=$(date +%s%N)
    chrome "$@" > /dev/null
    seconds_since "$t0"; echo
  done | median
}
dom=$(time_runs --dump-dom "file://$PAGE")
shot=$(time_runs --screenshot="$OUT/audit-$KEYS.png" --window-size=1280,3000 "file://$PAGE")
articles=$(chrome --dump-dom "file://$PAGE" | grep -o '<article id="key-' | wc -l)
echo "| keys | audit --format html (s) | page (MB) | keys rendered | chromium --dump-dom (s) | chromium --screenshot (s) |"
echo "|---|---|---|---|---|---|"
printf '| %s | %.2f | %.1f | %s | %.2f | %.2f |\n' "$KEYS" "$audit_seconds" "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" "$articles" "$dom" "$shot"

#!/usr/bin/env bash
# Peak memory on hostile files (issue 5): a 2 GB text file and a file of one 50 MB line, each scanned
# with the size limit raised so that they are read (by default both are skipped as too large). Prints
# wall time, peak RSS and the findings against the keys planted (generated here, stored nowhere else).
#
#   bench/hostile-files.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/keywarden-bench}
work="$BENCH_DIR/hostile"
mkdir -p "$work"
[ "${1:-}" = --no-build ] || swift build -c release --static-swift-stdlib >/dev/null
bin=.build/release/keywarden
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt install time)"; exit 2; }

python3 - "$work" <<'PY'
import os, secrets, sys
work = sys.argv[1]
key = lambda: "key_" + secrets.token_hex(64)
# 2 GB of log lines, a key at the start, in the middle and at the end.
line = b"2026-11-25T12:00:00Z INFO request served path=/v1/tasks status=200 duration_ms=41 bytes=5120\n"
block = line * ((4 << 20) // len(line))
size = 2 << 30
with open(os.path.join(work, "big.log"), "wb") as out:
    out.write(("RUNWAYML_API_SECRET=%s\n" % key()).encode())
    written = 0
    middle_done = False
    while written < size:
        if not middle_done and written >= size // 2:
            out.write(("token=%s\n" % key()).encode())
            middle_done = True
        out.write(block)
        written += len(block)
    out.write(("RUNWAY_API_KEY=%s\n" % key()).encode())
# One 50 MB line of base64-looking text, with a key near its end.
alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
chunk = bytes(alphabet[b % 64] for b in os.urandom(1 << 20))
with open(os.path.join(work, "oneline.txt"), "wb") as out:
    for _ in range(50):
        out.write(chunk)
    out.write((" api=%s" % key()).encode())
PY

printf '%-14s %10s %10s %8s %s\n' file size wall_s peak_MB findings
for name in big.log oneline.txt; do
  file="$work/$name"
  size=$(stat -c %s "$file")
  out=$( { /usr/bin/time -f '%e %M' "$bin" scan "$file" --max-file-size $((size + 1)) --format json -o "$work/$name.json" -q; } 2>&1 >/dev/null | tail -1 || true)
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$work/$name.json")
  printf '%-14s %10s %10s %8s %s\n' "$name" "$((size / 1000000)) MB" "${out% *}" "$(( ${out#* } / 1024 ))" "$findings"
done
echo "expected findings: big.log 3, oneline.txt 1"

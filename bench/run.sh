#!/usr/bin/env bash
# keywarden side-by-side benchmark against gitleaks, betterleaks and kingfisher.
#
#   bench/run.sh [--quick] [--runs N] [--no-build]
#
# Installs what is missing (peers, hyperfine), builds keywarden in release mode when its sources
# changed, prepares the workloads under $BENCH_DIR (default /tmp/keywarden-bench), times every job
# with hyperfine, measures peak RSS with /usr/bin/time -v, scores recall on the planted-key corpus,
# prints Markdown tables and writes $BENCH_DIR/results.json. See bench/README.md.
# Run it on an otherwise idle machine.
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

QUICK=0; RUNS=""; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) [ $# -ge 2 ] || { echo "--runs needs a number" >&2; exit 64; }; RUNS=$2; shift ;;
    --runs=*) RUNS=${1#--runs=} ;;
    --no-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
  shift
done
if [ -z "$RUNS" ]; then if [ $QUICK = 1 ]; then RUNS=1; else RUNS=3; fi; fi
case "$RUNS" in ''|*[!0-9]*|0) echo "--runs must be a positive integer" >&2; exit 64 ;; esac
if [ $QUICK = 1 ]; then WARMUP=0; else WARMUP=1; fi

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH=${BENCH_DIR:-/tmp/keywarden-bench}
PEERS=${PEERS_DIR:-/tmp/peers}
MIRROR=${GITGIT_MIRROR:-https://github.com/git/git.git}
KW=$REPO/.build/release/keywarden
GL=$PEERS/bin/gitleaks; BL=$PEERS/bin/betterleaks; KF=$PEERS/bin/kingfisher
RAW=$BENCH/raw; OUT=$BENCH/out
GITGIT=$BENCH/gitgit.git; TREE=$BENCH/gitgit-tree; CORPUS=$BENCH/corpus; EMPTY=$BENCH/empty

say() { printf '\n==> %s\n' "$*" >&2; }
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else SUDO=""; fi

# ---------------------------------------------------------------- 1. tools
if [ ! -x "$GL" ] || [ ! -x "$BL" ] || [ ! -x "$KF" ]; then
  say "installing peers into $PEERS"
  sh "$HERE/install-peers.sh" "$PEERS"
fi
if ! command -v hyperfine >/dev/null; then
  say "installing hyperfine"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq hyperfine || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hyperfine; }
fi
[ -x /usr/bin/time ] || { say "installing GNU time"; $SUDO apt-get install -y -qq time || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time; }; }

# ---------------------------------------------------------------- 2. build
if [ $BUILD = 1 ]; then
  if [ ! -x "$KW" ] || [ -n "$(cd "$REPO" && find Sources rules Package.swift -type f -newer "$KW" -print -quit 2>/dev/null)" ]; then
    say "building keywarden (swift build -c release --static-swift-stdlib)"
    (cd "$REPO" && swift build -c release --static-swift-stdlib)
  else
    say "keywarden release binary is up to date"
  fi
fi
[ -x "$KW" ] || { echo "no keywarden binary at $KW" >&2; exit 2; }

# ---------------------------------------------------------------- 3. workloads
mkdir -p "$BENCH"
rm -rf "$RAW" "$OUT"; mkdir -p "$RAW" "$OUT"
cut -d' ' -f1-3 /proc/loadavg > "$RAW/loadavg.start" 2>/dev/null || true
if awk '{exit !($1 > 0.5)}' "$RAW/loadavg.start" 2>/dev/null; then
  say "warning: load average is $(cat "$RAW/loadavg.start") — the machine is not idle; timings will be noisy"
fi
HAVE_GITGIT=0
if git -C "$GITGIT" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  HAVE_GITGIT=1; say "reusing $GITGIT"
else
  # A local copy (GITGIT_MIRROR=/path/to/git.git) is cloned with hard links; otherwise git/git's
  # public repository is cloned over the network (about 250 MB).
  say "cloning git/git from $MIRROR (bare; heads and tags)"
  rm -rf "$GITGIT"
  if git clone -q --bare "$MIRROR" "$GITGIT"; then
    HAVE_GITGIT=1
  else
    rm -rf "$GITGIT"
    cat >&2 <<EOF

!!! Could not clone git/git from $MIRROR. Set GITGIT_MIRROR=/path/to/git.git
!!! (a bare clone or mirror of https://github.com/git/git.git) and re-run. Skipping the git/git rows.
EOF
  fi
fi

if [ $HAVE_GITGIT = 1 ]; then
  say "preparing $TREE (non-bare clone, small staged change)"
  rm -rf "$TREE"
  git clone -q "$GITGIT" "$TREE"
  KEY=$(python3 -c 'import secrets; print("key_" + secrets.token_hex(64))')
  # two files modified, three added lines, one holding the key
  printf 'Release notes: see Documentation/RelNotes.\nBenchmarks: see t/perf.\n' >> "$TREE/README.md"
  printf 'export RUNWAYML_API_SECRET=%s\n' "$KEY" >> "$TREE/GIT-VERSION-GEN"
  git -C "$TREE" add README.md GIT-VERSION-GEN
  unset KEY
  git -C "$TREE" diff --cached --numstat >&2
fi

say "building the planted-key corpus"
python3 "$HERE/plant-corpus.py" "$CORPUS" --seed 7 >&2
rm -rf "$EMPTY"; mkdir -p "$EMPTY"

# ---------------------------------------------------------------- 4. runs
# cell JOB TOOL CWD TIMED CMD...   (TIMED: 1 = hyperfine too, 0 = one run only)
# One /usr/bin/time -v run (peak RSS, exit status, findings from its output), then hyperfine.
cell() {
  local job=$1 tool=$2 cwd=$3 timed=$4; shift 4
  local base=$RAW/$job.$tool
  printf '%s\n' "$*" > "$base.cmd"
  say "$job / $tool: $*"
  local rc=0
  (cd "$cwd" && /usr/bin/time -v -o "$base.time" "$@" >"$base.stdout" 2>"$base.stderr") || rc=$?
  echo "$rc" > "$base.rc"
  if [ "$tool" = keywarden ] && [ "$rc" = 64 ]; then
    echo "n/a (not implemented)" > "$base.status"; say "keywarden exited 64 (usage error): n/a"; return 0
  fi
  if [ "$rc" -gt 2 ] && [ "$rc" != 200 ] && [ "$rc" != 205 ]; then
    say "warning: $tool exited $rc (see $base.stderr)"
  fi
  if [ "$timed" = 1 ]; then
    (cd "$cwd" && hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$RUNS" \
        --export-json "$base.hf.json" --command-name "$tool" -- "$*") >&2
  fi
  echo ok > "$base.status"
}
skip() { echo "skipped ($3)" > "$RAW/$1.$2.status"; say "$1 / $2: skipped ($3)"; }

# start-up
cell startup keywarden "$BENCH" 1 "$KW" scan "$EMPTY"

# planted-key corpus, history: findings only (recall)
R=$CORPUS/repo
cell corpus keywarden "$BENCH" 0 "$KW" scan --history "$R" --format json -o "$OUT/corpus.keywarden.json"
cell corpus gitleaks "$BENCH" 0 "$GL" git "$R" --no-banner -f json -r "$OUT/corpus.gitleaks.json"
cell corpus betterleaks "$BENCH" 0 "$BL" git "$R" --no-banner -o "$OUT/corpus.betterleaks.json"
cell corpus kingfisher "$BENCH" 0 "$KF" scan "$R" --no-validate --no-update-check -f json -o "$OUT/corpus.kingfisher.json"

if [ $HAVE_GITGIT = 1 ]; then
  # working tree
  cell tree keywarden "$BENCH" 1 "$KW" scan "$TREE" --format json -o "$OUT/tree.keywarden.json"
  cell tree gitleaks "$BENCH" 1 "$GL" dir "$TREE" --no-banner
  cell tree betterleaks "$BENCH" 1 "$BL" fs "$TREE" --no-banner
  cell tree kingfisher "$BENCH" 1 "$KF" scan "$TREE" --git-history none --no-validate --no-update-check

  # pre-commit (staged), run inside the working tree
  cell staged keywarden "$TREE" 1 "$KW" scan --staged --format json
  cell staged gitleaks "$TREE" 1 "$GL" git --pre-commit --staged --no-banner .
  cell staged betterleaks "$TREE" 1 "$BL" git --staged --no-banner .
  cell staged kingfisher "$TREE" 1 "$KF" scan . --staged --no-validate --no-update-check

  # full history
  cell history keywarden "$BENCH" 1 "$KW" scan --history --no-cache "$GITGIT" --format json -o "$OUT/history.keywarden.json"
  # the same again with the history cache: the RSS run fills it, the timed runs reuse it
  cell rescan keywarden "$BENCH" 1 "$KW" scan --history "$GITGIT" --format json -o "$OUT/rescan.keywarden.json"
  if [ $QUICK = 1 ]; then
    skip history gitleaks "--quick"
  else
    cell history gitleaks "$BENCH" 1 "$GL" git "$GITGIT" --no-banner -f json -r "$OUT/history.gitleaks.json"
  fi
  cell history betterleaks "$BENCH" 1 "$BL" git "$GITGIT" --no-banner -o "$OUT/history.betterleaks.json"
  if [ $QUICK = 1 ]; then
    skip history kingfisher "--quick"
  else
    cell history kingfisher "$BENCH" 1 "$KF" scan "$GITGIT" --no-validate --no-update-check -f json -o "$OUT/history.kingfisher.json"
  fi

  # floors: libgit2 alone reading blobs once, pack order, 2 threads (bench/libgit2-floor.c): every
  # blob in the object database, and only the blobs reachable from the references (what is scanned)
  FLOOR=$BENCH/libgit2-floor
  if [ ! -x "$FLOOR" ] || [ "$HERE/libgit2-floor.c" -nt "$FLOOR" ]; then
    cc -O2 -o "$FLOOR" "$HERE/libgit2-floor.c" -lgit2 -lpthread
  fi
  git -C "$GITGIT" cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype)' --unordered \
    | awk '$2 == "blob" { print $1 }' > "$RAW/blobs.all"
  git -C "$GITGIT" rev-list --objects --all | cut -d' ' -f1 > "$RAW/objects.reachable"
  awk 'NR == FNR { reachable[$1] = 1; next } ($1 in reachable)' "$RAW/objects.reachable" "$RAW/blobs.all" > "$RAW/blobs.reachable"
  for set in all reachable; do
    say "floor: libgit2 reads $(wc -l < "$RAW/blobs.$set") blobs ($set) once, pack order, 2 threads"
    for run in $(seq "$RUNS"); do "$FLOOR" "$GITGIT" 2 < "$RAW/blobs.$set"; done > "$RAW/floor.$set" || say "warning: floor ($set) failed"
  done
fi

# ---------------------------------------------------------------- 5/6. report
say "report"
MODE=full; [ $QUICK = 1 ] && MODE=quick
python3 "$HERE/report.py" --bench "$BENCH" --keywarden "$KW" --peers "$PEERS" \
  --mode "$MODE" --runs "$RUNS" --warmup "$WARMUP" --have-gitgit "$HAVE_GITGIT"

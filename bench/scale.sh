#!/usr/bin/env bash
# keywarden scale benchmark: how the time per finding grows with the number of findings.
#
#   bench/scale.sh [--sizes "1000 4000 16000 64000"] [--runs N] [--kw PATH] [--layout one-commit|many-commits]
#                  [--merge-size 100] [--merge-copies "50 250 500"] [--deep "16000 100000"] [--deep-timeout S]
#
# For each size, a repository of that many Runway keys (bench/make-scale-repo.py, cached under
# $BENCH_DIR/scale/N), the median of N runs (default 3) of history scans in each format, audit (json,
# markdown), baseline create --history; then audit --merge of 50/250/500 copies of the audit of a
# repository of --merge-size keys (default 100), one repository name per copy;
# and with --deep, history scans of one key under D nested directories (--deep alone skips the sizes).
# Markdown tables on stdout, raw numbers in $BENCH_DIR/scale/results.json. See bench/README.md.
set -euo pipefail

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }
need() { [ "$2" -ge 2 ] || { echo "$1 needs a value" >&2; exit 64; }; }

SIZES="1000 4000 16000 64000"; SIZES_GIVEN=0; RUNS=3; KW=""; LAYOUT=one-commit
MERGE_SIZE=""; MERGE_COPIES="50 250 500"; DEEP=""; DEEP_GIVEN=0; DEEP_TIMEOUT=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) need "$1" $#; SIZES=$2; SIZES_GIVEN=1; shift ;;
    --runs) need "$1" $#; RUNS=$2; shift ;;
    --kw) need "$1" $#; KW=$2; shift ;;
    --layout) need "$1" $#; LAYOUT=$2; shift ;;
    --merge-size) need "$1" $#; MERGE_SIZE=$2; shift ;;
    --merge-copies) need "$1" $#; MERGE_COPIES=$2; shift ;;
    --deep) need "$1" $#; DEEP=$2; DEEP_GIVEN=1; shift ;;
    --deep-timeout) need "$1" $#; DEEP_TIMEOUT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
  shift
done
# --deep on its own runs only the deep repositories; with --sizes as well, both.
if [ $DEEP_GIVEN = 1 ] && [ $SIZES_GIVEN = 0 ]; then SIZES=""; fi
posint() { case "$2" in ''|*[!0-9]*) echo "$1: '$2' is not a positive integer" >&2; exit 64 ;; esac
           [ "$2" -ge 1 ] || { echo "$1: '$2' is not a positive integer" >&2; exit 64; }; }
posint --runs "$RUNS"; posint --deep-timeout "$DEEP_TIMEOUT"
for n in $SIZES; do posint --sizes "$n"; done
for n in $MERGE_COPIES; do posint --merge-copies "$n"; done
for n in $DEEP; do case "$n" in ''|*[!0-9]*) echo "--deep: '$n' is not a number" >&2; exit 64 ;; esac; done
case "$LAYOUT" in one-commit|many-commits) ;; *) echo "--layout: one-commit or many-commits" >&2; exit 64 ;; esac
# The merged report: the audit of a repository of 100 keys (≈ 0.4 MB of JSON; 500 copies hold 100k
# findings). An audit of 1000 keys is ≈ 4 MB: 500 copies are 2 GB of JSON and several GB of memory.
if [ -z "$MERGE_SIZE" ] && [ -n "$SIZES" ]; then MERGE_SIZE=100; fi
[ -z "$MERGE_SIZE" ] || posint --merge-size "$MERGE_SIZE"

HERE=$(cd "$(dirname "$0")" && pwd)
[ -n "$KW" ] || KW=$HERE/../.build/release/keywarden
case "$KW" in /*) ;; *) KW=$PWD/$KW ;; esac
[ -x "$KW" ] || { echo "no keywarden binary at $KW (build it: swift build -c release, or give --kw PATH)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
MAKE_REPO=$HERE/make-scale-repo.py
BENCH=${BENCH_DIR:-/tmp/keywarden-bench}
SCALE=$BENCH/scale
mkdir -p "$SCALE"
SCALE=$(cd "$SCALE" && pwd)
TSV=$SCALE/runs.tsv; DEEP_TSV=$SCALE/deep.tsv
: > "$TSV"; : > "$DEEP_TSV"

# A cache of its own: the rules' compiled matcher database is kept between runs (as on a user's
# machine), the history cache is removed before every run, so that every scan is a first scan.
export XDG_CACHE_HOME=$SCALE/cache
unset KEYWARDEN_INVENTORY KEYWARDEN_NO_CACHE
# Run from the bench directory: no inventory or configuration of the caller's repository is picked up.
cd "$SCALE"

say() { printf '\n==> %s\n' "$*" >&2; }
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
say "keywarden $("$KW" --version 2>/dev/null || echo '?') at $KW; load average $LOAD; $(nproc) cores"
if awk '{exit !($1 > 0.5)}' /proc/loadavg 2>/dev/null; then
  say "warning: the machine is not idle (load $LOAD): timings will be noisy"
fi

# repo DIR ARGS...: DIR/repo made by make-scale-repo.py ARGS, reused when its truth.json says it was
# made with the same arguments by the same version of the script.
repo() {
  local dir=$1; shift
  local want; want=$(printf '%s ' "$@")
  if [ -f "$dir/repo/truth.json" ] && [ -f "$dir/args" ] && [ "$(cat "$dir/args")" = "$want" ] \
      && [ "$dir/repo/truth.json" -nt "$MAKE_REPO" ]; then
    say "reusing $dir/repo"
    return 0
  fi
  say "building $dir/repo (make-scale-repo.py $want)"
  rm -rf "$dir"; mkdir -p "$dir"
  python3 "$MAKE_REPO" "$dir/repo" "$@"
  printf '%s' "$want" > "$dir/args"
}

FAILED=0
# timed GROUP SIZE JOB KEYS EXPECT OUTFILE CMD...: RUNS runs of CMD under /usr/bin/time, stdout to
# OUTFILE; one line per run in runs.tsv. EXPECT is the exit status that means success (1 when
# something is found); 0 or 1 is accepted either way, 2 is an error, >= 128 or a signal a crash.
timed() {
  local group=$1 size=$2 job=$3 keys=$4 expect=$5 out=$6; shift 6
  local base=${out%.*} run rc wall rss status
  printf '%s\n' "$*" > "$base.cmd"
  for run in $(seq 1 "$RUNS"); do
    rm -rf "$XDG_CACHE_HOME/keywarden/history"
    rc=0; t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M' -o "$base.time" "$@" > "$out" 2> "$base.stderr" || rc=$?
    t1=$EPOCHREALTIME
    read -r wall rss < <(tail -n 1 "$base.time") || true
    case "$wall" in ''|*[!0-9.]*) wall=nan; rss=0 ;; esac
    # time's %e has 10 ms steps, too coarse for the small sizes: the wall time is taken around it (µs)
    precise=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    if grep -q 'terminated by signal' "$base.time" || [ "$rc" -ge 128 ]; then
      status="CRASH(exit $rc: $(grep -o 'signal [0-9]*' "$base.time" || echo "no signal"))"
    elif [ "$rc" = 2 ]; then
      status="ERROR(exit 2)"
    elif [ "$rc" = 0 ] || [ "$rc" = 1 ]; then
      if [ "$rc" = "$expect" ]; then status=ok; else status="ok(exit $rc, expected $expect)"; fi
    else
      status="ERROR(exit $rc)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$size" "$job" "$run" "$precise" "$rss" "$rc" "$keys" "$status" "$wall" >> "$TSV"
    printf '  %-16s size %-7s run %s: %8s s %8s KB  exit %s  %s\n' "$job" "$size" "$run" "$precise" "$rss" "$rc" "$status" >&2
    case "$status" in
      ok*) ;;
      *) FAILED=1; echo "  --- $job at $size: $status; last lines of $base.stderr:" >&2; tail -n 5 "$base.stderr" | sed 's/^/  | /' >&2 ;;
    esac
  done
}

# ---------------------------------------------------------------- sizes
if [ -n "$SIZES" ]; then
  # start-up: the same history scan of a repository with one empty commit, to tell it from the work
  E=$SCALE/empty
  if ! git -C "$E/repo" rev-parse -q --verify HEAD > /dev/null 2>&1; then
    rm -rf "$E"; mkdir -p "$E"
    git -c init.defaultBranch=main init -q -b main "$E/repo"
    GIT_AUTHOR_DATE='1700000000 +0000' GIT_COMMITTER_DATE='1700000000 +0000' git -C "$E/repo" \
      -c user.name='Keywarden Bench' -c user.email=bench@keywarden.invalid commit -q --allow-empty -m empty
  fi
  mkdir -p "$E/out"
  timed startup 0 startup 1 0 "$E/out/scan.text" "$KW" scan --history --no-cache --format text "$E/repo"
fi
for n in $SIZES; do
  dir=$SCALE/$n; [ "$LAYOUT" = one-commit ] || dir=$SCALE/$n-$LAYOUT
  repo "$dir" --findings "$n" --seed "$n" --layout "$LAYOUT"
  R=$dir/repo; O=$dir/out
  rm -rf "$O"; mkdir -p "$O"
  say "size $n: $(git -C "$R" rev-list --count HEAD) commit(s), $(git -C "$R" ls-files | wc -l) files"
  for fmt in text json sarif csv; do
    timed size "$n" "scan-$fmt" "$n" 1 "$O/scan.$fmt" "$KW" scan --history --no-cache --format "$fmt" "$R"
  done
  timed size "$n" audit-json "$n" 1 "$O/audit.json" "$KW" audit --format json "$R"
  timed size "$n" audit-markdown "$n" 1 "$O/audit.md" "$KW" audit --format markdown "$R"
  timed size "$n" baseline "$n" 0 "$O/baseline.json" "$KW" baseline create --history "$R"
done

# ---------------------------------------------------------------- audit --merge
if [ -n "$MERGE_SIZE" ] && [ -n "$MERGE_COPIES" ]; then
  mdir=$SCALE/$MERGE_SIZE; [ "$LAYOUT" = one-commit ] || mdir=$SCALE/$MERGE_SIZE-$LAYOUT
  repo "$mdir" --findings "$MERGE_SIZE" --seed "$MERGE_SIZE" --layout "$LAYOUT"
  M=$SCALE/merge; mkdir -p "$M"
  source_report=$mdir/out/audit.json
  if ! [ -s "$source_report" ]; then
    mkdir -p "$mdir/out"; rm -rf "$XDG_CACHE_HOME/keywarden/history"
    rc=0; "$KW" audit --format json "$mdir/repo" > "$source_report" 2> "$mdir/out/audit.stderr" || rc=$?
    if [ "$rc" -gt 1 ]; then
      say "audit of $mdir/repo exited $rc (see $mdir/out/audit.stderr): no audit --merge rows"
      rm -f "$source_report"; FAILED=1; MERGE_COPIES=""
    fi
  fi
fi
if [ -n "$MERGE_SIZE" ] && [ -n "$MERGE_COPIES" ]; then
  most=$(printf '%s\n' $MERGE_COPIES | sort -n | tail -n 1)
  say "audit --merge: $most copies of the audit of $MERGE_SIZE keys, one repository name each"
  rm -rf "$M/copies"; mkdir -p "$M/copies"
  python3 - "$source_report" "$M/copies" "$most" <<'PY'
import json, sys
source, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(source) as handle:
    document = json.load(handle)
names = set(document.get("repositories", []))
def rename(value, suffix):
    if isinstance(value, dict):
        return {k: (v + suffix if k == "repository" and isinstance(v, str) and v in names
                    else [r + suffix if isinstance(r, str) and r in names else r for r in v]
                    if k == "repositories" and isinstance(v, list) else rename(v, suffix))
                for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, suffix) for v in value]
    return value
for number in range(1, copies + 1):
    with open("%s/r%04d.json" % (out, number), "w") as handle:
        json.dump(rename(document, "-copy%04d" % number), handle)
print("  %d copies of %d findings, %d keys" % (copies, len(document["findings"]), len(document["keys"])), file=sys.stderr)
PY
  for c in $(printf '%s\n' $MERGE_COPIES | sort -n); do
    files=(); for i in $(seq 1 "$c"); do files+=("$M/copies/$(printf 'r%04d.json' "$i")"); done
    timed merge "$c" audit-merge "$((c * MERGE_SIZE))" 1 "$M/merged.$c.json" "$KW" audit --format json --merge "${files[@]}"
  done
fi

# ---------------------------------------------------------------- deep trees
for d in $DEEP; do
  ddir=$SCALE/deep-$d
  repo "$ddir" --deep "$d" --seed 7
  rm -rf "$ddir/out"; mkdir -p "$ddir/out"
  base=$ddir/out/scan
  printf '%s\n' "$KW scan --history --no-cache --format json $ddir/repo" > "$base.cmd"
  say "deep $d: scan --history (timeout ${DEEP_TIMEOUT} s; stack limit $(ulimit -s))"
  rc=0; t0=$EPOCHREALTIME
  /usr/bin/time -f '%e %M' -o "$base.time" timeout "$DEEP_TIMEOUT" \
    "$KW" scan --history --no-cache --format json "$ddir/repo" > "$base.json" 2> "$base.stderr" || rc=$?
  t1=$EPOCHREALTIME
  read -r wall rss < <(tail -n 1 "$base.time") || true
  case "$wall" in ''|*[!0-9.]*) rss=0 ;; esac
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
  signal=$(grep -o 'terminated by signal [0-9]*' "$base.time" | grep -o '[0-9]*$' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$rc" "$wall" "$rss" "${signal:-}" "$ddir" >> "$DEEP_TSV"
  printf '  deep %-7s exit %s  %s s  %s KB%s\n' "$d" "$rc" "$wall" "$rss" "${signal:+  signal $signal}" >&2
  if [ "$rc" -ge 124 ] || [ -n "$signal" ]; then FAILED=1; fi
done

# ---------------------------------------------------------------- report
say "report"
rc=0
python3 - "$SCALE" "$KW" "$RUNS" "$LAYOUT" "$LOAD" "${MERGE_SIZE:-0}" "$DEEP_TIMEOUT" <<'PY' || rc=$?
import json, os, platform, statistics, sys
scale, kw, runs, layout, load, merge_size, deep_timeout = sys.argv[1:8]
runs, merge_size, deep_timeout = int(runs), int(merge_size), int(deep_timeout)

def num(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")

cells = {}
for line in open(os.path.join(scale, "runs.tsv")):
    group, size, job, run, wall, rss, rc, keys, status, time_e = line.rstrip("\n").split("\t")
    cell = cells.setdefault((group, int(size), job), {"keys": int(keys), "runs": []})
    cell["runs"].append({"wall": num(wall), "timeE": num(time_e), "rssKB": int(rss or 0), "exit": int(rc), "status": status})
rows = []
for (group, size, job), cell in cells.items():
    walls = [r["wall"] for r in cell["runs"] if r["status"].startswith("ok")]
    median = statistics.median(walls) if walls else float("nan")
    bad = [r["status"] for r in cell["runs"] if not r["status"].startswith("ok")]
    rows.append({
        "group": group, "size": size, "job": job, "keys": cell["keys"], "runs": cell["runs"],
        "medianWall": median, "usPerFinding": median / cell["keys"] * 1e6,
        "peakRssMB": max(r["rssKB"] for r in cell["runs"]) / 1024, "status": bad[0] if bad else "ok",
    })

startup = next((r["medianWall"] for r in rows if r["group"] == "startup"), float("nan"))
for r in rows:  # the time per finding once start-up (an empty repository's history scan) is taken off
    r["netUsPerFinding"] = (r["medianWall"] - startup) / r["keys"] * 1e6 if r["group"] == "size" else float("nan")

def truth_of(size):
    sub = str(size) if layout == "one-commit" else "%d-%s" % (size, layout)
    with open(os.path.join(scale, sub, "repo", "truth.json")) as handle:
        return set(json.load(handle)["secretSha256"]), os.path.join(scale, sub, "out")

# Correctness: what each output reports against the planted keys.
checks = []
for size in sorted({r["size"] for r in rows if r["group"] == "size"}):
    truth, out = truth_of(size)
    def read_out(name):
        try:
            with open(os.path.join(out, name)) as handle:
                return handle.read()
        except OSError:
            return None
    def add(job, reported, expected, detail=""):
        checks.append({"size": size, "job": job, "reported": reported, "expected": expected,
                       "ok": reported == expected, "detail": detail})
    try:
        found = json.loads(read_out("scan.json"))
        shas = {f["secretSha256"] for f in found["findings"]}
        add("scan-json", len(found["findings"]), len(truth),
            "planted found %d/%d, not planted %d, problems %d" % (len(shas & truth), len(truth), len(shas - truth), len(found["problems"])))
    except (TypeError, ValueError, KeyError) as error:
        add("scan-json", None, len(truth), "unreadable: %s" % error)
    try:
        sarif = json.loads(read_out("scan.sarif"))
        # GitHub code scanning takes at most 25,000 results a run: over that, keywarden keeps one
        # result per secret for the most severe 24,999 and counts the rest in keywardenLimits.
        limits = [run.get("properties", {}).get("keywardenLimits") for run in sarif["runs"]]
        folded = next((entry for entry in limits if entry), None)
        expected = min(len(truth), 24999) if folded else len(truth)
        detail = ("folded to GitHub's limits: %d of %d secrets written" % (folded.get("secretsWritten", -1), folded.get("secrets", -1))
                  if folded else "")
        add("scan-sarif", sum(len(run.get("results", [])) for run in sarif["runs"]), expected, detail)
    except (TypeError, ValueError, KeyError) as error:
        add("scan-sarif", None, len(truth), "unreadable: %s" % error)
    csv = read_out("scan.csv")
    add("scan-csv", None if csv is None else max(0, len(csv.splitlines()) - 1), len(truth), "data lines")
    text = read_out("scan.text")
    add("scan-text", None if text is None else text.count("[runway-api-key]"), len(truth), "findings named")
    try:
        audit = json.loads(read_out("audit.json"))
        shas = {k["secretSha256"] for k in audit["keys"]}
        add("audit-json", len(audit["keys"]), len(truth), "keys; planted %d/%d, findings %d" % (len(shas & truth), len(truth), len(audit["findings"])))
    except (TypeError, ValueError, KeyError) as error:
        add("audit-json", None, len(truth), "unreadable: %s" % error)
    try:
        baseline = json.loads(read_out("baseline.json"))
        entries = baseline.get("entries", baseline.get("fingerprints")) if isinstance(baseline, dict) else baseline
        add("baseline", len(entries) if entries is not None else None, len(truth), "entries")
    except (TypeError, ValueError, KeyError) as error:
        add("baseline", None, len(truth), "unreadable: %s" % error)
for row in rows:
    if row["group"] == "merge":
        path = os.path.join(scale, "merge", "merged.%d.json" % row["size"])
        try:
            with open(path) as handle:
                merged = json.load(handle)
            checks.append({"size": row["size"], "job": "audit-merge", "reported": len(merged["repositories"]),
                           "expected": row["size"], "ok": len(merged["repositories"]) == row["size"],
                           "detail": "repositories; keys %d, findings %d" % (len(merged["keys"]), len(merged["findings"]))})
        except (OSError, ValueError, KeyError) as error:
            checks.append({"size": row["size"], "job": "audit-merge", "reported": None, "expected": row["size"],
                           "ok": False, "detail": "unreadable: %s" % error})

deep = []
for line in open(os.path.join(scale, "deep.tsv")):
    depth, rc, wall, rss, signal, ddir = line.rstrip("\n").split("\t")
    rc = int(rc)
    with open(os.path.join(ddir, "repo", "truth.json")) as handle:
        planted = json.load(handle)
    truth, path_length = set(planted["secretSha256"]), planted["pathLength"]
    found, problems, path_ok = False, [], None
    try:
        with open(os.path.join(ddir, "out", "scan.json")) as handle:
            report = json.load(handle)
        hits = [f for f in report["findings"] if f["secretSha256"] in truth]
        found = bool(hits)
        path_ok = bool(hits) and all(len(f["path"]) == path_length and f["path"].endswith("/secret.env") for f in hits)
        problems = ["%s: %s" % (p["subject"][:60] + ("…" if len(p["subject"]) > 60 else ""), p["reason"]) for p in report["problems"]]
    except (OSError, ValueError, KeyError):
        pass
    with open(os.path.join(ddir, "out", "scan.stderr"), errors="replace") as handle:
        stderr = [l.strip() for l in handle if l.strip()]
    if signal or rc >= 128:
        verdict = "FAIL: crash (%s)" % ("signal " + signal if signal else "exit %d" % rc)
    elif rc == 124:
        verdict = "FAIL: no answer within %d s" % deep_timeout
    elif found:
        verdict = "found" if path_ok else "found, wrong path"
    elif problems or rc == 2:
        verdict = "not found, reported"
    else:
        verdict = "MISSED silently"
    deep.append({"depth": int(depth), "exit": rc, "wall": num(wall), "peakRssMB": int(rss or 0) / 1024,
                 "found": found, "pathOk": path_ok, "problems": problems,
                 "stderr": [l for l in stderr if "crashed" in l or "Fatal error" in l][:2] + stderr[-3:], "verdict": verdict})

def f(value, digits=2):
    return "—" if value != value else ("%.*f" % (digits, value))

print("# keywarden scale benchmark\n")
print("keywarden `%s`, %s, %d core(s), load at start %s; median of %d run(s); layout %s; every run a first scan;"
      " start-up (history scan of an empty commit) %s s" % (kw, platform.machine(), os.cpu_count() or 0, load, runs, layout, f(startup, 3)))
size_rows = sorted((r for r in rows if r["group"] == "size"), key=lambda r: (r["size"], r["job"]))
order = ["scan-text", "scan-json", "scan-sarif", "scan-csv", "audit-json", "audit-markdown", "baseline"]
size_rows.sort(key=lambda r: (r["size"], order.index(r["job"]) if r["job"] in order else 99))
if size_rows:
    print("\n## Time per finding\n")
    print("| findings | job | median wall s | µs per finding | net µs per finding | peak RSS MB | status |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for r in size_rows:
        print("| %d | %s | %s | %s | %s | %.1f | %s |" % (r["size"], r["job"], f(r["medianWall"], 3), f(r["usPerFinding"], 1),
                                                  f(r["netUsPerFinding"], 1), r["peakRssMB"], r["status"]))
merge_rows = sorted((r for r in rows if r["group"] == "merge"), key=lambda r: r["size"])
if merge_rows:
    print("\n## audit --merge (copies of the audit of %d keys)\n" % merge_size)
    print("| reports | keys × reports | median wall s | µs per key and report | peak RSS MB | vs %d reports | status |" % merge_rows[0]["size"])
    print("|---:|---:|---:|---:|---:|---:|---|")
    for r in merge_rows:
        print("| %d | %d | %s | %s | %.1f | %s | %s |" % (r["size"], r["keys"], f(r["medianWall"], 3), f(r["usPerFinding"], 2), r["peakRssMB"],
                                                 f(r["usPerFinding"] / merge_rows[0]["usPerFinding"]), r["status"]))
ratios = []
if size_rows:
    sizes = sorted({r["size"] for r in size_rows})
    by = {(r["size"], r["job"]): r for r in size_rows}
    jobs = [j for j in order if any((s, j) in by for s in sizes)]
    print("\n## Ratio to the text scan at the same size\n")
    print("| job | " + " | ".join(str(s) for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for job in jobs:
        cols = []
        for s in sizes:
            base, r = by.get((s, "scan-text")), by.get((s, job))
            value = r["medianWall"] / base["medianWall"] if base and r and base["medianWall"] else float("nan")
            ratios.append({"size": s, "job": job, "ratioToText": value})
            cols.append(f(value))
        print("| %s | %s |" % (job, " | ".join(cols)))
    def verdict_of(values):
        seen = [v for v in values if v == v]
        if not seen:
            return "—"
        if all(0.7 <= v <= 1.3 for v in seen):
            return "flat"
        return "super-linear" if max(seen) > 1.3 else "sub-linear"
    for field, title in (("usPerFinding", "µs per finding"), ("netUsPerFinding", "net µs per finding (start-up taken off)")):
        print("\n## Linearity: %s relative to %d findings (target: within ±30 %%)\n" % (title, sizes[0]))
        print("| job | " + " | ".join(str(s) for s in sizes) + " | verdict |")
        print("|---|" + "---:|" * len(sizes) + "---|")
        for job in jobs:
            first = by.get((sizes[0], job))
            values = [by[(s, job)][field] / first[field] if first and first[field] and (s, job) in by else float("nan") for s in sizes]
            for s, v in zip(sizes, values):
                ratios.append({"size": s, "job": job, field + "VsSmallest": v})
            print("| %s | %s | %s |" % (job, " | ".join(f(v) for v in values), verdict_of(values)))
if checks:
    print("\n## Outputs against the planted keys\n")
    print("| size | job | reported | expected | | detail |")
    print("|---:|---|---:|---:|---|---|")
    for c in checks:
        print("| %d | %s | %s | %d | %s | %s |" % (c["size"], c["job"], "—" if c["reported"] is None else c["reported"], c["expected"],
                                             "ok" if c["ok"] else "**MISMATCH**", c["detail"]))
if deep:
    print("\n## Deep trees: one key under D nested directories, scan --history --no-cache --format json\n")
    print("| depth | exit | wall s | peak RSS MB | key found | verdict | problems / last stderr line |")
    print("|---:|---:|---:|---:|---|---|---|")
    for d in deep:
        crashed = [l for l in d["stderr"] if "crashed" in l or "Fatal error" in l]
        said = "; ".join(d["problems"]) or (crashed[0] if crashed else d["stderr"][-1] if d["stderr"] else "")
        print("| %d | %d | %s | %.1f | %s | %s | %s |" % (d["depth"], d["exit"], f(d["wall"], 3), d["peakRssMB"],
                                                    "yes" if d["found"] else "no", d["verdict"], said.replace("|", "\\|")[:300]))
results = {"version": 1, "keywarden": kw, "machine": platform.machine(), "cores": os.cpu_count(), "loadAtStart": load,
           "runs": runs, "layout": layout, "mergeSize": merge_size, "startupSeconds": startup, "rows": rows, "ratios": ratios,
           "checks": checks, "deep": deep}
def finite(value):  # JSON has no NaN: a job with no successful run has null times
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value
with open(os.path.join(scale, "results.json"), "w") as handle:
    json.dump(finite(results), handle, indent=1, allow_nan=False)
    handle.write("\n")
print("\nraw numbers: %s/results.json" % scale)
failed = any(not r["status"].startswith("ok") for r in rows) or any(not c["ok"] for c in checks) \
    or any(d["verdict"].startswith("FAIL") for d in deep)
sys.exit(3 if failed else 0)
PY
if [ "$FAILED" = 1 ] || [ "$rc" != 0 ]; then say "some jobs failed, crashed or reported the wrong findings (see above)"; exit 3; fi

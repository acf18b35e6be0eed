#!/usr/bin/env python3
"""Collect what bench/run.sh measured into BENCH/results.json and print Markdown tables.

Reads BENCH/raw/JOB.TOOL.{cmd,rc,status,time,stdout,stderr,hf.json}, BENCH/out/JOB.TOOL.json
(JSON reports), BENCH/raw/floor.{reachable,all} and BENCH/corpus/truth.json.
"""
import argparse, hashlib, json, os, platform, re, statistics, subprocess, sys

TOOLS = ["keywarden", "gitleaks", "betterleaks", "kingfisher"]
JOBS = [("history", "git/git full history (bare clone; keywarden with --no-cache: a first scan)"),
        ("rescan", "git/git full history again, references unchanged (keywarden's history cache)"),
        ("tree", "git/git working tree"),
        ("staged", "pre-commit: staged change in the git/git working tree"),
        ("startup", "start-up: scan of an empty directory")]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RUNWAY = re.compile(r"key_[0-9a-f]{128}")


def read(path, default=None):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return default


def load_json(path):
    text = read(path)
    if text is None or not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


# ---------------------------------------------------------------- per-tool report parsing
def secrets_from_report(tool, rep):
    """Return (number of findings, list of secret strings or sha256 strings, kind) from a JSON report.
    kind is 'sha' when the list holds hashes (keywarden), 'plain' otherwise."""
    if rep is None:
        return None, [], "plain"
    if tool == "keywarden":
        f = rep.get("findings", [])
        return len(f), [x.get("secretSha256") for x in f if x.get("secretSha256")], "sha"
    if isinstance(rep, list):                       # gitleaks: a list with a Secret field
        return len(rep), [x.get("Secret", "") for x in rep], "plain"
    f = rep.get("findings", [])
    out = []
    for x in f:
        if "Secret" in x:                           # gitleaks-style object
            out.append(x["Secret"])
        elif isinstance(x.get("match"), dict):      # betterleaks 2.0: match.value
            out.append(x["match"].get("value", ""))
        elif isinstance(x.get("finding"), dict):    # kingfisher: finding.snippet
            out.append(x["finding"].get("snippet", ""))
    return len(f), out, "plain"


def hashes_of(values, kind):
    """Every candidate hash of each reported value: the value itself, trimmed of quotes and blanks,
    and any Runway key inside it (a tool may report a wider snippet)."""
    if kind == "sha":
        return [{v} for v in values]
    res = []
    for v in values:
        c = {v, v.strip(), v.strip().strip("'\"`")}
        c.update(RUNWAY.findall(v))
        res.append({sha(x) for x in c if x})
    return res


def findings_from_text(tool, stdout, stderr):
    text = ANSI.sub("", (stdout or "") + "\n" + (stderr or ""))
    if tool in ("gitleaks", "betterleaks"):
        m = re.findall(r"leaks found: (\d+)", text)
        if m:
            return int(m[-1])
        if "no leaks found" in text:
            return 0
    if tool == "kingfisher":
        m = re.findall(r"\|Findings\.*: (\d+)", text)
        if m:
            return int(m[-1])
        m = re.findall(r'"findings":\s*(\d+)', text)
        if m:
            return int(m[-1])
    if tool == "keywarden":
        try:
            rep = json.loads(stdout)
            return len(rep.get("findings", []))
        except (json.JSONDecodeError, AttributeError, TypeError):
            m = re.findall(r"\((\d+) findings?\)", text)
            if m:
                return int(m[-1])
            if re.search(r"no secrets? found", text, re.I):
                return 0
    return None


def peak_rss_kb(time_text):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_text or "")
    return int(m.group(1)) if m else None


def cell(bench, job, tool):
    raw = os.path.join(bench, "raw", f"{job}.{tool}")
    status = (read(raw + ".status") or "").strip()
    if not status:
        return None
    c = {"status": status, "command": (read(raw + ".cmd") or "").strip()}
    rc = read(raw + ".rc")
    c["exit_code"] = int(rc) if rc and rc.strip().lstrip("-").isdigit() else None
    if status != "ok":
        return c
    c["peak_rss_kb"] = peak_rss_kb(read(raw + ".time"))
    hf = load_json(raw + ".hf.json")
    if hf and hf.get("results"):
        r = hf["results"][0]
        times = r.get("times") or []
        c["wall"] = {"median": r.get("median"), "mean": r.get("mean"), "stddev": r.get("stddev"),
                     "min": r.get("min"), "max": r.get("max"), "times": times,
                     "exit_codes": r.get("exit_codes")}
    rep = load_json(os.path.join(bench, "out", f"{job}.{tool}.json"))
    if rep is not None:
        n, vals, kind = secrets_from_report(tool, rep)
        c["findings"] = n
        c["unique_secrets"] = len({frozenset(h) for h in hashes_of(vals, kind)} if kind == "plain" else set(vals))
        c["_hashes"] = hashes_of(vals, kind)
    else:
        stdout, stderr = read(raw + ".stdout", ""), read(raw + ".stderr", "")
        c["findings"] = findings_from_text(tool, stdout, stderr)
        if tool == "keywarden":
            try:
                rep = json.loads(stdout)
                n, vals, kind = secrets_from_report(tool, rep)
                c["unique_secrets"] = len(set(vals))
            except (json.JSONDecodeError, AttributeError, TypeError):
                pass
    return c


# ---------------------------------------------------------------- environment
def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return ANSI.sub("", (p.stdout or p.stderr)).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def machine():
    model = "unknown"
    for line in (read("/proc/cpuinfo") or "").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip(); break
    mem = None
    for line in (read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            mem = round(int(line.split()[1]) / 1048576, 1); break
    return {"nproc": os.cpu_count() if not hasattr(os, "sched_getaffinity") else len(os.sched_getaffinity(0)),
            "cpu_model": model, "mem_gb": mem, "kernel": platform.release(),
            }


# ---------------------------------------------------------------- formatting
def fmt_s(c):
    if c is None:
        return "—"
    if c["status"] != "ok":
        return c["status"]
    w = c.get("wall")
    if not w or w.get("median") is None:
        return "—"
    s = f"{w['median']:.3f}" if w["median"] < 10 else f"{w['median']:.1f}"
    if len(w.get("times") or []) > 1 and w.get("stddev") is not None:
        s += f" ± {w['stddev']:.3f}" if w["median"] < 10 else f" ± {w['stddev']:.1f}"
    return s


def fmt_rss(c):
    if c is None or c["status"] != "ok" or c.get("peak_rss_kb") is None:
        return "—"
    return f"{c['peak_rss_kb'] / 1024:.0f}" if c["peak_rss_kb"] >= 10240 else f"{c['peak_rss_kb'] / 1024:.1f}"


def fmt_findings(c):
    if c is None or c["status"] != "ok" or c.get("findings") is None:
        return "—"
    s = str(c["findings"])
    if c.get("unique_secrets") is not None and c["unique_secrets"] != c["findings"]:
        s += f" ({c['unique_secrets']} unique)"
    return s


def median(c):
    if c and c["status"] == "ok" and c.get("wall") and c["wall"].get("median"):
        return c["wall"]["median"]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True); ap.add_argument("--keywarden", required=True)
    ap.add_argument("--peers", required=True); ap.add_argument("--mode", default="full")
    ap.add_argument("--runs", type=int, default=3); ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--have-gitgit", type=int, default=1)
    a = ap.parse_args()
    bench = a.bench
    peers = {t: os.path.join(a.peers, "bin", t) for t in TOOLS[1:]}
    def strip(name, v):
        v = re.sub(r"^" + re.escape(name) + r"\s+(version\s+)?", "", v, flags=re.I)
        return v
    versions = {
        "keywarden": run([a.keywarden, "--version"]),
        "gitleaks": run([peers["gitleaks"], "version"]),
        "betterleaks": run([peers["betterleaks"], "version"]),
        "kingfisher": run([peers["kingfisher"], "--version"]),
        "hyperfine": run(["hyperfine", "--version"]),
        "git": run(["git", "--version"]),
    }
    versions = {k: strip(k, v) for k, v in versions.items()}
    res = {"mode": a.mode, "runs": a.runs, "warmup": a.warmup, "machine": machine(), "versions": versions,
           "jobs": {}, "floor": None, "recall": None}
    out = []
    p = out.append
    m = res["machine"]
    p(f"## keywarden benchmark ({a.mode}: {a.runs} run(s), {a.warmup} warm-up)\n")
    p(f"Machine: {m['nproc']} CPUs, {m['cpu_model']}, {m['mem_gb']} GB RAM, Linux {m['kernel']}  ")
    la = (read(os.path.join(bench, "raw", "loadavg.start")) or "").split()
    if la:
        res["machine"]["load_avg_at_start"] = [float(x) for x in la]
        busy = "" if float(la[0]) <= 0.5 else " — **not idle: timings are noisy**"
        p(f"Load average at start: {' '.join(la)}{busy}  ")
    p("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + "\n")

    # floors: "N objects B bytes S s F failed" per run, from bench/libgit2-floor.c
    floors = {}
    if a.have_gitgit:
        for name in ("reachable", "all"):
            text = read(os.path.join(bench, "raw", f"floor.{name}")) or ""
            runs = [line.split() for line in text.strip().splitlines() if line.strip()]
            try:
                seconds = sorted(float(r[4]) for r in runs)
                floors[name] = {"objects": int(runs[0][0]), "bytes": int(runs[0][2]), "runs_s": seconds,
                                "wall_s": seconds[len(seconds) // 2]}
            except (ValueError, IndexError):
                pass
        res["floor"] = {"command": "bench/libgit2-floor gitgit.git 2 < blob ids in pack order", **floors}

    for job, title in JOBS:
        cells = {t: cell(bench, job, t) for t in TOOLS}
        if all(c is None for c in cells.values()):
            if job != "startup" and not a.have_gitgit:
                p(f"### {title}\n\nskipped: no copy of git/git (set GITGIT_MIRROR)\n")
            continue
        kw = median(cells["keywarden"])
        p(f"### {title}\n")
        p("| tool | wall median (s) | peak RSS (MB) | findings | ratio keywarden/peer |")
        p("|---|---:|---:|---:|---:|")
        for t in TOOLS:
            c = cells[t]
            if c is None:
                continue
            pm = median(c)
            if t == "keywarden":
                ratio = "—"
            elif kw and pm:
                ratio = f"{kw / pm:.2f}"
            else:
                ratio = "n/a"
            p(f"| {t} | {fmt_s(c)} | {fmt_rss(c)} | {fmt_findings(c)} | {ratio} |")
        if job == "rescan":
            first = median(cell(bench, "history", "keywarden"))
            if kw and first:
                p(f"| *keywarden first scan (--no-cache), for scale* | {first:.2f} | — | — | {kw / first:.3f} |")
        if job == "history":
            for name, what in (("reachable", "the blobs reachable from refs (what is scanned)"),
                               ("all", "every blob in the object database")):
                f = floors.get(name)
                if not f:
                    continue
                ratio = f"{kw / f['wall_s']:.2f}" if kw else "n/a"
                p(f"| *floor: libgit2 alone reads {what}, {f['objects']:,} blobs, {f['bytes'] / 1e9:.2f} GB, "
                  f"pack order, 2 threads* | {f['wall_s']:.1f} | — | — | {ratio} |")
        p("")
        res["jobs"][job] = {t: ({k: v for k, v in c.items() if not k.startswith("_")} if c else None)
                            for t, c in cells.items()}

    # ---- recall on the planted corpus
    truth = load_json(os.path.join(bench, "corpus", "truth.json"))
    if truth:
        runway = {k["sha256"] for k in truth["keys"] if k["kind"] == "runway"}
        other = {k["sha256"]: k["kind"] for k in truth["keys"] if k["kind"] != "runway"}
        decoys = {d["sha256"] for d in truth["decoys"]}
        planted = runway | set(other) | decoys
        p("### Recall on the planted-key corpus (history of corpus/repo)\n")
        p("| tool | planted Runway keys found | other planted keys found | decoys reported | findings | reported secrets not planted |")
        p("|---|---:|---:|---:|---:|---:|")
        rec = {}
        for t in TOOLS:
            c = cell(bench, "corpus", t)
            if c is None:
                continue
            if c["status"] != "ok" or "_hashes" not in c:
                p(f"| {t} | {c['status'] if c['status'] != 'ok' else 'no report'} | — | — | — | — |")
                rec[t] = {"status": c["status"]}
                continue
            hs = c["_hashes"]
            allh = set().union(*hs) if hs else set()
            found_rw = runway & allh
            found_other = sorted(other[h] for h in set(other) & allh)
            found_dec = decoys & allh
            unplanned = sum(1 for h in {frozenset(x) for x in hs} if not (h & planted))
            p(f"| {t} | {len(found_rw)}/{len(runway)} | {len(found_other)}/{len(other)}"
              f"{' (' + ', '.join(found_other) + ')' if found_other else ''} | {len(found_dec)}/{len(decoys)} "
              f"| {fmt_findings(c)} | {unplanned} |")
            rec[t] = {"runway_found": len(found_rw), "runway_total": len(runway),
                      "runway_missed": sorted(k["places"][0] for k in truth["keys"]
                                              if k["kind"] == "runway" and k["sha256"] not in allh),
                      "other_found": found_other, "other_total": len(other),
                      "decoys_reported": len(found_dec), "decoys_total": len(decoys),
                      "findings": c.get("findings"), "unique_secrets": c.get("unique_secrets"),
                      "unplanned_secrets": unplanned, "exit_code": c.get("exit_code"),
                      "peak_rss_kb": c.get("peak_rss_kb"), "command": c.get("command")}
        p("")
        missed = {t: r["runway_missed"] for t, r in rec.items() if r.get("runway_missed")}
        if missed:
            p("Runway keys missed (first place each was planted): " +
              "; ".join(f"{t}: {', '.join(v)}" for t, v in missed.items()) + "\n")
        res["recall"] = rec

    res["machine"]["load_avg_at_end"] = list(os.getloadavg())
    path = os.path.join(bench, "results.json")
    with open(path + ".tmp", "w") as f:
        json.dump(res, f, indent=1)
    os.replace(path + ".tmp", path)
    print("\n".join(out))
    print(f"Raw results: {path}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Line recall and noise of keywarden and its peers on Plazmaz/leaky-repo, a public repository of
credential files (shell profiles, .pgpass, FileZilla, wp-config.php, SQL dumps, editor sftp configs...).

  bench/leaky-repo.py [--repo DIR] [--keywarden BIN] [--keywarden-arg ARGS]... [--also-plain]
                      [--peers DIR | --no-peers] [--install-peers] [--no-history]
                      [--out DIR] [--min-recall R] [--max-noise N]

The truth is bench/leaky-repo-truth.json: the risk lines of every file in leaky-repo's
.leaky-meta/secrets.csv, labelled by hand at one commit (paths and line numbers, no secret values).
Each tool runs on the working tree (keywarden and gitleaks on the history too); every finding is
mapped to (file, line). A finding on a risk line (or anywhere in a multi-line key's span) finds that
line; any other reported (file, line) is a noise line. In history, a finding's line is read from the
blob of the commit it names and mapped to the HEAD line with the same text (or a history alias of the
truth file); a line of an older blob that maps to nothing is a noise line of its own.

Without --repo, leaky-repo is cloned ($LEAKY_REPO_URL overrides the URL, e.g. a local mirror) into a
temporary directory, removed afterwards, and the truth's commit is checked out.
--keywarden-arg passes extra arguments to every keywarden scan (split like a shell would: e.g.
--keywarden-arg "--config rules/credential-files.toml"); --also-plain then adds a row for keywarden
without them. Peers (bench/install-peers.sh puts them in /tmp/peers/bin) are skipped when missing,
unless --install-peers. Raw reports go to --out (default $BENCH_DIR/leaky-repo, BENCH_DIR defaulting to
/tmp/keywarden-bench), the figures to OUT/results.json. Exit status 0; 1 when --min-recall or
--max-noise is given and a keywarden row misses it; 2 on a setup error.
"""
import argparse, hashlib, json, os, re, shlex, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
LEAKY_URL = os.environ.get("LEAKY_REPO_URL", "https://github.com/Plazmaz/leaky-repo")
PEERS = ["gitleaks", "betterleaks", "kingfisher"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 600


def say(msg):
    print(f"==> {msg}", file=sys.stderr, flush=True)


def die(msg):
    print(f"leaky-repo.py: {msg}", file=sys.stderr)
    sys.exit(2)


def run(cmd, cwd=None, timeout=TIMEOUT):
    """Run a command; return (exit code, stdout, stderr). Exit code None when it could not run."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except (OSError, subprocess.SubprocessError) as e:
        return None, "", str(e)


def version(cmd):
    rc, out, err = run(cmd, timeout=60)
    lines = ANSI.sub("", out or err).strip().splitlines()
    return lines[0] if lines else "unknown"


def load_json(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


# ---------------------------------------------------------------- the repository and its blobs
class Repo:
    def __init__(self, path):
        self.path = path
        self._blobs = {}

    def git(self, *args):
        rc, out, _ = run(["git", "-C", self.path] + list(args))
        return out if rc == 0 else None

    def head(self):
        return (self.git("rev-parse", "HEAD") or "").strip()

    def lines(self, commit, path):
        """The lines of PATH at COMMIT (None: the working tree), or None when it has no such file."""
        key = (commit, path)
        if key not in self._blobs:
            if commit:
                text = self.git("show", f"{commit}:{path}")
            else:
                try:
                    with open(os.path.join(self.path, path), encoding="utf-8", errors="replace") as f:
                        text = f.read()
                except OSError:
                    text = None
            self._blobs[key] = None if text is None else text.split("\n")
        return self._blobs[key]


def norm(line):
    return line.rstrip().replace("\r", "")


def prepare_repo(arg, commit):
    if arg:
        path = os.path.abspath(arg)
        if not os.path.isdir(os.path.join(path, ".git")):
            die(f"{path} is not a git working tree")
        return path, None
    tmp = tempfile.mkdtemp(prefix="leaky-repo.")
    path = os.path.join(tmp, "leaky-repo")
    say(f"cloning {LEAKY_URL} into {path}")
    rc, _, err = run(["git", "clone", "-q", LEAKY_URL, path])
    if rc != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        die(f"could not clone {LEAKY_URL} (give a local clone with --repo): {err.strip()}")
    rc, _, err = run(["git", "-C", path, "checkout", "-q", commit])
    if rc != 0:
        say(f"warning: could not check out the labelled commit {commit[:12]}: {err.strip()}")
    return path, tmp


# ---------------------------------------------------------------- per-tool reports -> (commit, path, line)
def rel(path, root):
    if not path:
        return path
    p = path.replace("\\", "/")
    r = root.rstrip("/") + "/"
    if p.startswith(r):
        p = p[len(r):]
    while p.startswith("./"):
        p = p[2:]
    return p


def locations(tool, rep, root):
    """Every finding of a JSON report as (commit or None, path relative to the repository, line)."""
    out = []
    if rep is None:
        return None
    if tool == "keywarden":
        for f in rep.get("findings", []):
            out.append((f.get("commit"), rel(f.get("path"), root), f.get("line")))
    elif tool == "gitleaks":
        for f in rep if isinstance(rep, list) else rep.get("findings", []):
            out.append((f.get("Commit") or None, rel(f.get("File"), root), f.get("StartLine")))
    elif tool == "betterleaks":                     # working tree only: location.path, location.start_line
        for f in rep.get("findings", []) if isinstance(rep, dict) else rep:
            loc = f.get("location") or {}
            out.append((None, rel(loc.get("path"), root), loc.get("start_line")))
    elif tool == "kingfisher":                      # working tree only: finding.path, finding.line
        for f in rep.get("findings", []):
            x = f.get("finding") or {}
            out.append((None, rel(x.get("path"), root), x.get("line")))
    return [(c, p, int(l)) for c, p, l in out if p and str(l).isdigit()]


# ---------------------------------------------------------------- scoring
class Truth:
    def __init__(self, data, repo):
        self.data = data
        self.files = data["files"]
        self.total = data["risk_total"]
        self.csv_total = data.get("csv_risk_total")
        self.repo = repo
        self.risk = {(p, l) for p, e in self.files.items() for l in e["risk_lines"]}
        self.info = {(p, l) for p, e in self.files.items() for l in e.get("informative_lines", [])}
        self.spans = {}        # (path, line reported) -> risk line it stands for
        for p, e in self.files.items():
            for line, (a, b) in ((int(k), v) for k, v in e.get("spans", {}).items()):
                for x in range(a, b + 1):
                    self.spans[(p, x)] = line
        self.aliases = {}      # (old path, old text) -> (HEAD path, HEAD line)
        for a in data.get("history_aliases", []):
            ls = repo.lines(a["commit"], a["path"])
            if ls and 0 < a["line"] <= len(ls):
                self.aliases[(a["path"], norm(ls[a["line"] - 1]))] = (a["same_as"]["path"], a["same_as"]["line"])

    def at_head(self, commit, path, line):
        """Map a finding to a HEAD (path, line), or to ('@' + path, (text, 'commit:line')) for a line that
        no HEAD file has."""
        if not commit:
            return (path, line)
        old = self.repo.lines(commit, path)
        if old is None or not 0 < line <= len(old):
            return (path, line)
        text = norm(old[line - 1])
        now = self.repo.lines(None, path)
        if now is not None and 0 < line <= len(now) and norm(now[line - 1]) == text:
            return (path, line)
        if now is not None and text.strip():
            same = [i for i, t in enumerate(now, 1) if norm(t) == text]
            if same:
                return (path, min(same, key=lambda i: abs(i - line)))
        if (path, text) in self.aliases:
            return self.aliases[(path, text)]
        return ("@" + path, (text, f"{commit[:7]}:{line}"))

    def score(self, locs):
        found, noise = set(), {}
        for commit, path, line in locs:
            p, l = self.at_head(commit, path, line)
            if (p, l) in self.risk:
                found.add((p, l))
            elif (p, l) in self.spans:
                found.add((p, self.spans[(p, l)]))
            elif p.startswith("@"):
                # one noise line per distinct text of older blobs (a line may be in several commits)
                text, where = l
                noise.setdefault((p, hashlib.sha256(text.encode()).hexdigest()), (f"{p[1:]}@{where}", "older blob only"))
            else:
                noise.setdefault((p, l), (f"{p}:{l}", "informative" if (p, l) in self.info else
                                          ("listed file" if p in self.files else "other file")))
        missed = {}
        for p, l in sorted(self.risk - found):
            missed.setdefault(p, []).append(l)
        return {"found": len(found), "total": self.total, "recall": len(found) / self.total,
                "csv_recall": len(found) / self.csv_total if self.csv_total else None,
                "noise": len(noise), "findings": len(locs),
                "noise_lines": sorted(f"{where} ({why})" for where, why in noise.values()),
                "missed": missed}


# ---------------------------------------------------------------- running the tools
def jobs_for(tool, binary, repo, out, kw_args):
    """(job, command) for each job this tool runs; the command writes its JSON report to OUT/JOB.TOOL.json."""
    r = os.path.join(out, "{job}." + tool + ".json")
    if tool.startswith("keywarden"):
        return [("tree", [binary, "scan", repo, "--format", "json", "-o", r.format(job="tree")] + kw_args),
                ("history", [binary, "scan", "--history", "--no-cache", repo, "--format", "json",
                             "-o", r.format(job="history")] + kw_args)]
    if tool == "gitleaks":
        return [("tree", [binary, "dir", repo, "--no-banner", "-f", "json", "-r", r.format(job="tree")]),
                ("history", [binary, "git", repo, "--no-banner", "-f", "json", "-r", r.format(job="history")])]
    if tool == "betterleaks":
        return [("tree", [binary, "fs", repo, "--no-banner", "-o", r.format(job="tree")])]
    if tool == "kingfisher":
        return [("tree", [binary, "scan", repo, "--git-history", "none", "--no-validate", "--no-update-check",
                          "-f", "json", "-o", r.format(job="tree")])]
    return []


def fmt_missed(missed):
    return "; ".join(f"{p} {','.join(map(str, ls))}" for p, ls in sorted(missed.items())) or "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", help="a leaky-repo clone (default: clone it into a temporary directory)")
    ap.add_argument("--keywarden", default=os.path.join(REPO_ROOT, ".build", "release", "keywarden"))
    ap.add_argument("--keywarden-arg", action="append", default=[],
                    help="extra arguments for every keywarden scan (shell-split; repeatable)")
    ap.add_argument("--also-plain", action="store_true",
                    help="with --keywarden-arg: also run keywarden without the extra arguments")
    ap.add_argument("--peers", default=os.environ.get("PEERS_DIR", "/tmp/peers"))
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--install-peers", action="store_true", help="run bench/install-peers.sh when a peer is missing")
    ap.add_argument("--no-history", action="store_true")
    ap.add_argument("--truth", default=os.path.join(HERE, "leaky-repo-truth.json"))
    ap.add_argument("--out", default=os.path.join(os.environ.get("BENCH_DIR", "/tmp/keywarden-bench"), "leaky-repo"))
    ap.add_argument("--min-recall", type=float)
    ap.add_argument("--max-noise", type=int)
    a = ap.parse_args()

    truth_data = load_json(a.truth)
    if not truth_data:
        die(f"cannot read the truth file {a.truth}")
    if not os.access(a.keywarden, os.X_OK):
        die(f"no keywarden binary at {a.keywarden} (give one with --keywarden)")
    kw_args = [x for arg in a.keywarden_arg for x in shlex.split(arg)]

    tools = []      # (name, binary, extra keywarden args)
    if kw_args:
        tools.append(("keywarden", a.keywarden, kw_args))
        if a.also_plain:
            tools.append(("keywarden (default rules)", a.keywarden, []))
    else:
        tools.append(("keywarden", a.keywarden, []))
    if not a.no_peers:
        bins = {t: os.path.join(a.peers, "bin", t) for t in PEERS}
        if a.install_peers and not all(os.access(b, os.X_OK) for b in bins.values()):
            say(f"installing peers into {a.peers}")
            subprocess.run(["sh", os.path.join(HERE, "install-peers.sh"), a.peers], stdout=sys.stderr, check=False)
        for t, b in bins.items():
            if os.access(b, os.X_OK):
                tools.append((t, b, []))
            else:
                say(f"{t}: not found at {b}, skipped (bench/install-peers.sh or --install-peers)")

    repo_path, tmp = prepare_repo(a.repo, truth_data["commit"])
    try:
        repo = Repo(repo_path)
        head = repo.head()
        if head != truth_data["commit"]:
            say(f"warning: {repo_path} is at {head[:12]}, the truth was labelled at {truth_data['commit'][:12]}; "
                "line numbers may not match")
        truth = Truth(truth_data, repo)
        shutil.rmtree(a.out, ignore_errors=True)
        os.makedirs(a.out, exist_ok=True)

        versions = {}
        res = {"repository": repo_path, "commit": head, "truth": os.path.relpath(a.truth, REPO_ROOT),
               "risk_total": truth.total, "csv_risk_total": truth.csv_total,
               "keywarden_args": kw_args, "versions": versions, "results": {}}
        for name, binary, extra in tools:
            base = "keywarden" if name.startswith("keywarden") else name
            if base not in versions:
                v = version([binary, "version"] if base in ("gitleaks", "betterleaks") else [binary, "--version"])
                versions[base] = re.sub(r"^" + re.escape(base) + r"\s+(version\s+)?", "", v, flags=re.I)
            slug = "keywarden-plain" if name != "keywarden" and base == "keywarden" else name
            for job, cmd in jobs_for(slug if base == "keywarden" else name, binary, repo_path, a.out, extra):
                if job == "history" and a.no_history:
                    continue
                say(f"{job} / {name}: {shlex.join(cmd)}")
                rc, stdout, stderr = run(cmd)       # from the caller's directory: relative --config paths work
                raw = os.path.join(a.out, f"{job}.{slug}")
                for ext, text in (("stdout", stdout), ("stderr", stderr)):
                    with open(f"{raw}.{ext}", "w") as f:
                        f.write(text or "")
                report = cmd[cmd.index("-o" if "-o" in cmd else "-r") + 1]
                locs = locations(base, load_json(report), repo_path)
                if locs is None:
                    say(f"warning: {name} wrote no report (exit {rc}; see {raw}.stderr)")
                    res["results"].setdefault(name, {})[job] = {"status": f"no report (exit {rc})",
                                                              "command": shlex.join(cmd)}
                    continue
                s = truth.score(locs)
                s.update({"status": "ok", "exit_code": rc, "command": shlex.join(cmd)})
                res["results"].setdefault(name, {})[job] = s

        # ---- report
        out = []
        p = out.append
        p(f"## leaky-repo: line recall and noise\n")
        p(f"Repository: {LEAKY_URL} at {head[:12]} ({repo_path})  ")
        p(f"Truth: {res['truth']}, {truth.total} risk lines in {len(truth.files)} files "
          f"(secrets.csv counts {truth.csv_total}; where it disagrees with the files' own labels the files are followed)  ")
        if kw_args:
            p(f"keywarden arguments: {shlex.join(kw_args)}  ")
        p("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + "\n")
        for job, title in (("tree", "Working tree"), ("history", "History (every reference)")):
            rows = [(n, r[job]) for n, r in res["results"].items() if job in r]
            if not rows:
                continue
            p(f"### {title}\n")
            p(f"| tool | risk lines found | recall | of secrets.csv's {truth.csv_total} | noise lines | findings |")
            p("|---|---:|---:|---:|---:|---:|")
            for n, s in rows:
                if s["status"] != "ok":
                    p(f"| {n} | {s['status']} | — | — | — | — |")
                    continue
                p(f"| {n} | {s['found']}/{s['total']} | {s['recall']:.3f} | {s['csv_recall']:.3f} "
                  f"| {s['noise']} | {s['findings']} |")
            p("")
            for n, s in rows:
                if s["status"] != "ok":
                    continue
                p(f"- **{n}** missed: {fmt_missed(s['missed'])}")
                if s["noise_lines"]:
                    p(f"  - noise: {'; '.join(s['noise_lines'])}")
            p("")
        print("\n".join(out))

        path = os.path.join(a.out, "results.json")
        with open(path + ".tmp", "w") as f:
            json.dump(res, f, indent=1)
        os.replace(path + ".tmp", path)
        print(f"Raw results: {path}")

        failed = []
        for n, r in res["results"].items():
            if n != "keywarden":
                continue
            for job, s in r.items():
                if s["status"] != "ok":
                    failed.append(f"{n} {job}: {s['status']}")
                    continue
                if a.min_recall is not None and s["recall"] < a.min_recall:
                    failed.append(f"{n} {job}: recall {s['recall']:.3f} < {a.min_recall}")
                if a.max_noise is not None and s["noise"] > a.max_noise:
                    failed.append(f"{n} {job}: {s['noise']} noise lines > {a.max_noise}")
        if failed and (a.min_recall is not None or a.max_noise is not None):
            print("FAILED: " + "; ".join(failed), file=sys.stderr)
            return 1
        return 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

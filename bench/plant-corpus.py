#!/usr/bin/env python3
"""Plant secrets in a fresh git repository where teams leak them, with look-alikes beside them.

    bench/plant-corpus.py OUT [--seed N]

Writes OUT/repo, a repository with a working tree built by git, and OUT/truth.json:

    {"keys":   [{"sha256", "kind", "places", "in_worktree", "environments", "authors"}],
     "decoys": [{"sha256", "text_hint"}]}

Every secret is drawn from the seed at run time; only its SHA-256 is written down, so the truth
file says what must be found without holding a key. Used by the test suite (the planted-corpus
and audit tests) and by bench/run.sh (recall against the peers). The places:

  * a production key copied into the staging file by a second developer (one key, two environments)
  * a key hard-coded in a script and deleted in the next commit (history only)
  * one key committed by two developers in a shell script and a notebook (a shared key)
  * a key in a YAML file with CRLF line ends, and one in a single 40 kB minified line
  * a key committed only on a branch that is never merged
  * a key typed into a commit message
  * keys inside a zip (and a zip inside it), a gzip-compressed log, a UTF-16LE file without a
    byte-order mark and a binary file with NUL bytes around the key
  * a key only in an older stash entry (stash@{1})
  * AWS, GitHub and OpenAI keys beside them
  * decoys: keys of the wrong length or alphabet, placeholders, words that start with "key_"
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import string
import subprocess
import zipfile
import zlib

HEX = "0123456789abcdef"
ALICE = ("Alice Example", "alice@example.com")
BOB = ("Bob Example", "bob@example.com")
CAROL = ("Carol Example", "carol@example.com")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


class PlantedRepository:
    """A repository under construction and the truth about what was planted in it."""

    def __init__(self, out, seed):
        self.random = random.Random(seed)
        self.root = os.path.join(out, "repo")
        self.clock = 1_700_000_000
        self.secrets = {}
        self.decoys = []
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(self.root)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")

    # Secrets -------------------------------------------------------------------------------
    def draw(self, alphabet, count):
        return "".join(self.random.choice(alphabet) for _ in range(count))

    def runway_key(self):
        return "key_" + self.draw(HEX, 128)

    def aws_key_id(self):
        return "AKIA" + self.draw(string.ascii_uppercase + "234567", 16)

    def github_token(self):
        body = self.draw(string.ascii_letters + string.digits, 30)
        checksum = zlib.crc32(body.encode()) & 0xFFFFFFFF
        digits = string.digits + string.ascii_uppercase + string.ascii_lowercase
        encoded = ""
        while checksum:
            checksum, remainder = divmod(checksum, 62)
            encoded = digits[remainder] + encoded
        return "ghp_" + body + encoded.rjust(6, "0")

    def openai_key(self):
        alphabet = string.ascii_letters + string.digits
        return "sk-proj-" + self.draw(alphabet, 74) + "T3BlbkFJ" + self.draw(alphabet, 74)

    def record(self, secret, kind, place, author, environment=None, in_worktree=True):
        entry = self.secrets.setdefault(secret, {
            "sha256": hashlib.sha256(secret.encode()).hexdigest(), "kind": kind, "places": [],
            "in_worktree": False, "environments": [], "authors": []})
        entry["places"].append(place)
        entry["in_worktree"] = entry["in_worktree"] or in_worktree
        if environment and environment not in entry["environments"]:
            entry["environments"].append(environment)
        if author[1] not in entry["authors"]:
            entry["authors"].append(author[1])

    def record_decoy(self, text):
        self.decoys.append({"sha256": hashlib.sha256(text.encode()).hexdigest(), "text_hint": text[:12]})

    # Git -------------------------------------------------------------------------------------
    def identity(self, who):
        self.clock += 3600
        date = f"{self.clock} +0000"
        return {"GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_AUTHOR_DATE": date,
                "GIT_COMMITTER_NAME": who[0], "GIT_COMMITTER_EMAIL": who[1], "GIT_COMMITTER_DATE": date}

    def git(self, *arguments, who=ALICE):
        environment = dict(os.environ, **self.identity(who))
        done = subprocess.run(["git", "-C", self.root, *arguments], env=environment,
                              capture_output=True, check=True)
        return done.stdout.decode().strip()

    def put(self, path, content):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(content.encode() if isinstance(content, str) else content)

    def delete(self, path):
        os.remove(os.path.join(self.root, path))

    def commit(self, message, who=ALICE):
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "--allow-empty", "-m", message, who=who)

    def prose(self, lines):
        words = "render frame prompt seed ratio upscale task output queue status duration motion".split()
        return "".join(" ".join(self.random.choice(words) for _ in range(9)) + "\n" for _ in range(lines))


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), content)
    return buffer.getvalue()


def plant(corpus):
    corpus.put("README.md", "# frames\n\n" + corpus.prose(12))
    corpus.put("app/client.py", "import os\nAPI_SECRET = os.environ['RUNWAYML_API_SECRET']\n")
    corpus.commit("start the frames service")

    production = corpus.runway_key()
    corpus.put(".env.production", f"RUNWAYML_API_SECRET={production}\nWORKERS=4\n")
    corpus.record(production, "runway", ".env.production", ALICE, "production")
    corpus.commit("production settings")
    corpus.put(".env.staging", f"# same as production until staging has its own\nRUNWAYML_API_SECRET={production}\n")
    corpus.record(production, "runway", ".env.staging", BOB, "staging")
    corpus.commit("staging settings", who=BOB)

    deleted = corpus.runway_key()
    corpus.put("tools/probe.py", f'import requests\nrequests.get(URL, headers={{"Authorization": "Bearer {deleted}"}})\n')
    corpus.record(deleted, "runway", "tools/probe.py", BOB, in_worktree=False)
    corpus.commit("probe the API", who=BOB)
    corpus.delete("tools/probe.py")
    corpus.commit("drop the probe", who=BOB)

    shared = corpus.runway_key()
    corpus.put("bin/render.sh", f'#!/bin/sh\nexport RUNWAYML_API_SECRET="{shared}"\nexec python3 -m frames.render "$@"\n')
    corpus.record(shared, "runway", "bin/render.sh", ALICE)
    corpus.commit("render script")
    notebook = {"cells": [{"cell_type": "code", "outputs": [], "source": [
        "import os\n", f'os.environ["RUNWAYML_API_SECRET"] = "{shared}"\n']}], "nbformat": 4}
    corpus.put("notebooks/motion.ipynb", json.dumps(notebook, indent=1))
    corpus.record(shared, "runway", "notebooks/motion.ipynb", CAROL)
    corpus.commit("motion notebook", who=CAROL)

    crlf = corpus.runway_key()
    corpus.put("deploy/production/values.yaml", f"frames:\r\n  runway:\r\n    secret: '{crlf}'\r\n  replicas: 3\r\n")
    corpus.record(crlf, "runway", "deploy/production/values.yaml", CAROL, "production")
    minified = corpus.runway_key()
    corpus.put("public/bundle.min.js", "var n=0;" * 4000 + f'window.RW="{minified}";' + "n++;" * 2000 + "\n")
    corpus.record(minified, "runway", "public/bundle.min.js", CAROL)
    corpus.commit("deployment values and bundle", who=CAROL)

    corpus.git("checkout", "-q", "-b", "spike/interpolate")
    branch_only = corpus.runway_key()
    corpus.put("app/interpolate.py", f"RUNWAY = '{branch_only}'  # temporary\n")
    corpus.record(branch_only, "runway", "app/interpolate.py", BOB, in_worktree=False)
    corpus.commit("interpolation spike", who=BOB)
    corpus.git("checkout", "-q", "main")

    in_message = corpus.runway_key()
    corpus.put("CHANGELOG.md", "## 0.2\n- retries\n")
    corpus.record(in_message, "runway", "(commit message)", BOB, in_worktree=False)
    corpus.commit(f"retry failed renders\n\ntested with RUNWAYML_API_SECRET={in_message}\n", who=BOB)

    zipped, nested = corpus.runway_key(), corpus.runway_key()
    inner = zip_bytes([("settings.json", json.dumps({"runwaySecret": nested}))])
    corpus.put("vendor/assets.zip", zip_bytes([("assets/config.js", f'const runwayKey = "{zipped}";\n'),
                                               ("assets/inner.zip", inner)]))
    corpus.record(zipped, "runway", "vendor/assets.zip!assets/config.js", ALICE)
    corpus.record(nested, "runway", "vendor/assets.zip!assets/inner.zip!settings.json", ALICE)
    compressed = corpus.runway_key()
    log = corpus.prose(40) + f"request headers: Authorization: Bearer {compressed}\n" + corpus.prose(40)
    corpus.put("logs/render.log.gz", gzip.compress(log.encode(), mtime=0))
    corpus.record(compressed, "runway", "logs/render.log.gz", ALICE)
    wide = corpus.runway_key()
    corpus.put("tools/setup.ps1", f'$env:RUNWAYML_API_SECRET = "{wide}"\r\n'.encode("utf-16-le"))
    corpus.record(wide, "runway", "tools/setup.ps1", ALICE)
    binary = corpus.runway_key()
    corpus.put("data/cache.db", b"SQLite format 3\x00" + bytes(200) + f"secret={binary}".encode() + bytes(300))
    corpus.record(binary, "runway", "data/cache.db", ALICE)
    corpus.commit("vendored assets, logs and tools")

    stashed = corpus.runway_key()
    corpus.put("app/client.py", f"API_SECRET = '{stashed}'\n")
    corpus.git("stash", "push", "-q", "-m", "try a key", who=CAROL)
    corpus.put("README.md", "# frames\n\nwork in progress\n")
    corpus.git("stash", "push", "-q", "-m", "readme draft", who=CAROL)
    corpus.record(stashed, "runway", "app/client.py (stash@{1})", CAROL, in_worktree=False)

    aws, github, openai = corpus.aws_key_id(), corpus.github_token(), corpus.openai_key()
    corpus.put("infra/main.tfvars", f'aws_access_key_id = "{aws}"\nregion = "eu-west-1"\n')
    corpus.record(aws, "aws", "infra/main.tfvars", ALICE)
    corpus.put(".github/workflows/publish.yml", f"env:\n  GH_TOKEN: {github}\n")
    corpus.record(github, "github", ".github/workflows/publish.yml", ALICE)
    corpus.put("app/captions.py", f'OPENAI_API_KEY = "{openai}"\n')
    corpus.record(openai, "openai", "app/captions.py", ALICE)
    corpus.commit("infrastructure and captions")

    decoys = ["key_" + "0" * 128, "key_" + "f" * 128, "key_" + "z" * 128, "key_rotation_policy",
              "key_" + corpus.draw(HEX, 127), "key_" + corpus.draw(HEX, 64), "key_" + "ab12" * 8]
    lines = [f"example: {decoy}" for decoy in decoys]
    lines.append("placeholder: RUNWAYML_API_SECRET=key_<paste your key>")
    lines.append("not a key: turkey_" + corpus.draw(HEX, 128))
    corpus.put("docs/keys.md", "\n".join(lines) + "\n")
    for decoy in decoys:
        corpus.record_decoy(decoy)
    corpus.commit("document keys")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    corpus = PlantedRepository(arguments.out, arguments.seed)
    plant(corpus)
    truth = {"keys": list(corpus.secrets.values()), "decoys": corpus.decoys}
    with open(os.path.join(arguments.out, "truth.json"), "w") as handle:
        json.dump(truth, handle, indent=1)
    print(f"{corpus.root}: {len(truth['keys'])} secrets, {len(truth['decoys'])} decoys")


if __name__ == "__main__":
    main()

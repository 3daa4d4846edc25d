#!/usr/bin/env python3
"""The rule table of docs/CONFORMANCE.md: for every rule of the official EN 16931 artefacts,
whether Caravan implements it, whether it fires on at least one official unit-test document,
and whether it fires on at least one mutant of the differential test.

  python scripts/rule-table.py --caravan .build/release/caravan --corpus ../shared/conformance \
      --differential OUT.json [--differential OUT2.json ...] --markdown docs/CONFORMANCE.md

Implemented = the rule is in the generated rule sets (Sources/CaravanRules/Generated/).
Official = Caravan fires it on a document of the official unit tests (each <test> of every
testSet, run through `caravan validate`). Mutation = `scripts/differential.py --json` saw it
fire. The section "## Rules" of the Markdown file is replaced (or added).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

from lxml import etree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
V = "{http://difi.no/xsd/vefa/validator/1.0}"


def implemented():
    rules = defaultdict(set)  # id -> syntaxes
    for syntax, name in (("UBL", "EN16931UBLRules.swift"), ("CII", "EN16931CIIRules.swift")):
        text = open(os.path.join(ROOT, "Sources", "CaravanRules", "Generated", name), encoding="utf-8").read()
        for rule in re.findall(r'id: "([^"]+)", flag:', text):
            rules[rule].add(syntax)
    return rules


def official_firings(caravan, corpus):
    fired = set()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        unit = os.path.join(corpus, "en16931", "unit")
        for folder, _, names in os.walk(unit):
            for name in sorted(names):
                if not name.endswith(".xml"):
                    continue
                tree = etree.parse(os.path.join(folder, name))
                if etree.QName(tree.getroot()).localname != "testSet":
                    files.append(os.path.join(folder, name))
                    continue
                for i, test in enumerate(tree.getroot().iter(V + "test")):
                    doc = [c for c in test if isinstance(c.tag, str) and c.tag != V + "assert"]
                    if doc:
                        path = os.path.join(tmp, f"{len(files):05d}.xml")
                        etree.ElementTree(doc[0]).write(path, xml_declaration=True, encoding="UTF-8")
                        files.append(path)
        for start in range(0, len(files), 400):
            proc = subprocess.run([caravan, "validate", "--format", "json", *files[start:start + 400]],
                                  capture_output=True)
            for report in json.loads(proc.stdout):
                fired.update(f["rule"] for f in report.get("findings", []))
    return fired


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--caravan", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--differential", action="append", default=[])
    ap.add_argument("--markdown", required=True)
    a = ap.parse_args()

    rules = implemented()
    official = official_firings(a.caravan, a.corpus)
    mutation, runs = set(), []
    for path in a.differential:
        data = json.load(open(path, encoding="utf-8"))
        mutation.update(data["fired_by_caravan"])
        runs.append(f"seed {data['seed']}: {data['files']} files, {data['agree']} agree, "
                    f"{data['disagree']} disagree, Saxon stopped on {data['stopped_ok'] + data['stopped_bad']} "
                    f"(Caravan answered {data['stopped_ok']})")

    def order(rule):
        return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rule)]

    ids = sorted(rules, key=order)
    n_off = sum(1 for r in ids if r in official)
    n_mut = sum(1 for r in ids if r in mutation)
    lines = [
        "## Rules",
        "",
        f"Every rule of the official artefacts 1.3.16 is implemented: {len(ids)} distinct rule ids "
        f"({sum(1 for r in ids if 'UBL' in rules[r])} in the UBL set, "
        f"{sum(1 for r in ids if 'CII' in rules[r])} in the CII set). "
        f"{n_off} fire on at least one official unit-test document; {n_mut} fire on at least one "
        "mutant of the differential test.",
        "",
        "Differential test against the official XSLT on Saxon (`scripts/differential.py`):",
        "",
        *[f"- {r}" for r in runs],
        "",
        "Reproduce: `scripts/rule-table.py --caravan .build/release/caravan --corpus ../shared/conformance "
        "--differential RUN.json --markdown docs/CONFORMANCE.md`, with RUN.json from "
        "`scripts/differential.py --json RUN.json`.",
        "",
        "| rule | syntaxes | implemented | official test | mutation |",
        "|---|---|---|---|---|",
    ]
    for r in ids:
        lines.append(f"| {r} | {', '.join(sorted(rules[r]))} | ✔ | {'✔' if r in official else '–'} | "
                     f"{'✔' if r in mutation else '–'} |")
    section = "\n".join(lines) + "\n"
    text = open(a.markdown, encoding="utf-8").read() if os.path.exists(a.markdown) else ""
    if "\n## Rules\n" in text:
        text = text[:text.index("\n## Rules\n") + 1]
    with open(a.markdown, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n\n" + section)
    print(f"rules: {len(ids)} implemented, {n_off} fired by official tests, {n_mut} by mutations")


if __name__ == "__main__":
    sys.exit(main())

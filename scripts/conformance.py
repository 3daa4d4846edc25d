#!/usr/bin/env python3
"""Conversion conformance of Caravan against the official EN 16931 material.

For each of the 63 official documents (19 UBL and 15 CII examples, 29 UBL test files):
  1. `caravan inspect` gives the model M of the original;
  2. `caravan convert --to SAME` rewrites it: its model must equal M;
  3. `caravan convert --to OTHER` converts it: its model must equal M, and converting that back
     to the first syntax must give M again;
  4. the official compiled Schematron (Saxon, via ../shared/tools/en16931/oracle.py) must fire
     no fatal rule on the rewritten nor on the converted document.

Usage (scripts/test runs it in the venv it makes):
  python scripts/conformance.py --caravan .build/debug/caravan --corpus DIR --oracle TOOLS_DIR
        [--markdown docs/CONFORMANCE.md]
Exit 0 when every check holds, 1 otherwise.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# Business terms a writer may adapt (see Sources/CaravanSyntax/Adaptation.swift), and where they
# sit in the canonical JSON of the model.
ADAPTABLE = {
    "BT-6": ("vatAccountingCurrencyCode",),
    "BT-110": ("totals", "vatAmount"),
    "BT-111": ("totals", "vatAmountInAccountingCurrency"),
}

FOLDERS = [("ubl/examples", "UBL"), ("unit/testfiles", "UBL"), ("cii/examples", "CII")]


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout, proc.stderr.decode(errors="replace")


def without(model_json, terms):
    """The model with the named adaptable terms removed, for comparing everything else."""
    model = json.loads(model_json)
    for term in terms:
        *parents, key = ADAPTABLE[term]
        node = model
        for p in parents:
            node = node.get(p, {})
        node.pop(key, None)
    return model


def adapted_terms(stderr):
    """The business terms `caravan convert` said it adapted (its `note:` lines)."""
    terms = set()
    for line in stderr.splitlines():
        if ": note: " in line:
            terms.update(re.findall(r"BT-\d+", line.split(": note: ", 1)[1].split(":")[0]))
    return terms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--caravan", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--oracle", required=True, help="folder holding oracle.py")
    ap.add_argument("--markdown", help="write the table of results to this file")
    a = ap.parse_args()

    sys.path.insert(0, a.oracle)
    from oracle import Oracle  # noqa: E402  (the official rules on Saxon)

    oracle = Oracle(os.path.join(a.corpus, "en16931", "artefacts"))
    rows = []
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder, syntax in FOLDERS:
            base = os.path.join(a.corpus, "en16931", folder)
            for name in sorted(os.listdir(base)):
                if not name.lower().endswith(".xml"):
                    continue
                path = os.path.join(base, name)
                other = "CII" if syntax == "UBL" else "UBL"
                stem = os.path.join(tmp, f"{len(rows):02d}")
                row = {"file": f"{folder}/{name}", "syntax": syntax, "problems": []}
                try:
                    model, warnings = run([a.caravan, "inspect", path])
                    row["not_carried"] = sum(1 for line in warnings.splitlines() if ": warning: " in line)
                    same, conv, back = stem + ".same.xml", stem + ".conv.xml", stem + ".back.xml"
                    run([a.caravan, "convert", "--to", syntax.lower(), path, "-o", same])
                    notes = adapted_terms(run([a.caravan, "convert", "--to", other.lower(), path, "-o", conv])[1])
                    run([a.caravan, "convert", "--to", syntax.lower(), conv, "-o", back])
                    row["same_equal"] = run([a.caravan, "inspect", same])[0] == model
                    row["adapted"] = sorted(notes)
                    if notes:  # everything but the adapted terms must be equal
                        expected = without(model, notes)
                        row["conv_equal"] = without(run([a.caravan, "inspect", conv])[0], notes) == expected
                        row["back_equal"] = without(run([a.caravan, "inspect", back])[0], notes) == expected
                    else:
                        row["conv_equal"] = run([a.caravan, "inspect", conv])[0] == model
                        row["back_equal"] = run([a.caravan, "inspect", back])[0] == model
                    for key, label in (("same_equal", "rewritten model differs"),
                                       ("conv_equal", f"{other} model differs"),
                                       ("back_equal", "round-trip model differs")):
                        if not row[key]:
                            row["problems"].append(label)
                    for key, file in (("same", same), ("conv", conv)):
                        _, firings = oracle.validate_file(file)
                        row[key + "_fatal"] = sorted({r for r, f in firings if f == "fatal"})
                        row[key + "_warning"] = sorted({r for r, f in firings if f == "warning"})
                        if row[key + "_fatal"]:
                            row["problems"].append(f"{key}: fatal {', '.join(row[key + '_fatal'])}")
                except Exception as e:  # a failed command or a Saxon error is a failed check
                    row["problems"].append(str(e).splitlines()[0][:300])
                if row["problems"]:
                    failures += 1
                    print(f"FAIL {row['file']}: {'; '.join(row['problems'])}", file=sys.stderr)
                rows.append(row)

    checks = len(rows)
    print(f"conversion conformance: {checks - failures} passed, {failures} failed")
    if a.markdown:
        write_markdown(a.markdown, rows)
    return 1 if failures else 0


NOTES = """
### What the table does not show

- **Warnings on converted files.** CII-SR-475 (a warning of the CII artefacts) allows the name
  (BT-123) on only one additional supporting document; UBL documents with several described
  supporting documents keep every description when converted, and so fire it. Nothing is
  dropped to silence a warning.
- **Preceding invoices (BG-3) in CII.** The D16B schema allows one
  `ram:InvoiceReferencedDocument`; EN 16931 allows many. Caravan writes all of them, so a
  converted document with two or more is complete but not schema-valid CII (the Schematron does
  not check this). `Invoice-Max_content.xml` and `CreditNote-Max_content.xml` are such cases.
- **Elements UBL requires but the model has no term for** are written with fixed values:
  `cac:CardAccount/cbc:NetworkID` `NA`, `cac:OrderReference/cbc:ID` `NA` when only BT-14 is
  known, `cac:TaxScheme/cbc:ID` `VAT` (and `TAX` for BT-32). A price allowance with no
  discount is written as `0`, and a zero price discount (BT-147) reads as no discount in
  either syntax.
- **Gross price base quantity in CII.** The model has one BT-149; where a CII document gives
  the gross price a base quantity different from the net price's, the difference is named as
  not carried (CII_business_example_01, CII_example2, CII_example5).
- **Attributes** outside the model (for example a `currencyID` that differs from BT-5 on an
  amount) are not named as not carried; only elements are.
""".splitlines()


def mark(value):
    return "✔" if value else "✘"


def write_markdown(path, rows):
    lines = [
        "# Conformance",
        "",
        "## Conversion (EN 16931-3-2 UBL 2.1 ↔ EN 16931-3-3 CII D16B)",
        "",
        "Every official document of the CEN/TC 434 validation artefacts 1.3.16 (19 UBL and 15 CII",
        "examples, 29 UBL test files) is read, rewritten in its own syntax, converted to the other",
        "syntax and back. Each model must equal the original's model byte for byte (canonical",
        "JSON of `caravan inspect`), and the official compiled Schematron, run on Saxon, must fire",
        "no fatal rule on the rewritten or the converted document.",
        "",
        "Reproduce: `scripts/test` (which runs `scripts/conformance.py`), or",
        "`.venv-en16931/bin/python scripts/conformance.py --caravan .build/debug/caravan "
        "--corpus ../shared/conformance --oracle ../shared/tools/en16931 --markdown docs/CONFORMANCE.md`.",
        "",
        "Columns: *rewrite*, *convert*, *back*: model equal after rewriting, after converting, after",
        "converting back. *fatal*: fatal rules fired on the rewritten / converted file. *warnings*:",
        "warning rules fired on the converted file. *not carried*: elements of the original that",
        "are outside the EN 16931 model, named by `caravan inspect` on standard error. *adapted*:",
        "terms the target syntax cannot carry as they are, changed by the writer as",
        "`Sources/CaravanSyntax/Adaptation.swift` documents and `caravan convert` notes on",
        "standard error; every other term must still be equal (the Swift tests check the adapted",
        "values exactly).",
        "",
        "| file | syntax | rewrite | convert | back | fatal (rewrite / convert) | warnings (convert) | not carried | adapted |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        fatal = f"{', '.join(r.get('same_fatal', [])) or '–'} / {', '.join(r.get('conv_fatal', [])) or '–'}"
        lines.append(
            f"| {r['file']} | {r['syntax']} | {mark(r.get('same_equal'))} | {mark(r.get('conv_equal'))} | "
            f"{mark(r.get('back_equal'))} | {fatal} | {', '.join(r.get('conv_warning', [])) or '–'} | "
            f"{r.get('not_carried', '?')} | {', '.join(r.get('adapted', [])) or '–'} |")
    ok = sum(1 for r in rows if not r["problems"])
    lines += ["", f"**{ok} of {len(rows)} documents pass every check.**", ""]
    lines += NOTES
    # Keep the rule table (scripts/rule-table.py) that follows the conversion section.
    rules = ""
    if os.path.exists(path):
        old = open(path, encoding="utf-8").read()
        if "\n## Rules\n" in old:
            rules = "\n" + old[old.index("\n## Rules\n") + 1:]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + rules)


if __name__ == "__main__":
    sys.exit(main())

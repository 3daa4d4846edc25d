#!/usr/bin/env python3
"""Differential test of `caravan validate` against the official EN 16931 XSLT on Saxon.

Derives invoices from the official documents by seeded mutation (elements deleted, duplicated,
emptied; amounts, dates, codes, currencies and VAT categories changed), validates every file
with both, and compares the findings rule by rule: identical rule ids, flags and firing counts.
Where Saxon stops with a dynamic error (an impossible date, a letter in an amount …), Caravan
must still answer, with at least one fatal CARAVAN-… finding naming the value at fault.

  python scripts/differential.py --caravan .build/release/caravan --corpus ../shared/conformance \
      --oracle ../shared/tools/en16931 [--seed 1] [--count 2000] [--keep DIR] [--json OUT]

Every mutant is named SEED-INDEX-SOURCE, so a failure replays with the same --seed; --only
INDEX rebuilds one mutant. Exit 0 when every comparable file agrees, 1 otherwise.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

from lxml import etree

FOLDERS = ["ubl/examples", "unit/testfiles", "cii/examples"]
AMOUNT_NAMES = {
    "Amount", "BaseAmount", "PriceAmount", "TaxAmount", "TaxableAmount", "LineExtensionAmount",
    "TaxExclusiveAmount", "TaxInclusiveAmount", "AllowanceTotalAmount", "ChargeTotalAmount",
    "PrepaidAmount", "PayableRoundingAmount", "PayableAmount", "ChargeAmount", "ActualAmount",
    "BasisAmount", "CalculatedAmount", "LineTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount",
    "GrandTotalAmount", "TotalPrepaidAmount", "DuePayableAmount", "RoundingAmount",
    "InvoicedQuantity", "CreditedQuantity", "BilledQuantity", "BaseQuantity", "BasisQuantity",
    "Percent", "RateApplicablePercent", "CalculationPercent", "MultiplierFactorNumeric",
}
DATE_NAMES = {"IssueDate", "DueDate", "TaxPointDate", "StartDate", "EndDate", "ActualDeliveryDate",
              "PaymentDueDate", "DateTimeString"}
CODE_NAMES = {"InvoiceTypeCode", "CreditNoteTypeCode", "TypeCode", "DocumentCurrencyCode",
              "TaxCurrencyCode", "InvoiceCurrencyCode", "IdentificationCode", "CountryID",
              "PaymentMeansCode", "AllowanceChargeReasonCode", "ReasonCode", "TaxExemptionReasonCode",
              "ExemptionReasonCode", "DescriptionCode", "DueDateTypeCode", "ID", "CategoryCode"}
CURRENCIES = ["EUR", "SEK", "USD", "NOK", "XXX", "eur", "E U R", ""]
CATEGORIES = ["S", "Z", "E", "AE", "K", "G", "O", "L", "M", "B", "X", ""]
AMOUNTS = ["0", "-1", "1.005", "100.00", "1e3", "12a", "  7 ", "999999999999.99", "0.1", "-0.00"]
DATES = ["2019-02-30", "2019-13-01", "20190101", "2019-01-01", "2020-02-29", "01.01.2019", "x"]
CODES = ["380", "381", "999", "30", "58", "ZZ", "AAA", "1", "", "VATEX-EU-G", "DE", "XX"]


def local(el):
    return etree.QName(el).localname if isinstance(el.tag, str) else None


def mutate(tree, rnd):
    """Applies one to three mutations; returns their descriptions."""
    done = []
    for _ in range(rnd.randint(1, 3)):
        elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
        leaves = [e for e in elements if len(e) == 0]
        kind = rnd.choice(["delete", "duplicate", "empty", "amount", "date", "code",
                           "currency", "category", "amount", "code", "misplace", "extra"])
        if kind == "delete":
            e = rnd.choice(elements)
            e.getparent().remove(e)
        elif kind == "duplicate":
            e = rnd.choice(elements)
            e.addnext(etree.fromstring(etree.tostring(e)))
        elif kind == "misplace":
            # A copy of an element put where the syntax does not expect it.
            e = rnd.choice(elements)
            target = rnd.choice(elements)
            if target is e or e in target.iterancestors():
                continue
            target.append(etree.fromstring(etree.tostring(e)))
            e = target
        elif kind == "extra":
            # An element of the syntax that EN 16931 does not use (the UBL-CR / CII-SR rules).
            root = tree.getroot()
            ns = etree.QName(root).namespace or ""
            if "CrossIndustryInvoice" in ns:
                ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                pool = [x for x in elements if etree.QName(x).namespace == ram and len(x)]
                if not pool:
                    continue
                e = rnd.choice(pool)
                etree.SubElement(e, f"{{{ram}}}{rnd.choice(['Description', 'CopyIndicator', 'LanguageID', 'StatusCode', 'Name'])}").text = "x"
            else:
                cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                e = root
                new = etree.Element(f"{{{cbc}}}{rnd.choice(['UUID', 'CopyIndicator', 'IssueTime', 'LineCountNumeric', 'PricingCurrencyCode'])}")
                new.text = "1"
                root.insert(rnd.randrange(1, max(2, len(root))), new)
        elif kind == "empty":
            e = rnd.choice(leaves)
            e.text = ""
        elif kind == "amount":
            pool = [e for e in leaves if local(e) in AMOUNT_NAMES] or leaves
            e = rnd.choice(pool)
            e.text = rnd.choice(AMOUNTS) if rnd.random() < 0.5 else \
                f"{rnd.uniform(-1000, 100000):.{rnd.choice([0, 1, 2, 2, 3])}f}"
        elif kind == "date":
            pool = [e for e in leaves if local(e) in DATE_NAMES] or leaves
            e = rnd.choice(pool)
            e.text = rnd.choice(DATES)
        elif kind == "code":
            pool = [e for e in leaves if local(e) in CODE_NAMES] or leaves
            e = rnd.choice(pool)
            e.text = rnd.choice(CODES)
        elif kind == "currency":
            pool = [e for e in tree.iter() if isinstance(e.tag, str) and e.get("currencyID") is not None]
            if not pool:
                continue
            e = rnd.choice(pool)
            e.set("currencyID", rnd.choice(CURRENCIES))
        elif kind == "category":
            pool = [e for e in leaves if local(e) in ("ID", "CategoryCode") and
                    local(e.getparent()) in ("TaxCategory", "ClassifiedTaxCategory", "ApplicableTradeTax",
                                             "CategoryTradeTax")]
            if not pool:
                continue
            e = rnd.choice(pool)
            e.text = rnd.choice(CATEGORIES)
        done.append(f"{kind} {tree.getpath(e)}")
    return done


def sources(corpus):
    out = []
    for folder in FOLDERS:
        base = os.path.join(corpus, "en16931", folder)
        for name in sorted(os.listdir(base)):
            if name.lower().endswith(".xml") and os.path.getsize(os.path.join(base, name)) < 1_000_000:
                out.append(os.path.join(base, name))
    return out


def make_mutants(corpus, seed, count, outdir, only=None):
    files = sources(corpus)
    parsed = {f: etree.parse(f) for f in files}
    mutants = {}
    for i in range(count):
        if only is not None and i != only:
            continue
        rnd = random.Random(f"{seed}-{i}")
        src = files[rnd.randrange(len(files))]
        tree = etree.ElementTree(etree.fromstring(etree.tostring(parsed[src])))
        changes = mutate(tree, rnd)
        name = f"{seed}-{i:05d}-{os.path.splitext(os.path.basename(src))[0].replace(' ', '_')}.xml"
        path = os.path.join(outdir, name)
        tree.write(path, xml_declaration=True, encoding="UTF-8")
        mutants[path] = {"source": os.path.relpath(src, corpus), "mutations": changes}
    return mutants


def saxon_counts(oracle, path):
    """Counter of (rule, flag) firings, or the dynamic error text."""
    saved = os.dup(2)  # Saxon prints its dynamic errors on file descriptor 2 itself
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        _, firings = oracle.validate_file(path)
    except Exception as e:  # Saxon stopped: a dynamic error
        return None, str(e).splitlines()[0][:200]
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
    if firings is None:
        return None, "unrecognised root element"
    return Counter(firings), None


def caravan_reports(caravan, files):
    proc = subprocess.run([caravan, "validate", "--format", "json", *files], capture_output=True)
    if proc.returncode not in (0, 1, 2):
        raise RuntimeError(f"caravan validate exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return {r["file"]: r for r in json.loads(proc.stdout)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--caravan", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--only", type=int, help="rebuild and compare only this mutant index")
    ap.add_argument("--keep", help="write the mutants here instead of a temporary folder")
    ap.add_argument("--json", help="write the comparison (per rule and per file) here")
    ap.add_argument("--official", action="store_true", help="also compare the official documents")
    a = ap.parse_args()

    sys.path.insert(0, a.oracle)
    from oracle import Oracle  # the official rules on Saxon
    oracle = Oracle(os.path.join(a.corpus, "en16931", "artefacts"))

    with tempfile.TemporaryDirectory() as tmp:
        outdir = a.keep or tmp
        os.makedirs(outdir, exist_ok=True)
        mutants = make_mutants(a.corpus, a.seed, a.count, outdir, a.only)
        files = list(mutants)
        if a.official:
            files += sources(a.corpus)
        reports = {}
        for start in range(0, len(files), 500):
            reports.update(caravan_reports(a.caravan, files[start:start + 500]))

        agree = disagree = stopped_ok = stopped_bad = 0
        fired_saxon, fired_caravan = Counter(), Counter()
        problems = []
        for path in files:
            expected, error = saxon_counts(oracle, path)
            report = reports.get(path, {})
            got = Counter((f["rule"], f["flag"]) for f in report.get("findings", [])
                          if not f["rule"].startswith("CARAVAN-"))
            caravan_own = [f for f in report.get("findings", []) if f["rule"].startswith("CARAVAN-")]
            fired_caravan.update(r for r, _ in got)
            if expected is None:
                # Saxon stopped; Caravan must still answer with a fatal finding of its own.
                if report.get("error") or any(f["flag"] == "fatal" for f in caravan_own):
                    stopped_ok += 1
                else:
                    stopped_bad += 1
                    problems.append({"file": os.path.basename(path), **mutants.get(path, {}),
                                     "saxon_error": error, "caravan": "no CARAVAN finding"})
                continue
            fired_saxon.update(r for r, _ in expected)
            if expected == got:
                agree += 1
            else:
                disagree += 1
                problems.append({
                    "file": os.path.basename(path), **mutants.get(path, {}),
                    "only_saxon": {f"{r} ({fl})": n for (r, fl), n in (expected - got).items()},
                    "only_caravan": {f"{r} ({fl})": n for (r, fl), n in (got - expected).items()},
                })

    for p in problems[:25]:
        print("DISAGREE", json.dumps(p, ensure_ascii=False), file=sys.stderr)
    print(f"differential (seed {a.seed}, {len(files)} files): {agree} agree, {disagree} disagree; "
          f"Saxon stopped on {stopped_ok + stopped_bad} (Caravan answered with a CARAVAN finding on "
          f"{stopped_ok}, not on {stopped_bad})")
    print(f"{agree + stopped_ok} passed, {disagree + stopped_bad} failed")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"seed": a.seed, "files": len(files), "agree": agree, "disagree": disagree,
                       "stopped_ok": stopped_ok, "stopped_bad": stopped_bad,
                       "fired_by_saxon": sorted(fired_saxon), "fired_by_caravan": sorted(fired_caravan),
                       "problems": problems}, f, indent=1, ensure_ascii=False)
    return 0 if disagree == 0 and stopped_bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

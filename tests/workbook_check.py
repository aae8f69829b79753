#!/usr/bin/python3
"""Compares what ocoplabel's reader gave (tests/reader_dump, JSON lines) with what the workbook's
writer put in (the manifest entry from tests/workbooks.py). Prints one line per mismatch; exit 1 if any.

    workbook_check.py MANIFEST.json FIXTURE DUMP.jsonl
"""
import json
import sys

manifest, name, dump = sys.argv[1:4]
m = json.load(open(manifest, encoding="utf-8"))
entry = m["fixtures"][name] if "fixtures" in m else m
lines = [json.loads(l) for l in open(dump, encoding="utf-8") if l.strip()]
bad = []
if not lines or "refused" in lines[0]:
    print(f"{name}: refused: {lines[0].get('refused') if lines else 'no output'}")
    sys.exit(1)
rows = {l["row"]: l for l in lines[1:]}
# manifests that give the values by field name: headings translated
if "fields" in entry and "headings" in entry:
    to_field = dict(zip(entry["headings"], entry["fields"]))
    for l in rows.values():
        if "values" in l:
            l["values"] = {to_field.get(k, k): v for k, v in l["values"].items()}
if "headings" in entry:
    got = [h for h in lines[0]["header"] if h]
    if got != entry["headings"]:
        bad.append(f"headings {got} != {entry['headings']}")
for want in entry.get("rows", []):
    got = rows.get(want["row"])
    if not got:
        bad.append(f"row {want['row']}: not read")
        continue
    if "error" in got:
        bad.append(f"row {want['row']}: refused: {got['error']['message']}")
        continue
    if got["values"] != want["values"]:
        for k in sorted(set(got["values"]) | set(want["values"])):
            if got["values"].get(k) != want["values"].get(k):
                bad.append(f"row {want['row']} {k}: got {got['values'].get(k)!r} want {want['values'].get(k)!r}")
    if got.get("hidden") != want.get("hidden", False):
        bad.append(f"row {want['row']}: hidden {got.get('hidden')} want {want.get('hidden')}")
for want in entry.get("errors", []):
    got = rows.get(want["row"])
    if not got or "error" not in got:
        bad.append(f"row {want['row']}: not refused ({want['what']})")
        continue
    e = got["error"]
    if e["field"] != want["field"] or not e["message"].startswith(f"cell {want['cell']}: "):
        bad.append(f"row {want['row']}: refused as {e['field']}: {e['message']} (want {want['field']}, cell {want['cell']})")
# no other rows than those named
named = {r["row"] for r in entry.get("rows", [])} | {e["row"] for e in entry.get("errors", [])}
for r in rows:
    if r not in named and "skip_extra" not in entry:
        bad.append(f"row {r}: read, but the manifest has no such row")
for b in bad:
    print(f"{name}: {b}")
sys.exit(1 if bad else 0)

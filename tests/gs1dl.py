#!/usr/bin/env python3
"""The tests' own GS1 Digital Link builder, written apart from the library so
that decoded QR payloads are compared with an independent expectation.

  gs1dl.py [--resolver URL] KEY=VALUE...   the URL of one record
  gs1dl.py --csv FILE.csv [--resolver URL] one URL per row, in row order
"""
import csv
import re
import sys
from urllib.parse import quote


def yymmdd(v):
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v) or None
    if m:
        d, mo, y = m.groups()
    else:
        y, mo, d = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", v).groups()
    return "%02d%02d%02d" % (int(y) % 100, int(mo), int(d))


def enc(v):
    # GS1 Digital Link: only A-Z a-z 0-9 - . _ stay literal ('~' is not in CSET 82)
    return quote(v, safe="").replace("~", "%7E")


def build(f, resolver="https://id.gs1.org"):
    url = resolver.rstrip("/") + "/01/" + f["gtin"].strip().zfill(14)
    for ai, k in (("22", "variant"), ("10", "lot"), ("21", "serial")):
        if f.get(k, "").strip():
            url += "/%s/%s" % (ai, enc(f[k].strip()))
    q = []
    for ai, k in (("11", "production_date"), ("17", "expiry_date")):
        if f.get(k, "").strip():
            q.append("%s=%s" % (ai, yymmdd(f[k].strip())))
    for key, k in (("vt", "growing_area"), ("csdg", "packing_facility")):
        if f.get(k, "").strip():
            q.append("%s=%s" % (key, enc(f[k].strip().upper())))
    return url + ("?" + "&".join(q) if q else "")


def main(argv):
    resolver = "https://id.gs1.org"
    if "--resolver" in argv:
        i = argv.index("--resolver")
        resolver = argv[i + 1]
        del argv[i:i + 2]
    if argv and argv[0] == "--csv":
        for row in csv.DictReader(open(argv[1], encoding="utf-8-sig")):
            print(build(row, resolver))
        return
    print(build(dict(a.split("=", 1) for a in argv), resolver))


if __name__ == "__main__":
    main(sys.argv[1:])

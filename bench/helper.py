#!/usr/bin/env python3
"""Helpers for bench/run (standard library only).

  helper.py measure OUT CMD...     run CMD, write "SECONDS PEAK_RSS_KIB USER SYS"
                                   to OUT
                                   (fallback when GNU time is missing; the
                                   peak RSS is getrusage(RUSAGE_CHILDREN))
  helper.py loop OUT.json N CMD    run the shell command CMD N times, write
                                   mean/stddev/min seconds as hyperfine does
                                   (fallback when hyperfine is missing)
  helper.py check PNG CSV MODE     decode PNG with zbarimg and compare with
                                   the first rows of CSV; MODE 'sheet' wants
                                   24 QR + 24 EAN-13 that are exactly rows
                                   1-24, 'some' wants at least one of each,
                                   all of them from rows 1-24, 'one' wants the
                                   QR and EAN-13 of row 1
  helper.py size PATH              bytes of a file, or of all files in a folder
  helper.py tspl-first JOB OUT     write the settings and the first label (up
                                   to its PRINT) of the TSPL job JOB to OUT
  helper.py tspl-codes JSON CSV    check that the first label of a
                                   tests/tspl_read.py report carries row 1's
                                   QR URL and GTIN as QRCODE and BARCODE
  helper.py report RESULTS.tsv     print the results as Markdown tables
"""
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def measure(out, cmd):
    t0 = time.monotonic()
    rc = subprocess.call(cmd)
    secs = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # ru_maxrss: KiB on Linux
    with open(out, "w") as f:
        f.write("%.2f %d %.2f %.2f\n" % (secs, ru.ru_maxrss, ru.ru_utime, ru.ru_stime))
    return rc


def loop(out, n, cmd):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        rc = subprocess.call(cmd, shell=True)
        times.append(time.perf_counter() - t0)
        if rc != 0:
            sys.exit("command failed (%d): %s" % (rc, cmd))
    res = {"results": [{"command": cmd, "mean": statistics.mean(times),
                        "stddev": statistics.stdev(times) if n > 1 else 0.0,
                        "min": min(times), "max": max(times), "times": times}]}
    with open(out, "w") as f:
        json.dump(res, f)


def first_rows(path, n):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = []
        for row in csv.DictReader(f):
            rows.append(row)
            if len(rows) == n:
                break
    return rows


def check(png, csv_path, mode):
    out = subprocess.run(["zbarimg", "-q", png], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    qr, ean = [], []
    for line in out.splitlines():
        kind, _, data = line.partition(":")
        if kind == "QR-Code":
            qr.append(data)
        elif kind == "EAN-13":
            ean.append(data)
    rows = first_rows(csv_path, 1 if mode == "one" else 24)
    gtins = [r["gtin"] for r in rows]
    urls = [r.get("trace_url", "") for r in rows]
    msg = "%d QR + %d EAN-13 decoded" % (len(qr), len(ean))
    if mode in ("sheet", "one"):
        ok = sorted(ean) == sorted(gtins) and sorted(qr) == sorted(urls)
        what = "rows 1-%d" % len(rows) if len(rows) > 1 else "row 1"
        msg += ", EANs and QR URLs %s %s" % ("are exactly" if ok else "do NOT match", what)
    else:
        ok = bool(qr) and bool(ean) and set(ean) <= set(gtins) and set(qr) <= set(urls)
        msg += ", EANs %s GTINs of rows 1-24, QR URLs %s their trace_url" % (
            "are" if set(ean) <= set(gtins) else "are NOT all",
            "are" if set(qr) <= set(urls) else "are NOT all")
        if ean:
            msg += " (%d of 24 EANs)" % len(set(ean) & set(gtins))
    print(("ok: " if ok else "FAILED: ") + msg)
    return 0 if ok else 1


def size(path):
    if os.path.isdir(path):
        total = 0
        for d, _, files in os.walk(path):
            total += sum(os.path.getsize(os.path.join(d, f)) for f in files)
        return total
    return os.path.getsize(path)


def tspl_first(job, out):
    """Copy JOB up to the end of its first PRINT line, skipping BITMAP data by
    its declared size (the data is binary and may hold any byte)."""
    with open(job, "rb") as f:
        data = f.read()
    i = 0
    while i < len(data):
        j = data.find(b"\n", i)
        if j < 0:
            break
        line = data[i:j + 1]
        if line.startswith(b"BITMAP "):
            head = line.split(b",", 5)
            wbytes, h = int(head[2]), int(head[3])
            start = i + len(b",".join(head[:5])) + 1
            # the command ends with CR LF after the data
            k = data.find(b"\n", start + wbytes * h)
            j = k if k >= 0 else len(data) - 1
        elif line.startswith(b"PRINT"):
            with open(out, "wb") as f:
                f.write(data[:j + 1])
            return 0
        i = j + 1
    print("FAILED: no PRINT command in %s" % job)
    return 1


def tspl_codes(report_json, csv_path):
    with open(report_json) as f:
        lab = json.load(f)["labels"][0]
    row = first_rows(csv_path, 1)[0]
    qr = [q["data"] for q in lab["qrcodes"]]
    ean = [b["data"] for b in lab["barcodes"] if b["type"] == "EAN13"]
    ok = qr == [row.get("trace_url", "")] and len(ean) == 1 and row["gtin"].startswith(ean[0])
    print(("ok: " if ok else "FAILED: ") + "label 1 has QRCODE %s and BARCODE \"EAN13\" %s, row 1 has %s and %s"
          % (qr, ean, row.get("trace_url", ""), row["gtin"]))
    return 0 if ok else 1


def fmt(x, digits=1):
    return "%.*f" % (digits, x)


def report(tsv):
    """RESULTS.tsv lines: kind<TAB>key<TAB>fields...
    run   ID  LABEL  LABELS  SECONDS  RSS_KIB  BYTES  ROWS  ALL_SECONDS  CPU_SECONDS
    lat   ID  LABEL  JSON
    info  KEY VALUE
    check ID  TEXT
    """
    runs, lats, info, checks = [], [], [], []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "run":
                runs.append({"id": p[1], "label": p[2], "labels": int(p[3]), "s": float(p[4]),
                             "rss": int(p[5]) * 1024 / 1e6, "mb": int(p[6]) / 1e6,
                             "rows": p[7] if len(p) > 7 else "",
                             "times": p[8] if len(p) > 8 else "",
                             "cpu": float(p[9]) if len(p) > 9 else float("nan")})
            elif p[0] == "lat":
                lats.append((p[1], p[2], p[3]))
            elif p[0] == "info":
                info.append((p[1], p[2]))
            elif p[0] == "check":
                checks.append((p[1], p[2]))

    def lps(r):
        return r["labels"] / r["s"] if r["s"] > 0 else float("inf")

    print("## ocoplabel benchmark")
    print()
    for k, v in info:
        print("- %s: %s" % (k, v))
    print()
    print("| run | labels | seconds | labels/s | peak RSS MB | output MB | CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print("| %s | %d | %.2f | %s | %s | %s | %.2f |" % (
            r["label"], r["labels"], r["s"], fmt(lps(r)), fmt(r["rss"]), fmt(r["mb"], 2),
            r["cpu"]))
    print()
    repeated = [r for r in runs if len(r["times"].split()) > 1]
    if repeated:
        print("Repeated runs (the table shows the median run; all times in seconds):")
        print()
        for r in repeated:
            print("- %s: %s" % (r["label"], ", ".join(r["times"].split())))
        print()

    by_id = {r["id"]: r for r in runs}
    gl = by_id.get("glabels-1k")
    if gl:
        for rid in ("pdf-default-1k", "pdf-jobs1-1k", "pdf-1k"):
            o = by_id.get(rid)
            if o:
                print("ocoplabel / gLabels labels per second on the same 1,000 rows "
                      "(%s): **%.1f x** (%.1f vs %.1f labels/s); per CPU second: %.1f x "
                      "(%.1f vs %.1f labels per CPU s)" % (
                          o["label"], lps(o) / lps(gl), lps(o), lps(gl),
                          (o["labels"] / o["cpu"]) / (gl["labels"] / gl["cpu"]),
                          o["labels"] / o["cpu"], gl["labels"] / gl["cpu"]))
        print()

    # Scaling: one line per ocoplabel PDF variant and size.
    variants = {}
    for r in runs:
        if r["rows"] and not r["id"].startswith("glabels") and not r["id"].startswith("png") \
                and not r["id"].startswith("roll"):
            variants.setdefault(r["id"].rsplit("-", 1)[0], []).append(r)
    if variants:
        print("Scaling (A4 3x8 PDF):")
        print()
        print("| variant | rows | ms per label | CPU ms per label | peak RSS MB |")
        print("|---|---:|---:|---:|---:|")
        for v, rs in variants.items():
            for r in rs:
                print("| %s | %s | %.2f | %.2f | %s |" % (
                    v, r["rows"], 1000 * r["s"] / r["labels"], 1000 * r["cpu"] / r["labels"],
                    fmt(r["rss"])))
        for v, rs in variants.items():
            if len(rs) >= 2:
                a, b = rs[0], rs[-1]
                tpl = (b["s"] / b["labels"]) / (a["s"] / a["labels"])
                cpl = (b["cpu"] / b["labels"]) / (a["cpu"] / a["labels"])
                growth = b["rss"] / a["rss"] if a["rss"] else float("nan")
                verdict = "flat" if growth < 1.25 else "grows"
                print()
                print("- %s: from %s to %s rows, time per label x%.2f (CPU time per label "
                      "x%.2f); peak RSS %s (x%.2f, %s MB -> %s MB)" % (
                          v, a["rows"], b["rows"], tpl, cpl, verdict, growth,
                          fmt(a["rss"]), fmt(b["rss"])))
        print()

    roll_pdf = by_id.get("roll-pdf-10k")
    rolls = [by_id[k] for k in ("roll-tspl-10k", "roll-tspl-codes-10k") if k in by_id]
    if roll_pdf and rolls:
        print("Thermal roll (thermal-60x40, the same 10,000 rows, this run):")
        print()
        print("| job | labels/s | labels/s vs PDF roll | bytes per label | CPU ms per label |")
        print("|---|---:|---:|---:|---:|")
        for r in [roll_pdf] + rolls:
            print("| %s | %.1f | %.2f x | %d | %.2f |" % (
                r["label"], lps(r), lps(r) / lps(roll_pdf), round(r["mb"] * 1e6 / r["labels"]),
                1000 * r["cpu"] / r["labels"]))
        print()

    if lats:
        print("Single label `ocoplabel render` (process start to file written):")
        print()
        print("| output | runs | mean ms | stddev ms | min ms |")
        print("|---|---:|---:|---:|---:|")
        for _, label, path in lats:
            with open(path) as f:
                r = json.load(f)["results"][0]
            n = len(r.get("times", [])) or "?"
            print("| %s | %s | %.1f | %.1f | %.1f |" % (label, n, 1000 * r["mean"],
                                                    1000 * (r.get("stddev") or 0.0),
                                                    1000 * r["min"]))
        print()

    if checks:
        print("Decoding checks (page 1 at 300 dpi gray, zbarimg):")
        print()
        for rid, text in checks:
            print("- %s: %s" % (rid, text))
        print()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "measure":
        sys.exit(measure(sys.argv[2], sys.argv[3:]))
    if cmd == "loop":
        loop(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "check":
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
    elif cmd == "size":
        print(size(sys.argv[2]))
    elif cmd == "tspl-first":
        sys.exit(tspl_first(sys.argv[2], sys.argv[3]))
    elif cmd == "tspl-codes":
        sys.exit(tspl_codes(sys.argv[2], sys.argv[3]))
    elif cmd == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

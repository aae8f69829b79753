#!/usr/bin/python3
"""bench/parts.py: what each kind of element costs per label, on one output path.

Usage: bench/parts.py [--bin PATH] [--template NAME] [--rows N] [--repeat N]
                      [--format pdf|tspl|zpl|png] [--sheet NAME] [--dir DIR]

From one template (default small-70x37) it writes templates that keep the
label and only the elements of one kind (text, qr, ean13, the marks: mark,
stars and lines; and none), runs `ocoplabel batch` on the same generated rows
(bench/gen-products.py --urls) with each, and prints the CPU time per label
of each kind above the empty label (reading the rows, the records, the file):
where a label's time goes, by what is on it. The sum of the parts is beside
the whole template's time, measured in the same rounds (median of --repeat
rounds, CPU time: user + system of the process). Not part of the test suite.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from speed import opt, run  # bench/speed.py: options, and one timed run (wall, RSS, stdout, CPU)

here = os.path.dirname(os.path.abspath(__file__))
KINDS = [("none", []), ("text", ["text"]), ("qr", ["qr"]), ("ean13", ["ean13"]),
         ("marks", ["mark", "stars", "line"]), ("datamatrix", ["datamatrix"])]


def main():
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print(__doc__)
        return 0
    binp = os.path.abspath(shutil.which(opt(args, "--bin", "ocoplabel")) or "ocoplabel")
    name = opt(args, "--template", "small-70x37")
    rows = int(opt(args, "--rows", "3000"))
    repeat = int(opt(args, "--repeat", "3"))
    fmt = opt(args, "--format", "pdf")
    sheet = opt(args, "--sheet", "a4-3x8" if name == "small-70x37" and fmt == "pdf" else None)
    work = opt(args, "--dir", None)
    if args:
        sys.exit("bench/parts.py: unknown arguments %s" % args)
    tpath = name if os.path.exists(name) else os.path.join(os.environ.get("OCOPLABEL_TEMPLATE_PATH", os.path.join(here, "..", "templates")), name + ".ini")
    text = open(tpath, encoding="utf-8").read()
    parts = re.split(r"(?m)^(?=\[)", text)
    head = "".join(p for p in parts if not p.startswith("[element"))
    elems = [p for p in parts if p.startswith("[element")]

    def kind(p):
        m = re.search(r"(?m)^type\s*=\s*(\w+)", p)
        return m.group(1) if m else "text"

    d = work or tempfile.mkdtemp(prefix="ocop-parts-")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "rows.csv")
    subprocess.run([sys.executable, os.path.join(here, "gen-products.py"), str(rows), src, "--urls"], check=True,
                   stdout=subprocess.DEVNULL)
    cases = [("whole", tpath)]
    for k, types in KINDS:
        chosen = [p for p in elems if kind(p) in types]
        if types and not chosen:
            continue
        f = os.path.join(d, "t-%s.ini" % k)
        open(f, "w", encoding="utf-8").write(head + "".join(chosen))
        cases.append((k, f))
    out = os.path.join(d, "out." + fmt) if fmt != "png" else os.path.join(d, "png")
    times = {k: [] for k, _ in cases}
    for _ in range(repeat):
        for k, f in cases:
            argv = [binp, "batch", src, "-q", "-t", f, "-o", out, "--jobs", "1"]
            if fmt == "png":
                argv += ["--format", "png"]
            if sheet:
                argv += ["--sheet", sheet]
            times[k].append(run(argv)[3])
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["none"]
    print("%s, %s, %d rows, CPU time per label (median of %d rounds)" % (name, fmt.upper(), rows, repeat))
    print("| part | µs per label |")
    print("|---|---|")
    print("| the empty label (reading, records, the file) | %.0f |" % (base / rows * 1e6))
    total = base
    for k, _ in cases:
        if k in ("whole", "none"):
            continue
        print("| %s | %.0f |" % (k, (med[k] - base) / rows * 1e6))
        total += med[k] - base
    print("| sum of the parts | %.0f |" % (total / rows * 1e6))
    print("| the whole template | %.0f |" % (med["whole"] / rows * 1e6))
    if not work:
        shutil.rmtree(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())

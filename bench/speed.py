#!/usr/bin/python3
"""bench/speed.py: ocoplabel against its floor, the QR code alone (issue 30).

Usage: bench/speed.py [--bin PATH] [--base PATH] [--rows N] [--roll-rows N] [--repeat N]
                      [--big N[,N...]] [--dir DIR] [--out FILE]

In one run, on the same generated rows (bench/gen-products.py --urls):
  floor     bench/qrfloor.c, built here with cc and pkg-config libqrencode:
            QRcode_encodeString8bit of every row's trace_url, version 0,
            error correction M, as src/core/symbols.c does (encoding only)
  jobs1     ocoplabel batch ROWS --sheet a4-3x8 -o out.pdf -q --jobs 1
            (small-70x37 on A4 3x8, PDF), the whole process
  jobs2     the same with --jobs 2
  floor2    two floors at once, each on every row: how much of two cores this
            machine gives to two busy processes right now (2.00× on two free
            cores; less when the host gives a core to another guest), against
            which the --jobs 2 speed-up is also read
  roll-pdf  ocoplabel batch ROLL -t thermal-60x40 -o roll.pdf --jobs 1
  roll-tspl ocoplabel batch ROLL -t thermal-60x40 -o roll.tspl --jobs 1 (1-bit raster)
  roll-tspl2 the same with --jobs 2
  shards2   --shard 1/2 and --shard 2/2 of ROWS (PDF, --jobs 1) at once: what
            two processes splitting the rows get (each pays a run's start and
            its caches filled); roll-shards2 the same for the TSPL roll
  shards-seq the two parts one after the other: their CPU against the whole
            run's (what splitting costs) and the second part's against the first's
  twins     two whole --jobs 1 runs of ROWS at once, each to its own file: the
            ceiling of --jobs 2 on two free cores for this very work (a label,
            unlike the floor, does not stay in a core's caches; twice the work
            in the time of the pair, no split, nothing paid once for both);
            roll-twins the same for the TSPL roll
  roll-half the first half of the roll, --jobs 1 and --jobs 2 (roll-half2):
            what the roll's second half costs alone (the whole's time less the
            half's) shows --jobs 2 on labels, apart from what a run pays once
            (its start, its caches filled, its end)
Wall time and CPU time (user + system of the process; the floor's own
CLOCK_PROCESS_CPUTIME_ID) are both kept: on a shared machine the CPU-time ratios
move less. Each round runs them one after the other (floor and ocoplabel side by side, so a
load that comes and goes hits both); --repeat rounds (default 3); the table shows
medians of the per-round ratios. Then each --big size (default 100000) runs once
with --jobs 1 for its peak RSS (os.wait4's ru_maxrss of the child).
--base PATH: a second binary (say the build before a change) run in the same rounds
on the same rows: the table gets a column for it (its --big runs too).
gLabels: a column only when glabels-3-batch is installed (bench/run measures it).
Not part of the test suite: timings belong here, never in tests.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))


def run(argv, env=None, capture=False):
    """(wall seconds, peak RSS in MB (10^6 bytes), stdout, CPU seconds) of one run; raises when it fails."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    out = p.stdout.read().decode() if capture else ""
    _, status, ru = os.wait4(p.pid, 0)
    t = time.monotonic() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), code, err[-500:]))
    return t, ru.ru_maxrss * 1024 / 1e6, out, ru.ru_utime + ru.ru_stime


def floors(floor, csv):
    """two floors at once on the same rows: (their mean encoding seconds, their mean CPU seconds)"""
    ps = [subprocess.Popen([floor, csv, "M"], stdout=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate()[0].decode().split() for p in ps]
    if any(p.returncode != 0 for p in ps):
        raise RuntimeError("qrfloor failed")
    return statistics.mean(float(o[1]) for o in outs), statistics.mean(float(o[4]) for o in outs)


def together(argvs):
    """the runs started at once: (wall seconds until the last ends, their CPU seconds each)"""
    t0 = time.monotonic()
    ps = [subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for a in argvs]
    cpus = []
    for p, a in zip(ps, argvs):
        err = p.stderr.read().decode("utf-8", "replace")
        p.stderr.close()
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("%s failed: %s" % (" ".join(a), err[-500:]))
        cpus.append(ru.ru_utime + ru.ru_stime)
    return time.monotonic() - t0, cpus


def opt(args, name, default):
    if name in args:
        i = args.index(name)
        v = args[i + 1]
        del args[i:i + 2]
        return v
    return default


def main():
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print(__doc__)
        return 0
    binp = opt(args, "--bin", os.environ.get("OCOPLABEL_BIN", "ocoplabel"))
    basep = opt(args, "--base", None)
    rows = int(opt(args, "--rows", "10000"))
    roll_rows = int(opt(args, "--roll-rows", "2000"))
    repeat = int(opt(args, "--repeat", "3"))
    big = [int(x) for x in opt(args, "--big", "100000").split(",") if x]
    work = opt(args, "--dir", None)
    out = opt(args, "--out", None)
    if args:
        sys.exit("bench/speed.py: unknown arguments %s" % args)
    binp = os.path.abspath(shutil.which(binp) or binp)
    bins = [("ocoplabel", binp)]
    if basep:
        bins.append(("base", os.path.abspath(shutil.which(basep) or basep)))
    keep = work is not None
    work = work or tempfile.mkdtemp(prefix="ocoplabel-speed.")
    os.makedirs(work, exist_ok=True)
    log = lambda m: print("bench/speed: " + m, file=sys.stderr, flush=True)

    floor = os.path.join(work, "qrfloor")
    cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "libqrencode"], check=True,
                            capture_output=True, text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-std=c11", os.path.join(here, "qrfloor.c"), "-o", floor] + cflags, check=True)

    def products(n, name):
        f = os.path.join(work, name)
        if not os.path.exists(f):
            subprocess.run([sys.executable, os.path.join(here, "gen-products.py"), str(n), f, "--urls"], check=True)
        return f

    csv = products(rows, "rows-%d.csv" % rows)
    roll = products(roll_rows, "roll-%d.csv" % roll_rows)
    half_rows = roll_rows // 2
    half = os.path.join(work, "roll-half-%d.csv" % half_rows)
    with open(roll, encoding="utf-8") as src, open(half, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > half_rows:
                break
            dst.write(line)
    warm = os.path.join(work, "warm.csv")
    with open(csv, encoding="utf-8") as src, open(warm, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > 48:
                break
            dst.write(line)
    o = lambda name: os.path.join(work, name)

    def batch(b, src, *extra):
        return [b, "batch", src, "-q"] + list(extra)

    cases = [("floor", "", rows, lambda b: [floor, csv, "M"]), ("floor2", "", rows, None)]
    for who, b in bins:
        run(batch(b, warm, "--sheet", "a4-3x8", "-o", o("warm.pdf")))
        cases += [
            ("jobs1", who, rows, lambda b: batch(b, csv, "--sheet", "a4-3x8", "-o", o("sheet.pdf"), "--jobs", "1")),
            ("jobs2", who, rows, lambda b: batch(b, csv, "--sheet", "a4-3x8", "-o", o("sheet2.pdf"), "--jobs", "2")),
            ("roll-pdf", who, roll_rows, lambda b: batch(b, roll, "-t", "thermal-60x40", "-o", o("roll.pdf"), "--jobs", "1")),
            ("roll-tspl", who, roll_rows, lambda b: batch(b, roll, "-t", "thermal-60x40", "-o", o("roll.tspl"), "--jobs", "1")),
            ("roll-tspl2", who, roll_rows, lambda b: batch(b, roll, "-t", "thermal-60x40", "-o", o("roll2.tspl"), "--jobs", "2")),
            ("shards2", who, rows, lambda b: [batch(b, csv, "--sheet", "a4-3x8", "-o", o("part%d.pdf" % k), "--jobs", "1",
                                                    "--shard", "%d/2" % k) for k in (1, 2)]),
            ("shards-seq", who, rows, lambda b: [batch(b, csv, "--sheet", "a4-3x8", "-o", o("part%d.pdf" % k), "--jobs",
                                                       "1", "--shard", "%d/2" % k) for k in (1, 2)]),
            ("roll-shards2", who, roll_rows, lambda b: [batch(b, roll, "-t", "thermal-60x40", "-o", o("roll%d.tspl" % k),
                                                              "--jobs", "1", "--shard", "%d/2" % k) for k in (1, 2)]),
            ("twins", who, rows, lambda b: [batch(b, csv, "--sheet", "a4-3x8", "-o", o("twin%d.pdf" % k), "--jobs", "1")
                                            for k in (1, 2)]),
            ("roll-twins", who, roll_rows, lambda b: [batch(b, roll, "-t", "thermal-60x40", "-o", o("twin%d.tspl" % k),
                                                            "--jobs", "1") for k in (1, 2)]),
            ("roll-half", who, half_rows, lambda b: batch(b, half, "-t", "thermal-60x40", "-o", o("half.tspl"), "--jobs", "1")),
            ("roll-half2", who, half_rows, lambda b: batch(b, half, "-t", "thermal-60x40", "-o", o("half2.tspl"), "--jobs",
                                                           "2")),
        ]
    path = dict(bins)
    res = {(c[0], c[1]): [] for c in cases}
    rss, cpu, parts = {}, {}, {}
    for r in range(repeat):
        for name, who, n, argv in cases:
            if name == "floor2":
                t, c = floors(floor, csv)
                res[name, who].append(t / n)
                cpu.setdefault((name, who), []).append(c / n)
                log("round %d %-9s %-9s %7.1f us/code, each of two at once" % (r + 1, name, who, t / n * 1e6))
                continue
            if name in ("shards2", "roll-shards2", "shards-seq", "twins", "roll-twins"):
                if name == "shards-seq":
                    done = [run(a) for a in argv(path.get(who))]
                    t, cs = sum(d[0] for d in done), [d[3] for d in done]
                else:
                    t, cs = together(argv(path.get(who)))
                res[name, who].append(t / n)
                cpu.setdefault((name, who), []).append(sum(cs) / n)
                parts.setdefault((name, who), []).append(cs[1] / cs[0])
                log("round %d %-9s %-9s %7.1f us/label, both %s" % (r + 1, name, who, t / n * 1e6,
                                                                     "runs" if "twins" in name else "parts"))
                continue
            t, m, text, c = run(argv(path.get(who)), capture=(name == "floor"))
            if name == "floor":
                t, c = float(text.split()[1]), float(text.split()[4])  # encoding only, reading the file excluded
            res[name, who].append(t / n)
            cpu.setdefault((name, who), []).append(c / n)
            rss[name, who] = max(rss.get((name, who), 0), m)
            log("round %d %-9s %-9s %7.1f us/label  %6.1f MB" % (r + 1, name, who, t / n * 1e6, m))
    ratio = lambda a, b: statistics.median(x / y for x, y in zip(res[a], res[b]))
    med = lambda a: statistics.median(res[a])
    F = ("floor", "")
    lines = []
    p = lines.append
    load = os.getloadavg()
    p("bench/speed.py: %s, %d rows (roll %d), %d rounds, %d CPUs, load %.2f %.2f %.2f at the end"
      % (time.strftime("%Y-%m-%d %H:%M"), rows, roll_rows, repeat, os.cpu_count(), *load))
    if basep:
        p("")
        p("ocoplabel: %s; base: %s" % (binp, path["base"]))
    p("")
    whos = [w for w, _ in bins]
    p("| measure | " + " | ".join(whos) + " |")
    p("|---|" + "---|" * len(whos))
    row = lambda label, f: p("| %s | %s |" % (label, " | ".join(f(w) for w in whos)))
    row("QR floor (libqrencode alone), µs/code", lambda w: "%.0f" % (med(F) * 1e6))
    row("PDF a4-3x8 --jobs 1, labels/s", lambda w: "%.0f (%.0f µs/label)" % (1 / med(("jobs1", w)), med(("jobs1", w)) * 1e6))
    row("ratio to the QR floor (same round, median)", lambda w: "%.2f×" % ratio(("jobs1", w), F))
    row("ratio to the QR floor by CPU time (user + system)",
        lambda w: "%.2f×" % statistics.median(x / y for x, y in zip(cpu["jobs1", w], cpu[F])))
    row("--jobs 2 speed-up", lambda w: "%.2f×" % ratio(("jobs1", w), ("jobs2", w)))
    F2 = ("floor2", "")
    machine = [2 * x / y for x, y in zip(res[F], res[F2])]
    row("this machine's two cores: two floors at once, speed-up", lambda w: "%.2f×" % statistics.median(machine))
    row("--jobs 2 speed-up ÷ the machine's (same round, median)", lambda w: "%.2f" % statistics.median(
        x / y / m for x, y, m in zip(res["jobs1", w], res["jobs2", w], machine)))
    row("roll thermal-60x40 PDF, labels/s", lambda w: "%.0f" % (1 / med(("roll-pdf", w))))
    row("roll thermal-60x40 TSPL (1-bit), labels/s", lambda w: "%.0f" % (1 / med(("roll-tspl", w))))
    row("1-bit/PDF time ratio (TSPL ÷ PDF, same roll)", lambda w: "%.2f×" % ratio(("roll-tspl", w), ("roll-pdf", w)))
    row("1-bit/PDF ratio by CPU time", lambda w: "%.2f×" % statistics.median(
        x / y for x, y in zip(cpu["roll-tspl", w], cpu["roll-pdf", w])))
    row("roll TSPL --jobs 2 speed-up (÷ the machine's)", lambda w: "%.2f× (%.2f)" % (
        ratio(("roll-tspl", w), ("roll-tspl2", w)),
        statistics.median(x / y / m for x, y, m in zip(res["roll-tspl", w], res["roll-tspl2", w], machine))))
    row("two --shard halves at once, one job each: speed-up", lambda w: "%.2f×" % ratio(("jobs1", w), ("shards2", w)))
    row("--jobs 2 speed-up ÷ the halves' at once (same round, median)", lambda w: "%.2f" % ratio(("shards2", w), ("jobs2", w)))
    row("roll TSPL: two --shard halves at once, speed-up; --jobs 2 ÷ it", lambda w: "%.2f×; %.2f" % (
        ratio(("roll-tspl", w), ("roll-shards2", w)), ratio(("roll-shards2", w), ("roll-tspl2", w))))
    row("two whole runs at once (PDF, one job each): speed-up; --jobs 2 ÷ it", lambda w: "%.2f×; %.2f" % (
        2 * ratio(("jobs1", w), ("twins", w)), ratio(("twins", w), ("jobs2", w)) / 2))
    row("roll TSPL: two whole runs at once, speed-up; --jobs 2 ÷ it", lambda w: "%.2f×; %.2f" % (
        2 * ratio(("roll-tspl", w), ("roll-twins", w)), ratio(("roll-twins", w), ("roll-tspl2", w)) / 2))
    # the roll's second half: the whole run's time less the half run's (per round), so what a run pays once cancels
    second = lambda w, a, b: [x * roll_rows - y * half_rows for x, y in zip(res[a, w], res[b, w])]
    row("roll TSPL, its second %d labels alone: --jobs 2 speed-up" % (roll_rows - half_rows), lambda w: "%.2f×" % (
        statistics.median(x / y for x, y in zip(second(w, "roll-tspl", "roll-half"), second(w, "roll-tspl2", "roll-half2")))))
    row("roll TSPL: what a run pays once, --jobs 1; --jobs 2 (ms)", lambda w: "%.0f; %.0f" % tuple(
        statistics.median(y * half_rows - (x * roll_rows - y * half_rows) * half_rows / (roll_rows - half_rows)
                          for x, y in zip(res[a, w], res[b, w])) * 1e3
        for a, b in (("roll-tspl", "roll-half"), ("roll-tspl2", "roll-half2"))))
    row("--shard 1/2 then 2/2: CPU ÷ the whole run's; part 2 ÷ part 1", lambda w: "%.2f×; %.2f×" % (
        statistics.median(x / y for x, y in zip(cpu["shards-seq", w], cpu["jobs1", w])),
        statistics.median(parts["shards-seq", w])))
    row("peak RSS, %d rows --jobs 1" % rows, lambda w: "%.0f MB" % rss[("jobs1", w)])
    row("gLabels", lambda w: "installed: see bench/run" if shutil.which("glabels-3-batch")
        else "not installed (no glabels-3-batch): no column")
    for n in big:
        f = products(n, "big-%d.csv" % n)
        got = {}
        for who, b in bins:
            log("%d rows, %s, --jobs 1, once" % (n, who))
            t, m, _, _ = run(batch(b, f, "--sheet", "a4-3x8", "-o", o("big.pdf"), "--jobs", "1"))
            os.unlink(o("big.pdf"))
            got[who] = "%.0f s, %.0f/s, %.0f MB" % (t, n / t, m)
        row("%s rows --jobs 1: seconds, labels/s, peak RSS" % f"{n:,}", lambda w: got[w])
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

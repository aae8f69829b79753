#!/usr/bin/python3
"""A small reader of TSPL/TSPL2 print jobs, for the tests (there is no independent TSPL renderer).

Written from the TSPL2 programming manual, not from ocoplabel's writer: it knows the standard
commands only and refuses anything else, so a job with a vendor command fails the tests.

    tspl_read.py JOB --dpi N --out-dir DIR

rasterises each printed image (BITMAP: a 0 bit prints; BAR; BOX) into DIR/label-0001.pbm, ...
(black = printed dots) and prints one JSON object: the settings, and per label its file,
its copies, and the QRCODE and BARCODE commands it carries (the printer draws those; they are
reported, not rasterised). Errors (unknown command, malformed or out-of-range parameters, a
BITMAP running past the end of the job, ink outside the label) go to stderr with the byte
offset; exit status 1.
"""
import argparse
import json
import os
import re
import sys

SETTINGS = {"SIZE", "GAP", "BLINE", "OFFSET", "SPEED", "DENSITY", "DIRECTION", "REFERENCE", "SHIFT",
            "CODEPAGE", "SET", "HOME", "FORMFEED", "FEED", "SOUND", "EOP"}


class JobError(Exception):
    pass


def mm_value(text, dpmm, at):
    """'50 mm' -> mm; '2' (inches) -> mm; '40 dot' -> mm."""
    t = text.strip()
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(mm|dot)?", t)
    if not m:
        raise JobError(f"byte {at}: '{t}' is not a length")
    v = float(m.group(1))
    return v if m.group(2) == "mm" else v / dpmm if m.group(2) == "dot" else v * 25.4


def ints(args, n, at, name):
    if len(args) != n or not all(re.fullmatch(r"-?\d+", a.strip()) for a in args):
        raise JobError(f"byte {at}: {name} needs {n} whole numbers, got '{','.join(args)}'")
    return [int(a) for a in args]


def quoted(arg, at, name):
    a = arg.strip()
    if len(a) < 2 or a[0] != '"' or a[-1] != '"':
        raise JobError(f"byte {at}: {name}: '{a}' is not a quoted string")
    return a[1:-1]


def read(job, dpi):
    dpmm = {203: 8, 300: 12, 600: 24}.get(dpi)
    if not dpmm:
        raise JobError(f"dpi {dpi}: TSPL printers have 203, 300 or 600 dpi")
    info = {"dpi": dpi, "size_mm": None, "gap_mm": None, "bline_mm": None, "density": None, "speed": None,
            "direction": None, "reference": [0, 0], "labels": [], "commands": []}
    img = None
    w = h = 0
    cur = {"bitmaps": 0, "bars": 0, "qrcodes": [], "barcodes": []}
    ref = [0, 0]

    def need_image(at):
        if img is None:
            raise JobError(f"byte {at}: drawing before SIZE")

    def ink(x, y, at, what):
        if not (0 <= x < w and 0 <= y < h):
            raise JobError(f"byte {at}: {what} puts ink at dot ({x},{y}), outside the {w} x {h} dot label")
        img[y][x] = 1

    i = 0
    while i < len(job):
        if job[i] in b"\r\n":
            i += 1
            continue
        at = i
        m = re.match(rb"([A-Za-z]+)[ ]?", job[i:])
        if not m:
            raise JobError(f"byte {at}: not a command: {job[i:i + 20]!r}")
        name = m.group(1).decode().upper()
        info["commands"].append(name)
        if name == "BITMAP":
            hm = re.match(rb"BITMAP\s*(-?\d+),(-?\d+),(\d+),(\d+),(\d+),", job[i:], re.I)
            if not hm:
                raise JobError(f"byte {at}: BITMAP needs x,y,width,height,mode,data")
            x, y, wb, hh, mode = map(int, hm.groups())
            if mode not in (0, 1, 2):
                raise JobError(f"byte {at}: BITMAP mode {mode} is not 0 (overwrite), 1 (OR) or 2 (XOR)")
            need_image(at)
            start = i + hm.end()
            end = start + wb * hh
            if end > len(job):
                raise JobError(f"byte {at}: BITMAP data of {wb * hh} bytes runs past the end of the job")
            data = job[start:end]
            for r in range(hh):
                for c in range(wb):
                    byte = data[r * wb + c]
                    for bit in range(8):
                        black = not (byte >> (7 - bit)) & 1  # TSPL: a 0 bit is a printed dot
                        px, py = x + ref[0] + c * 8 + bit, y + ref[1] + r
                        if mode == 0:
                            if black:
                                ink(px, py, at, "BITMAP")
                            elif 0 <= px < w and 0 <= py < h:
                                img[py][px] = 0
                        elif black:
                            if mode == 1:
                                ink(px, py, at, "BITMAP")
                            else:
                                if not (0 <= px < w and 0 <= py < h):
                                    raise JobError(f"byte {at}: BITMAP puts ink outside the label")
                                img[py][px] ^= 1
            cur["bitmaps"] += 1
            i = end
            continue
        nl = job.find(b"\n", i)
        line = job[i:nl if nl >= 0 else len(job)].rstrip(b"\r").decode("latin-1")
        i = nl + 1 if nl >= 0 else len(job)
        rest = line[len(name):].strip()
        # commas split the parameters, except inside a quoted string
        args = re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', rest) if rest else []
        if name == "SIZE":
            if len(args) != 2:
                raise JobError(f"byte {at}: SIZE needs width,height")
            info["size_mm"] = [mm_value(a, dpmm, at) for a in args]
            w, h = (round(v * dpmm) for v in info["size_mm"])
        elif name in ("GAP", "BLINE"):
            if len(args) != 2:
                raise JobError(f"byte {at}: {name} needs m,n")
            info["gap_mm" if name == "GAP" else "bline_mm"] = [mm_value(a, dpmm, at) for a in args]
        elif name == "DENSITY":
            (d,) = ints(args, 1, at, name)
            if not 0 <= d <= 15:
                raise JobError(f"byte {at}: DENSITY {d} is out of range (0 to 15)")
            info["density"] = d
        elif name == "SPEED":
            if len(args) != 1 or not re.fullmatch(r"\d+(\.\d+)?", args[0].strip()):
                raise JobError(f"byte {at}: SPEED needs a number")
            info["speed"] = float(args[0])
        elif name == "DIRECTION":
            v = ints(args, len(args), at, name) if args else []
            if not 1 <= len(v) <= 2 or any(n not in (0, 1) for n in v):
                raise JobError(f"byte {at}: DIRECTION needs 0 or 1 (and a mirror 0 or 1)")
            info["direction"] = v[0]
        elif name == "REFERENCE":
            ref = ints(args, 2, at, name)
            info["reference"] = ref
        elif name == "CLS":
            if not info["size_mm"]:
                raise JobError(f"byte {at}: CLS before SIZE")
            img = [[0] * w for _ in range(h)]
        elif name == "BAR":
            x, y, bw, bh = ints(args, 4, at, name)
            need_image(at)
            for yy in range(y + ref[1], y + ref[1] + bh):
                for xx in range(x + ref[0], x + ref[0] + bw):
                    ink(xx, yy, at, "BAR")
            cur["bars"] += 1
        elif name == "QRCODE":
            if len(args) < 7:
                raise JobError(f"byte {at}: QRCODE needs x,y,ECC,cell,mode,rotation,\"data\"")
            x, y = ints(args[:2], 2, at, name)
            ecc = args[2].strip()
            if ecc not in ("L", "M", "Q", "H"):
                raise JobError(f"byte {at}: QRCODE ECC '{ecc}' is not L, M, Q or H")
            cell, rot = int(args[3]), int(args[5])
            if not 1 <= cell <= 10 or rot not in (0, 90, 180, 270):
                raise JobError(f"byte {at}: QRCODE cell {cell} or rotation {rot} out of range")
            cur["qrcodes"].append({"x": x, "y": y, "ecc": ecc, "cell": cell, "mode": args[4].strip(), "rotation": rot,
                                   "data": quoted(",".join(args[6:]), at, name)})
        elif name == "BARCODE":
            if len(args) != 9:
                raise JobError(f"byte {at}: BARCODE needs x,y,\"type\",height,readable,rotation,narrow,wide,\"data\"")
            x, y = ints(args[:2], 2, at, name)
            height, readable, rot, narrow, wide = ints(args[3:8], 5, at, name)
            cur["barcodes"].append({"x": x, "y": y, "type": quoted(args[2], at, name), "height": height,
                                    "readable": readable, "rotation": rot, "narrow": narrow, "wide": wide,
                                    "data": quoted(args[8], at, name)})
        elif name == "PRINT":
            v = ints(args, len(args), at, name) if args else []
            if not 1 <= len(v) <= 2 or any(n < 1 for n in v):
                raise JobError(f"byte {at}: PRINT needs m[,n], each 1 or more")
            need_image(at)
            copies = v[0] * (v[1] if len(v) > 1 else 1)
            info["labels"].append(dict(cur, copies=copies, image=[row[:] for row in img]))
            cur = {"bitmaps": 0, "bars": 0, "qrcodes": [], "barcodes": []}
        elif name in SETTINGS:
            pass
        else:
            raise JobError(f"byte {at}: {name} is not a standard TSPL command")
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("job")
    ap.add_argument("--dpi", type=int, required=True)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()
    try:
        info = read(open(a.job, "rb").read(), a.dpi)
    except JobError as e:
        print(f"{a.job}: {e}", file=sys.stderr)
        return 1
    os.makedirs(a.out_dir, exist_ok=True)
    for n, lab in enumerate(info["labels"], 1):
        img = lab.pop("image")
        name = f"label-{n:04d}.pbm"
        with open(os.path.join(a.out_dir, name), "wb") as f:
            f.write(b"P4\n%d %d\n" % (len(img[0]), len(img)))
            for row in img:
                packed = bytearray((len(row) + 7) // 8)
                for x, v in enumerate(row):
                    if v:
                        packed[x // 8] |= 0x80 >> (x % 8)
                f.write(packed)
        lab["file"] = name
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())

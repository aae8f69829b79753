#!/usr/bin/python3
"""Measures label rasters for tests/autolayout.sh (8-bit PGM, as `convert X -depth 8 Y.pgm` writes).

    autolayout_measure.py margins DPI MM IMAGE.pgm...   the ink-free border of each image; one line
        per image: "OK l t r b" (mm) or "BAD image: ink X mm from the EDGE edge, under MM mm"
    autolayout_measure.py module DPI X Y W H IMAGE.pgm  the 2D code's module (mm) in the box (mm) of
        the image: the top-left finder pattern's first dark run, 7 modules of a QR code

Ink is a pixel darker than 50 % gray.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgm as pgmfile  # noqa: E402  tests/pgm.py


pgm = pgmfile.read


def margins(dpi, mm, images):
    need = mm / 25.4 * dpi
    for path in images:
        w, h, pix, mx = pgm(path)
        rows = [y for y in range(h) if min(pix[y * w:(y + 1) * w]) * 2 < mx]
        cols = [x for x in range(w) if any(pix[y * w + x] * 2 < mx for y in rows)] if rows else []
        if not rows:
            print("BAD %s: no ink" % path)
            continue
        m = {"left": cols[0], "top": rows[0], "right": w - 1 - cols[-1], "bottom": h - 1 - rows[-1]}
        bad = [(k, v) for k, v in m.items() if v < need - 1e-9]
        to_mm = lambda px: px * 25.4 / dpi
        if bad:
            print("BAD %s: ink %.2f mm from the %s edge, under %g mm" % (path, to_mm(bad[0][1]), bad[0][0], mm))
        else:
            print("OK %.2f %.2f %.2f %.2f" % tuple(to_mm(m[k]) for k in ("left", "top", "right", "bottom")))


def module(dpi, x, y, bw, bh, path):
    w, h, pix, mx = pgm(path)
    px = lambda v: int(round(v / 25.4 * dpi))
    x0, y0, x1, y1 = px(x), px(y), min(w, px(x + bw)), min(h, px(y + bh))
    dark = lambda i, j: pix[j * w + i] * 2 < mx
    # the first row of the box with ink, and its first dark run: the finder pattern's top edge, 7 modules
    for j in range(y0, y1):
        xs = [i for i in range(x0, x1) if dark(i, j)]
        if xs:
            i = xs[0]
            run = 0
            while i + run < x1 and dark(i + run, j):
                run += 1
            print("%.4f" % (run / 7 * 25.4 / dpi))
            return
    print("none")


if __name__ == "__main__":
    if sys.argv[1] == "margins":
        margins(float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:])
    else:
        module(float(sys.argv[2]), *map(float, sys.argv[3:7]), sys.argv[7])

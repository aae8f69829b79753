#!/usr/bin/env python3
"""Adds Gaussian noise to an 8-bit grayscale PGM (P5): sigma as a fraction of
full scale, a fixed seed so that a run is repeatable. Print simulation for the
tests: noise.py IN.pgm OUT.pgm [SIGMA=0.05] [SEED=1]"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgm  # noqa: E402  tests/pgm.py


def main():
    src, dst = sys.argv[1], sys.argv[2]
    sigma = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    w, h, pix, mx = pgm.read(src)
    assert mx == 255, "8-bit P5 only"
    s = sigma * 255
    px = bytes(min(255, max(0, int(round(v + rnd.gauss(0, s))))) for v in pix)
    open(dst, "wb").write(b"P5\n%d %d\n255\n" % (w, h) + px)


if __name__ == "__main__":
    main()

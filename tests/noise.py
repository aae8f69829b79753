#!/usr/bin/env python3
"""Adds Gaussian noise to an 8-bit grayscale PGM (P5): sigma as a fraction of
full scale, a fixed seed so that a run is repeatable. Print simulation for the
tests: noise.py IN.pgm OUT.pgm [SIGMA=0.05] [SEED=1]"""
import random
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    sigma = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    data = open(src, "rb").read()
    # header: P5 W H MAXVAL, whitespace separated, then one byte per pixel
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    assert fields[0] == b"P5" and int(fields[3]) == 255, "8-bit P5 only"
    s = sigma * 255
    px = bytes(min(255, max(0, int(round(v + rnd.gauss(0, s))))) for v in data[pos:])
    open(dst, "wb").write(b"P5\n%s %s\n255\n" % (fields[1], fields[2]) + px)


if __name__ == "__main__":
    main()

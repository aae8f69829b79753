"""tests/pgm.py: an 8-bit binary PGM (P5) as the rasterisers write it, for the tests' scripts.

read(path) -> (width, height, pixels, maxval): pixels one byte each, row by row; comments in the header are skipped.
"""


def read(path):
    d = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while d[pos:pos + 1].isspace():
            pos += 1
        if d[pos:pos + 1] == b"#":
            pos = d.index(b"\n", pos) + 1
            continue
        end = pos
        while not d[end:end + 1].isspace():
            end += 1
        fields.append(d[pos:end])
        pos = end
    assert fields[0] == b"P5", path
    w, h, mx = int(fields[1]), int(fields[2]), int(fields[3])
    return w, h, d[pos + 1:pos + 1 + w * h], mx

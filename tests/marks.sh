#!/bin/sh
# Vietnamese text in 1-bit output (--mono, thermal printers): every stacked mark stays a mark of its
# own. Each of 30 letters with one or two marks (ồ ẫ ặ ả ỡ ...) is drawn alone in its box at 4.8 pt
# (the smallest mandatory text) to 10 pt, regular and bold, at 203 and 300 dpi; the ink of each box
# must fall into exactly as many 8-connected pieces as the letter has parts (ồ: o, circumflex,
# grave = 3; ỡ: o with its horn, tilde = 2). A 50 % threshold of the anti-aliased letters merges
# them (checked below, so that the measure itself is seen to catch a merge).
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
py=/usr/bin/python3
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
letters="ồ ố ổ ỗ ộ ầ ấ ẩ ẫ ậ ề ế ể ễ ệ ằ ắ ẳ ẵ ặ ả ẽ ỡ ở ữ ừ Ồ Ẫ Ằ Ả"
parts="3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 2 2 2 2 2 2 3 3 3 2"
set -- name=x producer=x address=x stars=4 gtin=8936012345674 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003

# template SIZE BOLD: one 5 mm box per letter
template() {
	printf '[label]\nwidth=160\nheight=8\nprofile=thermal\nfont=Noto Sans\ndigits_font=OCR B\n'
	i=0
	for c in $letters; do
		printf '[element c%d]\ntype=text\ntext=%s\nx=%d\ny=1\nwidth=5\nheight=6\nsize=%s\nmin_size=%s\nbold=%s\nwrap=false\nalign=center\n' \
			$i "$c" $((1 + i * 5)) "$1" "$1" "$2"
		i=$((i + 1))
	done
}
# pieces PNG DPI: the letters whose ink does not fall into its number of pieces ("ồ:2 ..."), or nothing
pieces() {
	convert "$1" -threshold 50% -compress none pbm:- | $py -c '
import sys
dpi = float(sys.argv[1]); letters = sys.argv[2].split(); want = [int(x) for x in sys.argv[3].split()]
d = sys.stdin.read().split()
w, h = int(d[1]), int(d[2]); px = d[3:]
ink = lambda x, y: px[y * w + x] == "1"
bad = []
for i, ch in enumerate(letters):
    x0, x1 = int((1 + i * 5) / 25.4 * dpi), int((6 + i * 5) / 25.4 * dpi)
    seen, n = set(), 0
    for y in range(h):
        for x in range(x0, x1):
            if ink(x, y) and (x, y) not in seen:
                n += 1
                stack = [(x, y)]
                seen.add((x, y))
                while stack:
                    a, b = stack.pop()
                    for c in (a - 1, a, a + 1):
                        for e in (b - 1, b, b + 1):
                            if x0 <= c < x1 and 0 <= e < h and (c, e) not in seen and ink(c, e):
                                seen.add((c, e))
                                stack.append((c, e))
    if n != want[i]:
        bad.append("%s:%d" % (ch, n))
print(" ".join(bad))' "$2" "$letters" "$parts"
}

for dpi in 203 300; do
	for bold in false true; do
		for size in 4.8 5 5.5 6 7 8 10; do
			template "$size" "$bold" > l.ini
			"$bin" render -q -t ./l.ini --dpi "$dpi" --mono -o m.png "$@" || bad "render $dpi $size $bold"
			expect_eq "$(pieces m.png "$dpi")" "" "marks apart at $dpi dpi, $size pt, bold=$bold (letter:pieces)"
		done
	done
done
# a ligature is one glyph of two letters: both stand on the baseline in 1-bit output (the second f of
# "ff" was taken for a mark and lifted: "offset" printed as "of" and a small raised f). The measure:
# the lowest ink row of the left and right halves of the ink of "ff" and "ffi", 12 mm boxes
lig_template() {
	printf '[label]\nwidth=40\nheight=10\nprofile=thermal\nfont=Noto Sans\ndigits_font=OCR B\n'
	printf '[element a]\ntype=text\ntext=ff\nx=1\ny=1\nwidth=12\nheight=8\nsize=%s\nmin_size=%s\nbold=%s\nwrap=false\n' "$1" "$1" "$2"
	printf '[element b]\ntype=text\ntext=ffi\nx=20\ny=1\nwidth=12\nheight=8\nsize=%s\nmin_size=%s\nbold=%s\nwrap=false\n' "$1" "$1" "$2"
}
# feet PNG DPI: "L/R L/R" the lowest ink rows of each box's left and right halves
feet() {
	convert "$1" -threshold 50% -compress none pbm:- | $py -c '
import sys
dpi = float(sys.argv[1]); d = sys.stdin.read().split()
w, h = int(d[1]), int(d[2]); px = d[3:]
out = []
for x0mm in (1, 20):
    x0, x1 = int(x0mm / 25.4 * dpi), int((x0mm + 12) / 25.4 * dpi)
    cols = [x for x in range(x0, x1) if any(px[y * w + x] == "1" for y in range(h))]
    mid = (cols[0] + cols[-1]) / 2
    low = lambda xs: max(y for y in range(h) for x in xs if px[y * w + x] == "1")
    out.append("%d/%d" % (low([x for x in cols if x < mid]), low([x for x in cols if x > mid])))
print(" ".join(out))' "$2"
}
for bold in false true; do
	for size in 6 8 12; do
		lig_template "$size" "$bold" > lig.ini
		"$bin" render -q -t ./lig.ini --dpi 203 --mono -o lig.png "$@" || bad "render ligatures $size $bold"
		f=$(feet lig.png 203)
		set -f
		for pair in $f; do
			[ "${pair%/*}" = "${pair#*/}" ] && ok || bad "ligatures at $size pt, bold=$bold: the letters' feet at rows $f (left/right)"
		done
		set +f
	done
done
# the measure sees a merge: the same letters in gray, cut at 50 % (the old --mono), merge some marks
template 4.8 false > l.ini
"$bin" render -q -t ./l.ini --dpi 203 -o g.png "$@" || bad "render gray"
[ -n "$(pieces g.png 203)" ] && ok || bad "the plain 50 % threshold kept every mark apart: the measure cannot fail"
finish

#!/bin/sh
# Layout that survives cutting: (1) every row of the example product file, in every shipped template,
# as an 8-bit gray PNG at 300 dpi and as its roll PDF rasterised by poppler at 300 dpi, drawn without
# a warning: the ink keeps at least 1.0 mm from every edge of the label (the
# die-cut or the roll's gap wanders by about that much); (2) the A4 3x8 and 2x4 sheet PDFs rasterised
# by poppler at 150 dpi: all ink keeps at least the sheet's printable margin from the page edges
# (key printable_margin=MM in the [sheet] section of templates/sheets/NAME.ini; 4 mm if it has none:
# the border an office printer cannot print).
# Ink is a pixel darker than 50 % gray (value below 128 of 255): the lighter anti-aliasing fringe of
# glyphs and bars does not count. A margin is the number of ink-free pixel columns (rows) between the
# ink and the image edge, required to be at least ceil(MM / 25.4 * DPI) (1.0 mm at 300 dpi: 12 px; 4 mm
# at 150 dpi: 24 px) and printed in mm. The worst margin of each edge is printed per template and sheet.
set -u
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
case $bin in /*) ;; */*) bin=$PWD/$bin ;; esac
examples=$(cd "$2" && pwd)
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29
csv=$examples/quangninh-products.csv
label_mm=1.0

# the start line of every row of the product file, in row order (a real CSV parser, not ours)
$py - "$csv" > lines.txt <<'EOF'
import csv, sys
r = csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))
next(r)
start = r.line_num + 1
for row in r:
    print(start)
    start = r.line_num + 1
EOF
nrows=$(wc -l < lines.txt)

# measure WHAT MM DPI TEMPLATE.ini|- LABELS.txt IMAGE.pgm...: the ink margins of each image (labels or
# pages, named by the lines of LABELS.txt); prints "TALLY ..." (the worst margin per edge), "OK"
# or "BAD ..." for each edge. A BAD line names the worst label, where its ink comes too close to the
# edge and, for labels, the template's elements whose boxes hold that ink.
measure() {
	PYTHONPATH=$here $py - "$@" <<'EOF'
import configparser, math, sys
import pgm as pgmfile  # tests/pgm.py
what, mm, dpi, tpl, names = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
images = sys.argv[6:]
labels = open(names, encoding="utf-8").read().split("\n")
need = math.ceil(mm / 25.4 * dpi)
to_mm = lambda px: px * 25.4 / dpi
boxes = []
if tpl != "-":
    c = configparser.ConfigParser(interpolation=None, strict=False)
    c.read(tpl, encoding="utf-8")
    for s in c.sections():
        if s.startswith("element "):
            e = c[s]
            try:
                boxes.append((s[8:], float(e["x"]), float(e["y"]), float(e.get("width", 0)), float(e.get("height", 0))))
            except (KeyError, ValueError):
                pass

ink = bytes(1 if v < 128 else 0 for v in range(256))
edges = ("left", "top", "right", "bottom")
worst = {e: None for e in edges}   # edge -> (px, label, detail)
close = {e: [] for e in edges}     # edge -> labels closer than need
empty = []
for n, path in enumerate(images):
    name = labels[n] if n < len(labels) else path
    w, h, data, mx = pgmfile.read(path)
    assert mx == 255, path
    data = data.translate(ink)
    first = last = None
    x0, x1 = w, -1
    rows = []   # (y, first x, last x) of the rows with ink
    for y in range(h):
        row = data[y * w:(y + 1) * w]
        a = row.find(1)
        if a < 0:
            continue
        b = row.rfind(1)
        rows.append((y, a, b))
        x0, x1 = min(x0, a), max(x1, b)
    if not rows:
        empty.append(name)
        continue
    y0, y1 = rows[0][0], rows[-1][0]
    m = {"left": x0, "top": y0, "right": w - 1 - x1, "bottom": h - 1 - y1}
    for e in edges:
        if m[e] < need:
            close[e].append(name)
        if worst[e] is None or m[e] < worst[e][0]:
            # the ink inside the band of width need along this edge: its extent along the edge (mm)
            if e == "left":
                band = [(y, y) for y, a, b in rows if a < need]
                axis, bx = "y", (0, need)
            elif e == "right":
                band = [(y, y) for y, a, b in rows if b > w - 1 - need]
                axis, bx = "y", (w - need, w)
            else:
                sel = [r for r in rows if (r[0] < need if e == "top" else r[0] > h - 1 - need)]
                band = [(a, b) for y, a, b in sel]
                axis, bx = "x", (0, w)
            detail = ""
            if band:
                lo, hi = min(s[0] for s in band), max(s[1] for s in band) + 1
                detail = "ink at %s %.1f to %.1f mm" % (axis, to_mm(lo), to_mm(hi))
                # ink box of the band in mm: which template elements hold it
                if axis == "y":
                    bb = (to_mm(bx[0]), to_mm(lo), to_mm(bx[1]), to_mm(hi))
                else:
                    ys = (0, need) if e == "top" else (h - need, h)
                    bb = (to_mm(lo), to_mm(ys[0]), to_mm(hi), to_mm(ys[1]))
                hit = [b[0] for b in boxes if b[1] < bb[2] and b[1] + b[3] > bb[0] and b[2] < bb[3] and b[2] + b[4] > bb[1]]
                if hit:
                    detail += ", in element%s %s" % ("s" if len(hit) > 1 else "", ", ".join(hit))
            worst[e] = (m[e], name, detail)
fails = [e for e in edges if close[e]] + (["empty"] if empty else [])
kind = labels[0].split()[0] if labels and labels[0] else "image"
def some(names):  # "rows 1 2 4" from ["row 1", "row 2", "row 4"]
    return kind + "s " + " ".join(n.split()[-1] for n in names)
noun = "labels" if kind == "row" else kind + "s"
parts = []
for e in edges:
    parts.append("%s %s" % (e, "-" if worst[e] is None else "%.2f mm" % to_mm(worst[e][0])))
print("TALLY %s: %s (%d %s, need %g mm = %d px at %d dpi)%s" % (what, ", ".join(parts), len(images), noun, mm, need, dpi,
      "  FAIL" if fails else ""))
for e in edges:
    if not close[e]:
        print("OK")
        continue
    px, name, detail = worst[e]
    print("BAD %s: %s margin under %g mm on %d of %d %s (%s); worst, %s: %.2f mm (%d px)%s" % (
        what, e, mm, len(close[e]), len(images), noun, some(close[e]), name, to_mm(px), px, ": " + detail if detail else ""))
print("BAD %s: no ink at all in %s" % (what, some(empty)) if empty else "OK")
print("OK" if images else "BAD %s: no images" % what)
EOF
}
# report < MEASURED: ok, bad and the tally from measure's lines (not in a pipe: the counts must stay)
report() {
	while IFS= read -r l; do
		case $l in
		"TALLY "*) echo "${l#TALLY }" ;;
		OK) ok ;;
		"BAD "*) bad "${l#BAD }" ;;
		*) bad "measure: $l" ;;
		esac
	done
}

# ---- (1) every label of every template, 300 dpi gray PNG ----
for t in product-100x70 small-70x37 thermal-50x30 thermal-60x40 thermal-100x50; do
	"$bin" batch -q "$today" "$csv" -t "$t" --format png --dpi 300 -o "png-$t" --report "rep-$t.csv" 2> "err-$t.txt"
	rc=$?
	[ "$rc" -le 1 ] && ok || { bad "$t: batch exit $rc: $(cat "err-$t.txt")"; continue; }
	# label k is the k-th row that the template did not refuse: "row R (line L)"
	$py - "rep-$t.csv" lines.txt > "names-$t.txt" <<'EOF'
import csv, sys
refused = {int(r["line"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))}
for i, line in enumerate(open(sys.argv[2]).read().split(), 1):
    if int(line) not in refused:
        print("row %d" % i)
EOF
	expect_eq "$(ls "png-$t" | wc -l)" "$(wc -l < "names-$t.txt")" "$t: one PNG per row written"
	[ "$(wc -l < "names-$t.txt")" -lt "$nrows" ] && echo "$t: $((nrows - $(wc -l < "names-$t.txt"))) of $nrows rows refused by the template (not measured)"
	mkdir "pgm-$t"
	convert "png-$t"/*.png -depth 8 "pgm-$t/%05d.pgm" || bad "$t: convert"
	measure "$t" "$label_mm" 300 "$(layout_file "$t.ini")" "names-$t.txt" "pgm-$t"/*.pgm > "m-$t.txt"
	report < "m-$t.txt"
	# ordinary products draw without warnings (a warning the user cannot act on is noise)
	expect_eq "$(cat "err-$t.txt")" "" "$t: no warnings"
	# the roll PDF, whose EAN modules are whole 203-dpi dots (wider than the PNG's at 300 dpi)
	"$bin" batch -q "$today" "$csv" -t "$t" -o "roll-$t.pdf" 2> "err-$t.txt"
	[ $? -le 1 ] && ok || bad "$t: roll PDF: $(cat "err-$t.txt")"
	mkdir "rollpages-$t"
	pdftoppm -r 300 -gray -png "roll-$t.pdf" "rollpages-$t/p" || bad "$t: pdftoppm"
	convert "rollpages-$t"/p-*.png -depth 8 "rollpages-$t/%05d.pgm" || bad "$t: convert"
	measure "$t roll PDF" "$label_mm" 300 "$(layout_file "$t.ini")" "names-$t.txt" "rollpages-$t"/*.pgm > "m-$t.txt"
	report < "m-$t.txt"
done

# ---- (2) sheets: ink inside the page's printable area ----
for s in a4-3x8 a4-2x4; do
	ini=$(layout_file "sheets/$s.ini")
	[ -n "$ini" ] && ok || bad "sheet file $s.ini not found"
	mm=$($py - "$ini" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None, strict=False)
c.read(sys.argv[1], encoding="utf-8")
print(float(c["sheet"].get("printable_margin", 4)))
EOF
	)
	"$bin" batch -q "$today" "$csv" --sheet "$s" -o "$s.pdf" 2> "err-$s.txt"
	rc=$?
	[ "$rc" -le 1 ] && ok || { bad "$s: batch exit $rc: $(cat "err-$s.txt")"; continue; }
	mkdir "pages-$s"
	pdftoppm -r 150 -gray -png "$s.pdf" "pages-$s/p" || bad "$s: pdftoppm"
	ls "pages-$s" | sed 's/^p-0*\([0-9]*\)\.png$/page \1/' > "names-$s.txt"
	convert "pages-$s"/p-*.png -depth 8 "pages-$s/%05d.pgm" || bad "$s: convert"
	measure "$s sheet" "$mm" 150 - "names-$s.txt" "pages-$s"/*.pgm > "m-$s.txt"
	report < "m-$s.txt"
done
finish

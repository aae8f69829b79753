#!/bin/sh
# The Data Matrix element (type=datamatrix, issue 27): square and rectangular ECC 200 symbols of the GS1
# Digital Link URI as plain data, modules of whole printer dots. Covered:
#   - a 60x40 template with a square Data Matrix and one with a rectangular one: the roll PDF of three
#     real products through Ghostscript 1-bit at 203 dpi, and the TSPL job read back by tests/tspl_read.py
#     (the symbol is part of the job's 1-bit image): the EAN-13 decodes from the whole label with zbarimg
#     and ZXingReader -noscale; the Data Matrix decodes with ZXingReader -noscale (zbar 0.23 reads no Data
#     Matrix) to exactly the Digital Link of the tests' own builder (gs1dl.py). ZXing 1.4's Data Matrix
#     detector misses symbols within about 30 pixels of the top of an image and beside other ink, which a
#     phone's camera never sees: the symbol is decoded from its element's box cut out of the same 1-bit
#     image (the pixels unchanged), with white around it;
#   - the template's checks: a box too small for the smallest symbol at the minimum module, shape= other
#     than square or rectangle, the URL too long for the box;
#   - template new --datamatrix: where no readable QR code fits (50x40 mm with --pos and an EAN-13) the
#     layout has a Data Matrix, and the labels decode; without --datamatrix the size is refused.
set -u
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
case $bin in /*) ;; */*) bin=$PWD/$bin ;; esac
examples=$(cd "$2" && pwd)
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=2026-11-29

head -4 "$examples/quangninh-products.csv" > sub.csv
# the Digital Link of each row, in order
$py - sub.csv "$here" > want.txt <<'PYEOF'
import csv, sys
sys.path.insert(0, sys.argv[2])
import gs1dl
for rec in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    print(rec["gtin"].strip(), gs1dl.build(rec))
PYEOF

# dmbox TEMPLATE DPI: "W H X Y" in pixels of the first datamatrix element's box, 2 mm around it
dmbox() {
	$py - "$1" "$2" <<'PYEOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None, strict=False)
c.read(sys.argv[1], encoding="utf-8")
d = float(sys.argv[2]) / 25.4
for g in c.sections():
    if g.startswith("element ") and c[g].get("type") == "datamatrix":
        e = c[g]
        x, y, w, h = (float(e[k]) for k in ("x", "y", "width", "height"))
        x0, y0 = max(0, x - 2), max(0, y - 2)
        print(round((x + w + 2 - x0) * d), round((y + h + 2 - y0) * d), round(x0 * d), round(y0 * d))
        break
PYEOF
}

# decodes IMAGE N TEMPLATE WHAT: the EAN-13 of row N from the whole label (both decoders), its Digital
# Link from the Data Matrix's box (ZXingReader)
decodes() {
	read -r gtin url <<EOF2
$(sed -n "$2p" want.txt)
EOF2
	z=$(zbar "$1"); x=$(zxing "$1")
	printf '%s\n' "$z" | grep -qxF "EAN-13:$gtin" && ok || bad "$4: zbarimg read [$(echo $z)], want EAN-13:$gtin"
	printf '%s\n' "$x" | grep -qxF "EAN-13:$gtin" && ok || bad "$4: ZXingReader read [$(echo $x)], want EAN-13:$gtin"
	set -- "$1" "$2" "$3" "$4" $(dmbox "$3" 203)
	convert "$1" -crop "$5x$6+$7+$8" +repage -bordercolor white -border 40 "$1.dm.png"
	d=$(zxing "$1.dm.png")
	expect_eq "$d" "DataMatrix:$url" "$4: the Data Matrix (ZXingReader)"
}

# labels TEMPLATE NAME: the roll PDF through Ghostscript 1-bit at 203 dpi and the TSPL job, every label decoded
labels() {
	run batch -q --today="$today" sub.csv -t "./$1" --dpi 203 -o "$2.pdf"
	expect_eq "$rc $err" "0 " "$2: batch PDF"
	mkdir -p "$2-gs"
	gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r203 -o "$2-gs/p-%03d.png" "$2.pdf" || bad "$2: gs"
	n=0
	for p in "$2-gs"/p-*.png; do
		n=$((n + 1))
		decodes "$p" "$n" "$1" "$2 (Ghostscript 203 dpi) label $n"
	done
	expect_eq "$n" 3 "$2: labels in the PDF"
	run batch -q --today="$today" sub.csv -t "./$1" --printer-profile xprinter-203 -o "$2.tspl"
	expect_eq "$rc $err" "0 " "$2: batch TSPL"
	mkdir -p "$2-tspl"
	$py "$here/tspl_read.py" "$2.tspl" --dpi 203 --out-dir "$2-tspl" > "$2-tspl.json" 2> "$2-tspl.err" ||
		bad "$2: tspl_read: $(head -c 300 "$2-tspl.err")"
	n=0
	for p in "$2-tspl"/label-*.pbm; do
		[ -f "$p" ] || continue
		n=$((n + 1))
		convert "$p" "${p%.pbm}.png" && decodes "${p%.pbm}.png" "$n" "$1" "$2 (TSPL) label $n"
	done
	expect_eq "$n" 3 "$2: labels in the TSPL job"
}

# a 60x40 label of the built-in thermal template with its QR code's box holding a Data Matrix
sed 's/^type=qr$/type=datamatrix/; s/^ec=M$/shape=square/' "$here/../templates/thermal-60x40.ini" > dm-square.ini

if case_begin square; then
	grep -q '^type=datamatrix$' dm-square.ini && ok || bad "the test's template has no datamatrix"
	labels dm-square.ini square
fi

if case_begin rectangle; then
	# the QR code's box made a wide strip: a rectangular symbol (16x48 modules at most)
	$py - dm-square.ini > dm-rect.ini <<'PYEOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"\[element (\w+)\]\ntype=datamatrix\n((?:[a-z_]+=.*\n)*)", s)
body = re.sub(r"^shape=square$", "shape=rectangle", m.group(2), flags=re.M)
body = re.sub(r"^height=.*$", "height=9", body, flags=re.M)
body = re.sub(r"^width=.*$", "width=26", body, flags=re.M)
body = re.sub(r"^x=.*$", "x=32", body, flags=re.M)
print(s[:m.start(2)] + body + s[m.end(2):], end="")
PYEOF
	run templates --check ./dm-rect.ini
	# the strip may overlap text (a warning, or an error for a code): only the renderer's own check matters here
	run batch -q --today="$today" sub.csv -t ./dm-rect.ini --dpi 203 -o rect.pdf
	if [ "$rc" -eq 0 ]; then
		labels dm-rect.ini rect
	else
		bad "rectangle: batch refused: $err"
	fi
fi

if case_begin checks; then
	# a box under the smallest square symbol (10x10 and a quiet zone) at 0.25 mm
	sed '/^type=datamatrix$/,/^$/ { s/^width=.*/width=2.5/; s/^height=.*/height=2.5/ }' dm-square.ini > small.ini
	run batch -q --today="$today" sub.csv -t ./small.ini --dpi 203 -o small.pdf
	expect_eq "$rc" 2 "a too small box: refused as a template error ($err)"
	case $err in *"too small for any square Data Matrix"*) ok ;; *) bad "too small: [$err]" ;; esac
	sed 's/^shape=square$/shape=round/' dm-square.ini > round.ini
	run batch -q --today="$today" sub.csv -t ./round.ini --dpi 203 -o round.pdf
	case $err in *shape*) ok ;; *) bad "shape=round: [$err]" ;; esac
	# a box that holds the smallest symbol but not the Digital Link at 0.25 mm
	sed '/^type=datamatrix$/,/^$/ { s/^width=.*/width=5/; s/^height=.*/height=5/ }' dm-square.ini > short.ini
	run batch -q --today="$today" sub.csv -t ./short.ini --dpi 203 -o short.pdf
	case $err in *"needs a Data Matrix of"*) ok ;; *) bad "URL too long for the box: [$err]" ;; esac
fi

if case_begin template-new; then
	# no readable QR code fits 50x40 mm at GS1's retail POS module with an EAN-13: refused without --datamatrix
	run template new q50 --size 50x40 --pos --printer-profile xprinter-203 --for sub.csv --today "$today"
	expect_eq "$rc" 1 "50x40 --pos without --datamatrix is refused ($err1)"
	run template new d50 --size 50x40 --pos --printer-profile xprinter-203 --for sub.csv --today "$today" --datamatrix
	expect_eq "$rc" 0 "50x40 --pos --datamatrix ($err)"
	grep -q '^type=datamatrix$' d50.ini && ok || bad "template new --datamatrix: no Data Matrix in d50.ini"
	grep -q '^type=qr$' d50.ini && bad "template new --datamatrix: a QR code in d50.ini as well" || ok
	[ -f d50.ini ] && labels d50.ini d50
	# where a QR code fits, --datamatrix keeps it
	run template new q60 --size 60x40 --printer-profile xprinter-203 --for sub.csv --today "$today" --datamatrix
	expect_eq "$rc" 0 "60x40 --datamatrix ($err)"
	grep -q '^type=qr$' q60.ini && ok || bad "60x40: the QR code fits and should stay"
fi

finish

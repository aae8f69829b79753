#!/bin/sh
# The real print path: every PDF that ocoplabel makes from the example product file (A4 3x8 and 2x4
# sheets, and a roll PDF in each shipped template) is rasterised as CUPS and PDF viewers do it:
# Ghostscript 1-bit (pngmono) at 203, 300 and 600 dpi and 8-bit gray at 300 dpi, MuPDF gray without
# anti-aliasing at 203 dpi, poppler gray at 203 and 300 dpi. Every label (sheet positions cut out of
# the page raster at the positions of templates/sheets/NAME.ini; roll PDFs: one label per page) must
# decode with zbarimg and with ZXingReader to exactly its row's EAN-13 and GS1 Digital Link (the tests'
# own builder, gs1dl.py), in row order. Rows that a template refuses are known from --report and
# left out of the expectation. A tally per rasterisation and PDF is printed; anything below 100 % fails.
# The 49 rasterisations run two at a time (xargs -P 2); each is this script with --job.
set -u
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# ---- one rasterisation of one PDF, in the current folder (the main run's temporary folder) ----
# writes r-RAST-PDF/result.txt: "status TEXT" problems, then one line per label:
# "N zbar-ean zbar-qr zxing-ean zxing-qr zbar-extra zxing-extra" (1 = as expected), and the decoders'
# output per label in zbar-N.txt and zxing-N.txt
if [ "${1:-}" = --job ]; then
	rast=$2 name=$3
	d=r-$rast-$name
	rm -rf "$d" && mkdir "$d" || exit 2
	res=$d/result.txt
	: > "$res"
	dpi=${rast##*-}
	pdf=pdf/$name.pdf
	case $rast in
	gs-mono-*) gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r"$dpi" -o "$d/page-%03d.png" "$pdf" ;;
	gs-gray-*) gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r"$dpi" -o "$d/page-%03d.png" "$pdf" ;;
	mupdf-gray-*) mutool draw -q -A 0 -c gray -r "$dpi" -o "$d/page-%03d.png" "$pdf" ;;
	poppler-gray-*) pdftoppm -r "$dpi" -gray -png "$pdf" "$d/page" ;;
	*) echo "status unknown rasterisation $rast" >> "$res"; exit 0 ;;
	esac > "$d/raster.log" 2>&1 || echo "status $rast failed on $pdf: $(head -c 300 "$d/raster.log")" >> "$res"
	# page-N.png sorts in page order: gs pads to 3 digits, pdftoppm to the width of the page count
	ls "$d" | grep '^page-.*\.png$' | sort > "$d/pages.txt"
	nlabels=$(wc -l < "want/$name.txt")
	read -r kind cols rows lw lh left top cpitch rpitch < "geom/$name.txt"
	if [ "$kind" = roll ]; then
		npages=$nlabels
	else
		per=$((cols * rows))
		npages=$(((nlabels + per - 1) / per))
	fi
	[ "$(wc -l < "$d/pages.txt")" -eq "$npages" ] ||
		echo "status $(wc -l < "$d/pages.txt") pages rasterised, $npages expected for $nlabels labels" >> "$res"
	# cell-NNN.*: label N (1-based, in row order)
	i=0
	while read -r page; do
		if [ "$kind" = roll ]; then
			i=$((i + 1))
			[ "$i" -le "$nlabels" ] && ln -s "$page" "$d/cell-$(printf %03d $i).png"
		else
			# one convert per page: every position of the page cut out, as 8-bit PGM
			# shellcheck disable=SC2046
			convert "$d/$page" $($py - "$i" "$nlabels" "$dpi" "$d" $cols $rows $lw $lh $left $top $cpitch $rpitch <<'EOF'
import sys
first, n, dpi, d = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cols, rows = int(sys.argv[5]), int(sys.argv[6])
lw, lh, left, top, cp, rp = map(float, sys.argv[7:13])
px = lambda mm: round(mm / 25.4 * dpi)
out = []
for pos in range(min(cols * rows, n - first)):
    x, y = left + (pos % cols) * cp, top + (pos // cols) * rp
    x0, y0 = px(x), px(y)
    out += ["(", "-clone", "0", "-crop", "%dx%d+%d+%d" % (px(x + lw) - x0, px(y + lh) - y0, x0, y0), "+repage",
            "-depth", "8", "-write", "%s/cell-%03d.pgm" % (d, first + pos + 1), "+delete", ")"]
print(" ".join(out))
EOF
			) null: || echo "status cannot cut the labels out of $page" >> "$res"
			i=$((i + cols * rows))
		fi
	done < "$d/pages.txt"
	n=0
	while read -r _ _ ean qr; do
		n=$((n + 1))
		c=$(ls "$d" | grep "^cell-$(printf %03d $n)\\." | head -1)
		if [ -z "$c" ]; then
			echo "$n 0 0 0 0 0 0" >> "$res"
			continue
		fi
		zbar "$d/$c" < /dev/null > "$d/zbar-$n.txt"
		zxing "$d/$c" < /dev/null > "$d/zxing-$n.txt"
		line=$n
		for f in zbar zxing; do
			e=0 q=0
			grep -qxF "$ean" "$d/$f-$n.txt" && e=1
			grep -qxF "$qr" "$d/$f-$n.txt" && q=1
			line="$line $e $q"
		done
		for f in zbar zxing; do
			x=$(grep -cvxF -e "$ean" -e "$qr" "$d/$f-$n.txt")
			line="$line $x"
		done
		echo "$line" >> "$res"
	done < "want/$name.txt"
	exit 0
fi

# ---- the main run ----
bin=$1
case $bin in /*) ;; */*) bin=$PWD/$bin ;; esac
examples=$(cd "$2" && pwd)
self=$here/$(basename "$0")
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29
csv=$examples/quangninh-products.csv
mkdir pdf want geom
: > pdfs.txt

# every row of the product file: "LINE EAN-13:GTIN QR-Code:URL" (LINE: where the row starts, as in
# ocoplabel's messages and report; the URL from the tests' own Digital Link builder)
$py - "$here" "$csv" > rows.txt <<'EOF'
import csv, sys
sys.path.insert(0, sys.argv[1])
import gs1dl
f = open(sys.argv[2], encoding="utf-8-sig", newline="")
r = csv.reader(f)
header = [h.strip() for h in next(r)]
start = r.line_num + 1
for row in r:
    rec = dict(zip(header, row))
    print(start, "EAN-13:" + rec["gtin"].strip(), "QR-Code:" + gs1dl.build(rec))
    start = r.line_num + 1
EOF
nrows=$(wc -l < rows.txt)
[ "$nrows" -ge 12 ] && ok || bad "example rows: $nrows"

# make_pdf NAME BATCH-ARGS...: pdf/NAME.pdf, want/NAME.txt (the labels that were written, in order)
make_pdf() {
	name=$1
	shift
	"$bin" batch -q "$today" "$csv" -o "pdf/$name.pdf" --report "rep-$name.csv" "$@" 2> "err-$name.txt"
	rc=$?
	$py - "rep-$name.csv" rows.txt > "want-lines-$name.txt" <<'EOF'
import csv, sys
refused = {int(r["line"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))}
for i, l in enumerate(open(sys.argv[2]), 1):
    line, ean, qr = l.split()
    print("written" if int(line) not in refused else "refused", i, line, ean, qr)
EOF
	grep '^written' "want-lines-$name.txt" | cut -d' ' -f2- > "want/$name.txt"
	nref=$(grep -c '^refused' "want-lines-$name.txt")
	case $rc:$nref in
	0:0) ok ;;
	1:0) bad "$name: exit status 1 but no row in the report: $(cat "err-$name.txt")" ;;
	1:*) ok; echo "$name: $nref of $nrows rows refused by the template, not printed:" \
		"$(grep '^refused' "want-lines-$name.txt" | awk '{printf "%srow %s (line %s)", (NR > 1 ? ", " : ""), $2, $3}')" ;;
	*) bad "$name: batch exit $rc: $(cat "err-$name.txt")" ;;
	esac
	[ "$rc" -le 1 ] && [ -s "want/$name.txt" ] && echo "$name" >> pdfs.txt
}
# the sheets: their positions from the sheet files (defaults as the sheet loader has them)
for s in a4-3x8 a4-2x4; do
	make_pdf "$s" --sheet "$s"
	$py - "$(layout_file "sheets/$s.ini")" > "geom/$s.txt" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
s = c["sheet"]
lw, lh = float(s["label_width"]), float(s["label_height"])
print("sheet", int(s["columns"]), int(s["rows"]), lw, lh, float(s.get("left", 0)), float(s.get("top", 0)),
      float(s.get("column_pitch", lw)), float(s.get("row_pitch", lh)))
EOF
	[ -s "geom/$s.txt" ] && ok || bad "$s: no positions from the sheet file '$(layout_file "sheets/$s.ini")'"
done
# roll PDFs: one label per page
for t in product-100x70 small-70x37 thermal-50x30 thermal-60x40 thermal-100x50; do
	make_pdf "$t" -t "$t"
	echo roll > "geom/$t.txt"
done

rasts="gs-mono-203 gs-mono-300 gs-mono-600 gs-gray-300 mupdf-gray-203 poppler-gray-203 poppler-gray-300"
for r in $rasts; do
	while read -r p; do echo "$r $p"; done < pdfs.txt
done > jobs.txt
xargs -r -P 2 -n 2 sh "$self" --job < jobs.txt

# ---- the tally ----
for r in $rasts; do
	tze=0 tzq=0 txe=0 txq=0 tn=0
	while read -r p; do
		d=r-$r-$p
		res=$d/result.txt
		if [ ! -f "$res" ]; then
			bad "$r $p: no result"
			continue
		fi
		grep '^status ' "$res" | while read -r _ msg; do echo "FAIL: $r $p: $msg" >&2; done
		[ "$(grep -c '^status ' "$res")" -eq 0 ] && ok || bad "$r $p: rasterisation problems (above)"
		set -- $(awk '$1 != "status" { n++; ze += $2; zq += $3; xe += $4; xq += $5; zx += $6; xx += $7 }
			END { print n + 0, ze + 0, zq + 0, xe + 0, xq + 0, zx + 0, xx + 0 }' "$res")
		n=$1 ze=$2 zq=$3 xe=$4 xq=$5 zx=$6 xx=$7
		want=$(wc -l < "want/$p.txt")
		expect_eq "$n" "$want" "$r $p: labels checked"
		verdict=""
		[ "$ze$zq$xe$xq" = "$n$n$n$n" ] && [ "$zx$xx" = 00 ] || verdict="  FAIL"
		extra=""
		[ "$zx$xx" = 00 ] || extra=" (unexpected symbols: zbar $zx, zxing $xx)"
		echo "$r $p: zbar $ze/$n EAN $zq/$n QR, zxing $xe/$n EAN $xq/$n QR$extra$verdict"
		tze=$((tze + ze)) tzq=$((tzq + zq)) txe=$((txe + xe)) txq=$((txq + xq)) tn=$((tn + n))
		# one check per decoder and symbol, naming the rows that missed and what the first one gave
		for col in "2 zbar EAN-13" "3 zbar QR-Code" "4 zxing EAN-13" "5 zxing QR-Code" "6 zbar other" "7 zxing other"; do
			set -- $col
			if [ "$3" = other ]; then
				miss=$(awk -v c="$1" '$1 != "status" && $c != 0 { printf "%s ", $1 }' "$res")
			else
				miss=$(awk -v c="$1" '$1 != "status" && $c != 1 { printf "%s ", $1 }' "$res")
			fi
			if [ -z "$miss" ]; then
				ok
				continue
			fi
			first=${miss%% *}
			# label numbers to the rows of the product file (a refused row has no label)
			rows=$(for l in $miss; do sed -n "${l}p" "want/$p.txt" | cut -d' ' -f1; done | tr '\n' ' ')
			set -- "$@" "$(echo $miss | wc -w)" "${rows% }" "$(sed -n "${first}p" "want/$p.txt" | cut -d' ' -f3-)" \
				"$(tr '\n' '|' < "$d/$2-$first.txt" 2>/dev/null)"
			if [ "$3" = other ]; then
				bad "$r $p: $2 read a symbol that is not on the label on $4 of $n labels (rows $5); row ${5%% *} gave [$7], want [$6]"
			else
				bad "$r $p: $2 missed the $3 on $4 of $n labels (rows $5); row ${5%% *} gave [$7], want [$6]"
			fi
		done
	done < pdfs.txt
	echo "$r all: zbar $tze/$tn EAN $tzq/$tn QR, zxing $txe/$tn EAN $txq/$tn QR"
done
# every PDF of the list was made and checked: 2 sheets and 5 roll PDFs
expect_eq "$(wc -l < pdfs.txt)" 7 "PDFs made"
finish

#!/bin/sh
# The automatic layout (`ocoplabel template new`, issue 27) over a grid of label sizes. Covered: at 203 dpi
# (profile xprinter-203) the sizes 30x20 40x30 50x30 58x40 70x50 90x60 100x70 100x150 mm, at 300 dpi
# (tsc-300) 40x30 58x40 90x60 100x150, and without a printer profile (standard EAN-13 range, 203 dpi) 70x50
# and 100x70; each sized (--for) for three real products of examples/quangninh-products.csv: the longest
# name, the longest producer and the longest address. Each template that is made:
#   - the roll PDF of the three products, rasterised as CUPS does for a label printer (Ghostscript 1-bit
#     at the printer's dpi): every label decodes with zbarimg and with ZXingReader -noscale to exactly its
#     EAN-13 and GS1 Digital Link (the tests' own builder, gs1dl.py), and its ink keeps 1 mm from every edge;
#   - the TSPL job (from the template's printer profile) read back by tests/tspl_read.py: the same;
#   - every text element keeps min_size 5 pt (mandatory text: letters of 1.2 mm; the renderer refuses less).
# Each refusal names the element that does not fit (ocoplabel: ELEMENT: ...) and a size ("use WxH mm");
# that size is then made. --pos: the QR module measured on a 600 dpi raster is within GS1's retail POS
# range (0.396 to 0.990 mm). sheets: --sheet 2x5 (99x57) and 3x7 (70x42.4) on A4 write a sheet file that
# batch --sheet loads; every label of the example file decodes in its position at 300 dpi, the page's ink keeps
# 4 mm from its edges and batch does not warn; grids past the page are refused with their numbers. roll: --roll
# --gap 3 writes a printer profile the template names and the TSPL job says GAP 3 mm; --columns 2 is refused.
# With AUTOLAYOUT_SHEET=FILE.png a contact sheet of the 203 dpi grid is made.
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
measure="$py $here/autolayout_measure.py"

# the three products with the longest name, producer and address
$py - "$examples/quangninh-products.csv" > sub.csv <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
pick = []
for k in ("name", "producer", "address"):
    r = max(rows, key=lambda r: len(r[k]))
    if r not in pick:
        pick.append(r)
w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
w.writeheader()
w.writerows(pick)
PYEOF
nprod=$(($(wc -l < sub.csv) - 1))
# the codes each label must carry, in row order: "EAN-13:GTIN QR-Code:URL"
$py - sub.csv "$here" > want.txt <<'PYEOF'
import csv, sys
sys.path.insert(0, sys.argv[2])
import gs1dl
for rec in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    print("EAN-13:" + rec["gtin"].strip(), "QR-Code:" + gs1dl.build(rec))
PYEOF

# decodes IMAGE with both decoders against line N of want.txt; WHAT names it
decodes() {
	read -r ean qr <<EOF2
$(sed -n "$2p" want.txt)
EOF2
	z=$(zbar "$1"); x=$(zxing "$1")
	printf '%s\n' "$z" | grep -qxF "$ean" && printf '%s\n' "$z" | grep -qxF "$qr" && ok ||
		bad "$3: zbarimg read [$(echo $z)], want $ean and the Digital Link"
	printf '%s\n' "$x" | grep -qxF "$ean" && printf '%s\n' "$x" | grep -qxF "$qr" && ok ||
		bad "$3: ZXingReader read [$(echo $x)], want $ean and the Digital Link"
}

made=''
# one grid cell: NAME SIZE DPI [template new options...]
cell() {
	name=$1 size=$2 dpi=$3
	shift 3
	run template new "$name" --size "$size" --for sub.csv --today "$today" "$@"
	if [ "$rc" -eq 1 ]; then
		# a refusal: the element and a size that works
		el=$(printf '%s' "$err1" | sed -n 's/^ocoplabel: \([a-z]*\): .*/\1/p')
		case $el in mark|name|producer|codes|dates|quantity|qr|ean) ok ;; *) bad "$name: refusal names no element: $err1" ;; esac
		use=$(printf '%s' "$err1" | sed -n 's/.*use \([0-9.]*\)×\([0-9.]*\) mm.*/\1x\2/p')
		if [ -z "$use" ]; then
			bad "$name: refusal names no size that works: $err1"
		else
			echo "$name: refused ($err1)"
			run template new "$name-use" --size "$use" --for sub.csv --today "$today" "$@"
			expect_eq "$rc" 0 "$name: the suggested size $use is made ($err1)"
		fi
		return
	fi
	expect_eq "$rc" 0 "$name: template new ($err)"
	[ "$rc" -eq 0 ] || return
	made="$made $name"
	# mandatory text: no text element under 5 pt
	small=$(grep -c '^min_size=\([0-4]\(\.[0-9]*\)\?\)$' "$name.ini")
	expect_eq "$small" 0 "$name: text with min_size under 5 pt"
	# the roll PDF through Ghostscript 1-bit at the printer's dpi
	run batch -q --today="$today" sub.csv -t "./$name.ini" --dpi "$dpi" -o "$name.pdf"
	expect_eq "$rc $err" "0 " "$name: batch PDF without a warning"
	mkdir "$name-gs"
	gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r"$dpi" -o "$name-gs/p-%03d.png" "$name.pdf" || bad "$name: gs"
	n=0
	for p in "$name-gs"/p-*.png; do
		n=$((n + 1))
		decodes "$p" "$n" "$name (Ghostscript $dpi dpi) label $n"
		convert "$p" -depth 8 "${p%.png}.pgm"
	done
	expect_eq "$n" "$nprod" "$name: labels in the PDF"
	$measure margins "$dpi" 1.0 "$name-gs"/p-*.pgm > "$name-m.txt"
	while read -r verdict rest; do
		[ "$verdict" = OK ] && ok || bad "$name: $verdict $rest"
	done < "$name-m.txt"
	# the TSPL job of the template's printer profile, read back
	if grep -q '^printer=' "$name.ini"; then
		run batch -q --today="$today" sub.csv -t "./$name.ini" -o "$name.tspl"
		expect_eq "$rc $err" "0 " "$name: batch TSPL"
		mkdir "$name-tspl"
		$py "$here/tspl_read.py" "$name.tspl" --dpi "$dpi" --out-dir "$name-tspl" > "$name-tspl.json" 2> "$name-tspl.err" ||
			bad "$name: tspl_read: $(head -c 300 "$name-tspl.err")"
		n=0
		for p in "$name-tspl"/label-*.pbm; do
			[ -f "$p" ] || continue
			n=$((n + 1))
			convert "$p" "${p%.pbm}.png" && decodes "${p%.pbm}.png" "$n" "$name (TSPL) label $n"
			convert "$p" -depth 8 "${p%.pbm}.pgm"
		done
		expect_eq "$n" "$nprod" "$name: labels in the TSPL job"
		$measure margins "$dpi" 1.0 "$name-tspl"/label-*.pgm > "$name-mt.txt"
		while read -r verdict rest; do
			[ "$verdict" = OK ] && ok || bad "$name (TSPL): $verdict $rest"
		done < "$name-mt.txt"
	fi
}

if case_begin grid-203; then
	for s in 30x20 40x30 50x30 58x40 70x50 90x60 100x70 100x150; do
		cell "a203-$s" "$s" 203 --printer-profile xprinter-203
	done
	for s in 70x50 100x70; do
		cell "std203-$s" "$s" 203 --dpi 203
	done
fi

if case_begin grid-300; then
	for s in 40x30 58x40 90x60 100x150; do
		cell "a300-$s" "$s" 300 --printer-profile tsc-300
	done
fi

if case_begin refusals; then
	# the EAN-13 does not fit 25 mm; the message names it and a size; --no-ean (a service) fits
	run template new tiny --size 25x20 --printer-profile xprinter-203
	expect_eq "$rc" 1 "25x20: refused"
	case $err1 in "ocoplabel: ean: the EAN-13 needs "*" mm of width at 203 dpi"*"use "*"×"*" mm or leave the EAN out for a service") ok ;;
	*) bad "25x20: refusal: $err1" ;; esac
	# outside 25x20 to A5: a usage error
	run template new huge --size 300x200
	expect_eq "$rc" 2 "300x200: usage error ($err1)"
	run template new bad --size 40
	expect_eq "$rc" 2 "--size 40: usage error"
	# a product with an 8-digit GTIN: laid out (it was refused at every size), and its EAN-8 decodes on the
	# printer's path
	printf 'name,producer,address,stars,gtin,growing_area,packing_facility,lot\nMật ong,HTX Bình Liêu,Bình Liêu,4,96385074,VN-QNOR-0012,VN-QNPH-003,L1\n' >e8.csv
	run template new e8 --size 40x30 --for e8.csv --printer-profile xprinter-203 -o e8.ini
	expect_eq "$rc" 0 "an EAN-8 product: laid out ($err1)"
	"$bin" batch -q --today "$today" e8.csv -t ./e8.ini -o e8.pdf || bad "an EAN-8 product: batch"
	gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r203 -sOutputFile=e8.png e8.pdf
	expect_eq "$(zbar e8.png | tr '\n' ' ')" "EAN-8:96385074 QR-Code:https://id.gs1.org/01/00000096385074/10/L1?vt=VN-QNOR-0012&csdg=VN-QNPH-003 " "an EAN-8 product: both codes decode after Ghostscript at 203 dpi"
fi

if case_begin pos; then
	run template new pos --size 70x50 --pos --printer-profile xprinter-203 --for sub.csv --today "$today"
	expect_eq "$rc" 0 "--pos 70x50: made ($err)"
	grep -qx 'pos=true' pos.ini && ok || bad "--pos: the template says pos=true"
	run batch -q --today="$today" sub.csv -t ./pos.ini -o pos.pdf
	expect_eq "$rc" 0 "--pos: batch ($err)"
	gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r600 -o pos-%03d.png pos.pdf
	convert pos-001.png -depth 8 pos.pgm
	box=$($py - pos.ini <<'PYEOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None, strict=False)
c.read(sys.argv[1], encoding="utf-8")
e = c["element qr"]
print(e["x"], e["y"], e["width"], e["height"])
PYEOF
)
	# shellcheck disable=SC2086
	m=$($measure module 600 $box pos.pgm)
	echo "--pos: QR module measured at 600 dpi: $m mm"
	$py -c "import sys; m = float(sys.argv[1]); sys.exit(0 if 0.396 <= m <= 0.990 else 1)" "$m" && ok ||
		bad "--pos: QR module $m mm outside GS1's 0.396 to 0.990 mm"
	decodes pos-001.png 1 "--pos label at 600 dpi"
fi

if case_begin check; then
	# templates --check: a shipped template has no errors and is not POS-ready (2-3 dot QR modules at 203 dpi);
	# with --pos that is an error; the --pos layout is POS-ready
	run templates --check product-100x70
	expect_eq "$rc $(tail -1 out.txt)" "0 POS-ready: no" "templates --check product-100x70"
	case $err in *"qr: not ready for retail POS scanners: the QR code's modules are 0.250 mm (2 dots at 203 dpi)"*) ok ;;
	*) bad "templates --check product-100x70: $err" ;; esac
	run templates --check product-100x70 --pos
	expect_eq "$rc" 1 "templates --check product-100x70 --pos: an error"
	run template new posc --size 70x50 --pos --printer-profile xprinter-203
	run templates --check ./posc.ini --pos
	expect_eq "$rc $(tail -1 out.txt | cut -d' ' -f1-2)" "0 POS-ready: yes" "templates --check of a --pos layout ($err)"
	# a hand-written template whose QR box overlaps the EAN's, and ink 0.5 mm from the edge
	sed -e '/^\[element qr\]/,/^$/s/^x=.*/x=60/' -e '/^\[element mark\]/,/^$/s/^x=.*/x=0.5/' \
		"$(layout_file product-100x70.ini)" > overlap.ini
	run templates --check ./overlap.ini
	expect_eq "$rc" 1 "templates --check overlap.ini: an error"
	case $err in *"ean: the box overlaps element 'qr'"*) ok ;; *) bad "overlap: $err" ;; esac
	case $err in *"warning: mark: the box comes 0.50 mm from an edge"*) ok ;; *) bad "margin: $err" ;; esac
fi

if case_begin sheets; then
	# template new --sheet: a sheet file beside the template, loaded by batch --sheet; every label of the example
	# file decodes in its sheet position at 300 dpi, and batch gives no warning of ink in the unprinted border
	full=$examples/quangninh-products.csv
	$py "$here/gs1dl.py" --csv "$full" > full-urls.txt
	$py -c 'import csv,sys; [print(r["gtin"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]' "$full" > full-gtins.txt
	nfull=$(wc -l < full-gtins.txt)
	# decode_cell PAGE.png POS W H LEFT TOP COLS PITCHX PITCHY: the codes of one sheet position at 300 dpi
	decode_cell() {
		set -- "$@" "$($py -c "import sys; a = [float(v) for v in sys.argv[1:]]; c, r = int(a[0]) % int(a[5]), int(a[0]) // int(a[5])
print(*(round(v / 25.4 * 300) for v in (a[3] + c * a[6], a[4] + r * a[7], a[1], a[2])))" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9")"
		set -- "$1" ${10}
		convert "$1" -crop "${4}x${5}+${2}+${3}" +repage cell.png
		a=$(zbar cell.png | tr '\n' '|'); b=$(zxing cell.png | tr '\n' '|')
		if [ "$a" = "$b" ]; then echo "$a"; else echo "decoders disagree: zbar[$a] zxing[$b]"; fi
	}
	# key FILE KEY: a number of the [sheet] section
	key() { sed -n "s/^$2=//p" "$1"; }
	for spec in "d99 99x57 2x5 6 6" "d70 70x42.4 3x7 0 0.1"; do
		set -- $spec
		name=$1 size=$2 grid=$3
		run template new "$name" --size "$size" --sheet "$grid" --page A4 --for "$full" --today "$today"
		expect_eq "$rc" 0 "$name: template new --sheet $grid ($err)"
		[ -f "$name.ini" ] && [ -f "$name-sheet.ini" ] && ok || bad "$name: $name.ini and $name-sheet.ini written"
		expect_eq "$(key "$name-sheet.ini" template)" "$name" "$name: the sheet names its template"
		# the default margins centre the grid on the page; the pitch is the label's size
		expect_eq "$(key "$name-sheet.ini" left) $(key "$name-sheet.ini" top)" "$4 $5" "$name: grid centred"
		expect_eq "$(key "$name-sheet.ini" column_pitch)x$(key "$name-sheet.ini" row_pitch)" "$size" "$name: pitch"
		run batch --today="$today" "$full" --sheet "./$name-sheet.ini" -t "./$name.ini" -o "$name.pdf"
		expect_eq "$rc" 0 "$name: batch --sheet ($err)"
		expect_eq "$err" "" "$name: batch says nothing of ink in the page's unprinted border"
		pdftoppm -r 300 -gray -png "$name.pdf" "$name-p"
		cols=${grid%x*} rows=${grid#*x} per=$((${grid%x*} * ${grid#*x}))
		lw=${size%x*} lh=${size#*x}
		i=0
		while [ "$i" -lt "$nfull" ]; do
			page=$((i / per + 1)) pos=$((i % per))
			png=$(ls "$name"-p-*"$page".png | head -1)
			g=$(sed -n "$((i + 1))p" full-gtins.txt); url=$(sed -n "$((i + 1))p" full-urls.txt)
			expect_eq "$(decode_cell "$png" "$pos" "$lw" "$lh" "$4" "$5" "$cols" "$lw" "$lh")" "EAN-13:$g|QR-Code:$url|" \
				"$name: row $((i + 1)) at page $page position $((pos + 1))"
			i=$((i + 1))
		done
		# the ink of every page keeps the printable margin (4 mm) from the page's edges
		for p in "$name"-p-*.png; do convert "$p" -depth 8 "${p%.png}.pgm"; done
		$measure margins 300 4.0 "$name"-p-*.pgm > "$name-pm.txt"
		while read -r verdict rest; do
			[ "$verdict" = OK ] && ok || bad "$name page: $verdict $rest"
		done < "$name-pm.txt"
	done
	# the same 3x7 sheet with a template laid out for the label alone (ink 1.5 mm from its edges): batch warns
	run template new plain70 --size 70x42.4 --for "$full" --today "$today"
	run batch --today="$today" "$full" --sheet ./d70-sheet.ini -t ./plain70.ini -o plain70.pdf
	case $err in *"come within 1.5 mm of the page edge"*) ok ;; *) bad "a label-only layout on the 3x7 sheet: $err" ;; esac
	# a grid past the page and overlapping labels are refused with their numbers; no file is left
	run template new wide --size 70x42.4 --sheet 3x7 --page A5
	expect_eq "$rc $err1" "2 ocoplabel: 3 columns of 70 mm labels at a pitch of 70 mm are 210 mm wide, more than the 148 mm page" \
		"a grid wider than the page"
	run template new tall --size 99x57 --sheet 2x6
	expect_eq "$rc $err1" "2 ocoplabel: 6 rows of 57 mm labels at a pitch of 57 mm are 342 mm high, more than the 297 mm page" \
		"a grid higher than the page"
	run template new over --size 99x57 --sheet 2x5 --pitch 98,57
	expect_eq "$rc $err1" "2 ocoplabel: a column pitch of 98 mm is less than the 99 mm label width: the labels overlap" \
		"overlapping labels"
	run template new off --size 99x57 --sheet 2x5 --margins 20,6
	expect_eq "$rc $err1" "2 ocoplabel: the 198x285 mm grid from left=20 top=6 mm ends at 218 x 291 mm, past the 210x297 mm page" \
		"margins past the page"
	[ -e wide.ini ] || [ -e wide-sheet.ini ] || [ -e tall-sheet.ini ] || [ -e over-sheet.ini ] || [ -e off-sheet.ini ] &&
		bad "a refused sheet left a file" || ok
fi

if case_begin roll; then
	# --roll --gap 3: a printer profile with that gap, named by the template; the TSPL job says GAP 3 mm
	full=$examples/quangninh-products.csv
	run template new r58 --size 58x40 --roll --gap 3 --for "$full" --today "$today"
	expect_eq "$rc" 0 "--roll --gap 3: made ($err)"
	expect_eq "$(sed -n 's/^gap=//p' r58-printer.ini) $(sed -n 's/^media=//p' r58-printer.ini)" "3 gap" "the profile's gap"
	expect_eq "$(sed -n 's/^printer=//p' r58.ini)" "./r58-printer.ini" "the template names the profile"
	run batch -q --today="$today" "$full" -t ./r58.ini -o r58.tspl
	expect_eq "$rc" 0 "--roll: TSPL job ($err)"
	expect_eq "$(grep -a '^GAP' r58.tspl | tr -d '\r' | sort -u)" "GAP 3 mm,0 mm" "the TSPL job's gap"
	mkdir r58-tspl
	$py "$here/tspl_read.py" r58.tspl --dpi 203 --out-dir r58-tspl > r58.json 2> r58.err && ok ||
		bad "tspl_read: $(head -c 300 r58.err)"
	expect_eq "$(ls r58-tspl/label-*.pbm | wc -l)" "$(($(wc -l < "$full") - 1))" "labels in the TSPL job"
	# a ZPL profile: ZPL has no gap length (^MNY finds the gap with the sensor): the job says web sensing
	run template new z58 --size 58x40 --roll --gap 2.5 --printer-profile zebra-203 --for "$full" --today "$today"
	expect_eq "$rc $(sed -n 's/^gap=//p' z58-printer.ini)" "0 2.5" "--roll ZPL profile"
	run batch -q --today="$today" "$full" -t ./z58.ini -o z58.zpl
	expect_eq "$(grep -ao '\^MN.' z58.zpl | sort -u)" "^MNY" "the ZPL job senses the gap"
	# labels two across: refused, not faked
	run template new two --size 40x30 --roll --columns 2
	case $rc:$err1 in "2:ocoplabel: template: --columns 2: labels 2 across a roll are not supported"*) ok ;;
	*) bad "--columns 2: $rc $err1" ;; esac
	[ -e two-printer.ini ] && bad "--columns 2 left a profile" || ok
	run template new mix --size 40x30 --gap 3
	expect_eq "$rc" 2 "--gap without --roll: usage error"
fi

if [ -n "${AUTOLAYOUT_SHEET:-}" ]; then
	set --
	for name in $made; do
		case $name in a203-*|a300-*|std203-*) ;; *) continue ;; esac
		# every label at 5 pixels per mm, so that the sizes compare
		wmm=${name#*-}; wmm=${wmm%x*}
		[ -f "$name-gs/p-001.png" ] && convert "$name-gs/p-001.png" -resize "$((wmm * 5))x" "$name-sheet.png" &&
			set -- "$@" -label "${name#*-} mm, ${name%%-*}" "$name-sheet.png"
	done
	montage "$@" -tile 4x -geometry '+8+8' -pointsize 14 -background '#ddd' "$AUTOLAYOUT_SHEET" && echo "contact sheet: $AUTOLAYOUT_SHEET"
fi
finish

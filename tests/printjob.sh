#!/bin/sh
# ocoplabel tests: TSPL and ZPL print jobs along the path a thermal printer takes them.
# ZPL through an independent renderer (zpl-renderer-js, tests/npm-tools.sh installs it); TSPL through
# the tests' own reader (tests/tspl_read.py). Every raster label must equal the --mono PNG at the
# printer's dpi pixel for pixel and decode (zbarimg, ZXingReader) to exactly the label's Digital Link
# and EAN-13; --printer-codes jobs decode the same (ZPL) or carry the exact commands (TSPL).
# Usage: printjob.sh OCOPLABEL EXAMPLES_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
examples=$2
py=/usr/bin/python3
npmdir=${OCOPLABEL_NPM_DIR:-/usr/local/lib/ocoplabel-test-npm}
if ! command -v node >/dev/null || [ ! -d "$npmdir/node_modules/zpl-renderer-js" ]; then
	echo "printjob.sh: node or zpl-renderer-js missing: run tests/npm-tools.sh (./quickstart.sh test does)" >&2
	exit 1
fi
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1

today="--today 2026-06-01"
csv="$examples/quangninh-products.csv"
# the Digital Link and the codes of both records below
url="https://id.gs1.org/01/08936001000010/10/L2301?vt=VN-QN-001&csdg=CSDG-QN-01"
want="EAN-13:8936001000010
QR-Code:$url"
# the record of most cases
set -- gtin=8936001000010 "name=Mật ong" "producer=HTX Ong mật" "address=Đông Triều" stars=4 lot=L2301 \
	growing_area=VN-QN-001 packing_facility=CSDG-QN-01
# honey CMD...: runs CMD with the fields of a longer record of the same product (the raster case)
honey() {
	"$@" gtin=8936001000010 "name=Mật ong hoa nhãn Đông Triều" "producer=HTX Ong mật Đông Triều" \
		"address=Bình Khê, Đông Triều, Quảng Ninh" stars=4 lot=L2301 growing_area=VN-QN-001 packing_facility=CSDG-QN-01 \
		net_quantity=500g origin=Việt\ Nam
}

# differ IMG_A IMG_B: number of pixels that differ (ImageMagick)
differ() { compare -metric AE "$1" "$2" null: 2>&1 | sed 's/ .*//'; }
# zdiffer RENDERED REF: zpl-renderer-js draws on whole dots per mm (12 at 300 dpi: 304.8 dpi), so its
# canvas can be a few dots larger than the label (^PW): it centres the label across the canvas, so the
# REF-sized part at ((W - w) / 2, 0) must equal REF; the rest must be white ("AE:1")
zdiffer() {
	W=$(identify -format %w "$1") w=$(identify -format %w "$2") h=$(identify -format %h "$2")
	dx=$(((W - w) / 2))
	d=$(convert "$1" -crop "${w}x$h+$dx+0" +repage png:- | compare -metric AE - "$2" null: 2>&1 | sed 's/ .*//')
	rest=$(convert "$1" -fill white -draw "rectangle $dx,0 $((dx + w - 1)),$((h - 1))" -format '%[fx:minima.intensity]' info:)
	echo "$d:$rest"
}

# ---- raster jobs: TEMPLATE TSPL-PROFILE ZPL-PROFILE DPI DOTS-PER-MM ----
if case_begin raster; then
for case in "thermal-50x30 xprinter-203 zebra-203 203 8" "thermal-50x30 tsc-300 zebra-300 300 12" \
	"thermal-100x50 xprinter-203 zebra-203 203 8" "product-100x70 tsc-300 zebra-300 300 12"; do
	read -r tpl tspl zpl dpi dpmm <<EOF
$case
EOF
	w=$(echo "$tpl" | sed 's/.*-\([0-9]*\)x.*/\1/') h=$(echo "$tpl" | sed 's/.*x\([0-9]*\)$/\1/')
	id="$tpl $dpi dpi"
	honey "$bin" render -q -t "$tpl" --mono --dpi "$dpi" -o ref.png || bad "$id: mono PNG"
	# TSPL raster: the reader's image is the PNG's, dot for dot
	honey "$bin" render -q -t "$tpl" --printer-profile "$tspl" -o a.tspl && ok || bad "$id: TSPL job"
	rm -rf t && $py "$here/tspl_read.py" a.tspl --dpi "$dpi" --out-dir t >t.json && ok || bad "$id: TSPL reader"
	expect_eq "$(differ t/label-0001.pbm ref.png)" 0 "$id: TSPL raster = --mono PNG"
	expect_eq "$(zbar t/label-0001.pbm)" "$want" "$id: TSPL raster, zbarimg"
	convert t/label-0001.pbm t1.png
	expect_eq "$(zxing t1.png)" "$want" "$id: TSPL raster, ZXingReader"
	# ZPL raster, rendered by zpl-renderer-js
	honey "$bin" render -q -t "$tpl" --printer-profile "$zpl" -o a.zpl && ok || bad "$id: ZPL job"
	rm -rf z && node "$here/zpl_render.js" a.zpl "$w" "$h" "$dpmm" z >z.json && ok || bad "$id: zpl-renderer-js"
	expect_eq "$(zdiffer z/label-0001.png ref.png)" 0:1 "$id: ZPL raster (zpl-renderer-js) = --mono PNG"
	expect_eq "$(zbar z/label-0001.png)" "$want" "$id: ZPL raster, zbarimg"
	expect_eq "$(zxing z/label-0001.png)" "$want" "$id: ZPL raster, ZXingReader"
	# ZPL --printer-codes: the renderer draws ^BQ and ^BE; smaller, and reads the same
	honey "$bin" render -q -t "$tpl" --printer-profile "$zpl" --printer-codes -o c.zpl && ok || bad "$id: ZPL codes job"
	rm -rf zc && node "$here/zpl_render.js" c.zpl "$w" "$h" "$dpmm" zc >/dev/null && ok || bad "$id: render ZPL codes"
	expect_eq "$(zbar zc/label-0001.png)" "$want" "$id: ZPL --printer-codes, zbarimg"
	expect_eq "$(zxing zc/label-0001.png)" "$want" "$id: ZPL --printer-codes, ZXingReader"
	[ "$(wc -c <c.zpl)" -lt "$(wc -c <a.zpl)" ] && ok || bad "$id: --printer-codes makes a smaller ZPL job"
	# TSPL --printer-codes: the commands at the plan's positions; the image has no codes left
	honey "$bin" render -q -t "$tpl" --printer-profile "$tspl" --printer-codes -o c.tspl && ok || bad "$id: TSPL codes job"
	rm -rf tc && $py "$here/tspl_read.py" c.tspl --dpi "$dpi" --out-dir tc >tc.json && ok || bad "$id: read TSPL codes"
	expect_eq "$(zbar tc/label-0001.pbm)" "" "$id: TSPL --printer-codes image carries no code of its own"
	got=$($py -c 'import json,sys; l=json.load(open("tc.json"))["labels"][0]; q=l["qrcodes"][0]; b=l["barcodes"][0]
print(q["ecc"], q["mode"], q["rotation"], q["data"]); print(b["type"], b["readable"], b["rotation"], b["narrow"] == b["wide"], b["data"])')
	expect_eq "$got" "M A 0 $url
EAN13 0 0 True 893600100001" "$id: TSPL QRCODE and BARCODE commands"
	[ "$(wc -c <c.tspl)" -lt "$(wc -c <a.tspl)" ] && ok || bad "$id: --printer-codes makes a smaller TSPL job"
done
fi

# ---- the exact commands of one job at 203 dpi (thermal-50x30): settings, codes and the print count ----
if case_begin commands; then
"$bin" render -q -t thermal-50x30 --printer-codes -o e.tspl "$@"
expect_eq "$(LC_ALL=C grep -a -v '^BITMAP' e.tspl | tr -d '\r')" "SIZE 50 mm,30 mm
GAP 2 mm,0 mm
DIRECTION 0
REFERENCE 0,0
SPEED 3
DENSITY 8
CLS
QRCODE 299,27,M,2,A,0,\"$url\"
BARCODE 34,162,\"EAN13\",46,0,0,2,2,\"893600100001\"
PRINT 1" "TSPL --printer-codes commands (xprinter-203)"
"$bin" render -q -t thermal-50x30 --printer-codes --format zpl -o e.zpl "$@"
expect_eq "$(LC_ALL=C grep -a -v 'GFA' e.zpl)" "~SD15
^XA
^PW400
^LL240
^LH0,0
^MNY
^PON
^PR3
^FO299,27^BQN,2,2,M^FDMA,$url^FS
^FO34,162^BY2^BEN,46,N,N^FD893600100001^FS
^PQ1
^XZ" "ZPL --printer-codes commands (zebra-203)"
# overrides: darkness, speed, offset move the job's settings and the codes
"$bin" render -q -t thermal-50x30 --printer-codes --darkness 12 --speed 2 --offset 1,-0.5 -o o.tspl "$@"
expect_eq "$(LC_ALL=C grep -a '^DENSITY\|^SPEED\|^QRCODE\|^BARCODE' o.tspl | tr -d '\r' | cut -c1-22)" "SPEED 2
DENSITY 12
QRCODE 307,23,M,2,A,0,
BARCODE 42,158,\"EAN13\"" "--darkness, --speed, --offset 1,-0.5 (8 dots right, 4 up)"
fi

# ---- a roll: labels in row order, each the PNG of the same row, copies as the printer's count ----
if case_begin roll; then
"$bin" batch -q $today "$csv" -t thermal-50x30 --format png --mono --dpi 203 -o pngs || bad "roll: PNG folder"
"$bin" batch -q $today "$csv" -t thermal-50x30 -o roll.tspl && ok || bad "roll: TSPL batch"
"$bin" batch -q $today "$csv" -t thermal-50x30 -o roll.zpl && ok || bad "roll: ZPL batch"
rm -rf rt rz
$py "$here/tspl_read.py" roll.tspl --dpi 203 --out-dir rt >rt.json || bad "roll: TSPL reader"
node "$here/zpl_render.js" roll.zpl 50 30 8 rz >rz.json || bad "roll: zpl-renderer-js"
n=$(ls pngs | wc -l)
[ "$n" -ge 10 ] && ok || bad "roll: $n PNG files"
expect_eq "$(ls rt | wc -l):$(ls rz | grep -c png)" "$n:$n" "roll: one label per row in both jobs"
i=0
for f in $(ls pngs); do
	i=$((i + 1))
	k=$(printf %04d "$i")
	expect_eq "$(differ "rt/label-$k.pbm" "pngs/$f")" 0 "roll TSPL label $i = $f"
	expect_eq "$(zdiffer "rz/label-$k.png" "pngs/$f")" 0:1 "roll ZPL label $i = $f"
done
# copies: the printer's own count (PRINT m, ^PQ m)
printf 'gtin,name,producer,address,stars,growing_area,packing_facility,copies\n8936001000010,Mật ong,HTX Ong,Đông Triều,4,VN-QN-001,CSDG-QN-01,3\n8936001000027,Trà hoa vàng,HTX Trà,Ba Chẽ,5,VN-QN-002,CSDG-QN-02,2\n' >copies.csv
"$bin" batch -q $today copies.csv -t thermal-50x30 -o copies.tspl && ok || bad "copies: TSPL"
"$bin" batch -q $today copies.csv -t thermal-50x30 -o copies.zpl && ok || bad "copies: ZPL"
expect_eq "$(LC_ALL=C grep -a '^PRINT' copies.tspl | tr -d '\r' | tr '\n' ' ')" "PRINT 3 PRINT 2 " "copies: PRINT m"
expect_eq "$(grep -a '^\^PQ' copies.zpl | tr '\n' ' ')" "^PQ3 ^PQ2 " "copies: ^PQ m"
# serialised: every label its own serial, so each is its own image printed once
"$bin" batch -q $today copies.csv -t thermal-50x30 --serialize -o serial.tspl && ok || bad "serialised TSPL"
rm -rf rs && $py "$here/tspl_read.py" serial.tspl --dpi 203 --out-dir rs >/dev/null
expect_eq "$(ls rs | wc -l)" 5 "serialised: 5 labels"
expect_eq "$(zbar rs/label-0005.pbm | grep QR)" "QR-Code:https://id.gs1.org/01/08936001000027/21/5?vt=VN-QN-002&csdg=CSDG-QN-02" "serialised: the 5th label's serial"
fi

# ---- the calibration label: rulers from the label's corner, moved by the offset ----
if case_begin calibrate; then
"$bin" calibrate -q -t thermal-50x30 -o cal.tspl && ok || bad "calibrate -o"
rm -rf rc && $py "$here/tspl_read.py" cal.tspl --dpi 203 --out-dir rc >/dev/null && ok || bad "calibration job reads"
# the 10 mm tick (3 mm long) at dot 80 of the top edge, black; the 1 mm tick ends after 8 dots
col() { convert "$1" -crop "1x$3+$2+0" txt:- | grep -c 'gray(0)\|#000000'; }
expect_eq "$(col rc/label-0001.pbm 80 24)" 24 "calibrate: the 10 mm tick is 3 mm long"
expect_eq "$(col rc/label-0001.pbm 8 24)" 8 "calibrate: the 1 mm tick is 1 mm long"
"$bin" calibrate -q -t thermal-50x30 --offset 1,0 -o cal2.tspl
rm -rf rc2 && $py "$here/tspl_read.py" cal2.tspl --dpi 203 --out-dir rc2 >/dev/null
expect_eq "$(col rc2/label-0001.pbm 88 24)" 24 "calibrate --offset 1,0: the 10 mm tick moves 8 dots"
# written as every output is (not 0600), and never into a file named for another format
expect_eq "$(stat -c %a cal.tspl)" 644 "calibrate -o: mode 0644"
run calibrate -t thermal-50x30 -o cal.pdf
expect_eq "$rc:$err" "2:ocoplabel: cal.pdf: a calibration label is a TSPL printer job, not a pdf file; name it cal.tspl" "calibrate -o cal.pdf refused"
[ ! -e cal.pdf ] && ok || bad "calibrate -o cal.pdf wrote a file"
fi

# ---- refused: a message, exit 2, nothing written ----
if case_begin refusals; then
run batch $today "$csv" -t thermal-50x30 -o s.tspl --sheet a4-3x8
expect_eq "$rc:$(head -1 err.txt)" "2:ocoplabel: --sheet is for sheet printers; TSPL and ZPL printers print on rolls, one label after another: leave out --sheet" "sheet with TSPL refused"
[ ! -e s.tspl ] && ok || bad "sheet with TSPL: nothing written"
run batch $today "$csv" --printer /dev/null
expect_eq "$rc:$err" "2:ocoplabel: --printer needs the printer's language: give --format tspl or zpl, or --printer-profile NAME (the thermal templates name their printer)
Try 'ocoplabel batch --help' for more information." "batch --printer without a language: the hint names batch"
run render -t thermal-50x30 --format zpl --dpi 250 -o d.zpl "$@"
expect_eq "$rc:$err" "2:ocoplabel: printer profile zebra-203: dpi: ZPL printers print at 152, 203, 300 or 600 dpi, not 250" "a dpi ZPL cannot express"
[ ! -e d.zpl ] && ok || bad "bad dpi: nothing written"
run render -t thermal-50x30 --printer-profile zebra-203 --format tspl -o p.tspl "$@"
expect_eq "$rc:$err" "2:ocoplabel: printer profile zebra-203 is for ZPL printers; give --format zpl or a TSPL profile" "profile of another language"
mkdir -p prof/printers
printf '[printer]\nlanguage=tspl\ndpi=203\ndarkness=99\n' >prof/printers/dark.ini
printf '[printer]\nlanguage=tspl\ndpi=203\noffset_x=-400\n' >prof/printers/far.ini
printf '[printer]\nlanguage=zpl\ndpi=203\nspeed=2.5\n' >prof/printers/half.ini
printf '[printer]\nlanguage=escpos\ndpi=203\n' >prof/printers/lang.ini
printf '[printer]\nlanguage=tspl\ndpi=203\nfrobnicate=1\n' >prof/printers/key.ini
for p in "dark:[printer] darkness: 99 is out of range (0 to 30)" \
	"far:[printer] offset_x: -400 is out of range (-20 to 20)" \
	"half:[printer] speed: 2.5 is not a ZPL speed (2 to 14 inches per second, whole; 0 keeps the printer's)" \
	"lang:[printer] language: 'escpos' is not one of: tspl, zpl" "key:[printer] frobnicate: unknown key"; do
	name=${p%%:*}
	run render -t thermal-50x30 --printer-profile "$tmp/prof/printers/$name.ini" -o h.tspl "$@"
	expect_eq "$rc:$err" "2:ocoplabel: $tmp/prof/printers/$name.ini: ${p#*:}" "hostile profile $name"
done
[ ! -e h.tspl ] && ok || bad "hostile profiles: nothing written"
run render -t thermal-100x50 --printer-profile tsc-300 --dpi 600 --printer-codes -o m.tspl "$@"
expect_eq "$rc" 2 "printer codes with a module over 10 dots refused"
case $err in *"dots per module (leave out --printer-codes to send it as an image)"*) ok ;; *) bad "module message: $err" ;; esac
fi

# ---- sending from the command line: render, batch (with and without -o) and calibrate to socket://,
# the printer (a listener on the loopback) gets exactly the job the file has ----
if case_begin send; then
listen() { # OUT: a listener for one job; sets $lport
	rm -f lport.txt
	$py "$here/listener.py" receive "$1" lport.txt >/dev/null 2>&1 &
	n=0
	while [ ! -s lport.txt ] && [ $n -lt 400 ]; do n=$((n + 1)); sleep 0.05; done
	lport=$(cat lport.txt)
}
# the roll job as a file, to compare
"$bin" batch -q $today "$csv" -t thermal-50x30 -o roll.tspl || bad "send: the roll job as a file"
listen sent-roll.bin
run batch $today "$csv" -t thermal-50x30 --format tspl --printer "socket://127.0.0.1:$lport"
expect_eq "$rc:$(tail -1 out.txt)" "0:12 labels made as a TSPL job" "batch --printer without -o"
expect_eq "$(grep -v warning: err.txt)" "ocoplabel: sent $(wc -c < roll.tspl | tr -d " ") bytes to socket://127.0.0.1:$lport" "batch --printer: the sent message"
wait
cmp -s sent-roll.bin roll.tspl && ok || bad "batch --printer: the printer did not get the roll job byte for byte"
# a thermal template names its printer (xprinter-203, TSPL): --printer needs no --format
listen sent-roll1.bin
run batch -q $today "$csv" -t thermal-50x30 --printer "socket://127.0.0.1:$lport"
wait
expect_eq "$rc" 0 "batch -t thermal-50x30 --printer without --format"
cmp -s sent-roll1.bin roll.tspl && ok || bad "thermal template without --format: the printer did not get the TSPL roll job"
listen sent-roll2.bin
run batch -q $today "$csv" -t thermal-50x30 -o roll2.zpl --printer "socket://127.0.0.1:$lport"
wait
expect_eq "$rc" 0 "batch -o and --printer"
cmp -s sent-roll2.bin roll2.zpl && ok || bad "batch -o --printer: the job sent differs from the file"
listen sent-one.bin
run render -t thermal-50x30 --format zpl --printer "socket://127.0.0.1:$lport" "$@"
wait
expect_eq "$rc:$(head -c 3 sent-one.bin)" "0:~SD" "render --printer"
listen sent-cal.bin
run calibrate -t thermal-50x30 --printer "socket://127.0.0.1:$lport"
wait
expect_eq "$rc:$(head -c 5 sent-cal.bin)" "0:SIZE " "calibrate --printer"
fi

# ---- a full disk part-way through a roll job (file size limit: EFBIG, the path ENOSPC takes), and a
# real ENOSPC on a small tmpfs when this machine lets the test mount one: a message, no partial job file.
# 64 KB fails before the roll's bytes start for the disk; 5 MB after the first 4 MB were started ----
if case_begin full; then
mkdir full
$py "$here/../bench/gen-products.py" 240 many.csv --urls
for f in tspl zpl; do
	(cd full && trap '' XFSZ && ulimit -f 64 && "$bin" batch -q $today "$csv" -t thermal-100x50 --copies 3 -o "roll.$f" \
		>../out.txt 2>../err.txt; echo $? >../rc.txt)
	expect_eq "$(cat rc.txt):$(cat err.txt)" "2:ocoplabel: roll.$f: cannot write: File too large" "disk full during a $f roll"
	(cd full && trap '' XFSZ && ulimit -f 5120 && "$bin" batch -q $today ../many.csv -t thermal-100x50 -o "roll.$f" \
		>../out.txt 2>../err.txt; echo $? >../rc.txt)
	expect_eq "$(cat rc.txt):$(cat err.txt)" "2:ocoplabel: roll.$f: cannot write: File too large" \
		"disk full after 4 MB of a $f roll were written"
	(cd full && trap '' XFSZ && ulimit -f 16 && "$bin" render -t thermal-100x50 --format $f -o "one.$f" "$@" \
		>../out.txt 2>../err.txt; echo $? >../rc.txt)
	expect_eq "$(cat rc.txt):$(cat err.txt)" "2:ocoplabel: one.$f: cannot write: File too large" "disk full, one $f label"
done
expect_eq "$(ls -A full)" "" "no partial job files after write failures"
mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
	run batch -q $today "$csv" -t thermal-100x50 -o small/roll.tspl
	expect_eq "$rc:$err" "2:ocoplabel: small/roll.tspl: cannot write: No space left on device" "tmpfs full, TSPL roll"
	expect_eq "$(ls -A small)" "" "nothing left on the full tmpfs"
	umount small
fi
fi
finish

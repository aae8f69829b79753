#!/bin/sh
# The PDF writer of documents (src/pdf/): a batch's PDF is valid (qpdf), says what it is (pdfinfo), carries
# its text as text (pdftotext: Vietnamese, the EAN digits, the stars) in subset fonts; copies are one form
# drawn again, and copies on pages of their own share one page stream, so a copy costs a few hundred bytes
# and still decodes; the memory of a run does not grow with its labels; a template with a logo image is
# drawn by cairo instead, and that PDF is valid too.
set -u
bin=$1
examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today="--today 2026-12-01"
head -4 "$examples/quangninh-products.csv" > three.csv
gtin=$(/usr/bin/python3 -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))["gtin"])' three.csv)

if case_begin structure; then
run batch three.csv --sheet a4-3x8 --outline --crop-marks $today -o sheet.pdf
expect_eq "$rc" 0 "sheet with outlines and crop marks: $err"
run batch three.csv -t thermal-60x40 $today -o roll.pdf
expect_eq "$rc" 0 "roll: $err"
for f in sheet.pdf roll.pdf; do
	qpdf --check "$f" >qpdf.txt 2>&1 && ok || bad "qpdf --check $f: $(tail -3 qpdf.txt)"
done
# crop marks only where no position is: the second row (38.5-73.5 mm down; empty) has no black dot after
# Ghostscript (an even-odd clip whose edges the positions share let Ghostscript draw the marks in it)
gs -q -dNOPAUSE -dBATCH -sDEVICE=pngmono -r203 -sOutputFile=sheet.png sheet.pdf
expect_eq "$(convert sheet.png -crop 1680x279+0+308 +repage -format '%[fx:minima]' info:)" 1 "no crop mark in the empty positions"
expect_eq "$(convert sheet.png -crop 1680x300+0+0 +repage -format '%[fx:minima]' info:)" 0 "the first row printed"
expect_eq "$(pdfinfo roll.pdf | sed -n 's/^Pages: *//p')" 3 "roll: a page a label"
expect_eq "$(pdfinfo sheet.pdf | sed -n 's/^Title: *//p')" "three" "the title is the product file's name"
expect_eq "$(pdfinfo sheet.pdf | sed -n 's/^Subject: *//p')" "OCOP label; barcodes made for 203 dpi printers" "subject"
expect_eq "$(pdfinfo sheet.pdf | sed -n 's/^Producer: *//p' | cut -d' ' -f1)" "ocoplabel" "written by ocoplabel's writer"
expect_eq "$(pdfinfo -isodates sheet.pdf | sed -n 's/^CreationDate: *//p')" "2026-05-28T20:26:40Z" \
	"creation date from SOURCE_DATE_EPOCH"
# the texts' fonts embedded as subsets, with the text of every glyph
pdffonts sheet.pdf | awk 'NR > 2 && $2 == "CID" && $3 == "TrueType" && $(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes"' |
	grep -q '^[A-Z]\{6\}+NotoSans' && ok || bad "Noto Sans embedded as a subset with ToUnicode: $(pdffonts sheet.pdf)"
fi

if case_begin text; then
run batch three.csv -t product-100x70 $today -o one.pdf
expect_eq "$rc" 0 "product-100x70: $err"
pdftotext -f 1 -l 1 one.pdf one.txt
# the first row's name, producer and address as written in the product file
/usr/bin/python3 - "$examples/quangninh-products.csv" one.txt <<'PY' && ok || bad "pdftotext lost text of label 1: $(cat one.txt)"
import csv, sys
row = next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
text = open(sys.argv[2], encoding="utf-8").read()
missing = [k for k in ("name", "producer", "address") if row[k] not in text]
gtin = row["gtin"]
if gtin[0] + " " + gtin[1:7] + " " + gtin[7:] not in text:
    missing.append("EAN digits " + gtin)
if "★" * int(row["stars"]) not in text or "OCOP" not in text:
    missing.append("the OCOP mark and stars")
sys.exit(1 if missing else print(missing) or 0)
PY
fi

if case_begin copies; then
# 1,000 copies of one label on pages of its own: a page object each, one page stream, one form
run batch three.csv -t thermal-60x40 --copies 1000 --max-labels 3000 $today -o copies.pdf
expect_eq "$rc" 0 "1,000 copies: $err"
qpdf --check copies.pdf >qpdf.txt 2>&1 && ok || bad "qpdf --check copies.pdf: $(tail -3 qpdf.txt)"
expect_eq "$(pdfinfo copies.pdf | sed -n 's/^Pages: *//p')" 3000 "a page a copy"
size=$(wc -c < copies.pdf)
# (cairo wrote each copy whole: about 2,000 bytes)
[ "$size" -lt $((3000 * 400)) ] && ok || bad "3,000 copies take $size bytes, over 400 a copy"
pdftoppm -r 300 -gray -f 1000 -l 1000 copies.pdf last >/dev/null 2>&1
zbar last-1000.pgm | grep -q "^EAN-13:$gtin$" && ok || bad "copy 1,000 does not decode: $(zbar last-1000.pgm)"
# copies N-up on sheets: the last page's labels decode
run batch three.csv --sheet a4-3x8 --copies 30 $today -o sheetcopies.pdf
expect_eq "$rc" 0 "copies on a sheet: $err"
gs -q -dNOPAUSE -dBATCH -sDEVICE=pngmono -r203 -dFirstPage=4 -dLastPage=4 -sOutputFile=p4.png sheetcopies.pdf
expect_eq "$(zbar p4.png | grep -c '^QR-Code:')" 18 "page 4 (copies 13-30 of the third row): 18 QR codes"
fi

if case_begin memory; then
# peak memory: 30,000 labels against 2,000 (cairo kept about 0.2 KB a label until the document ended). The
# 2,000 rows repeated, so that the reader's check of one name per GTIN (bounded: 100,000 GTINs) stays the same.
if [ -z "${OCOP_SANITIZED:-}" ]; then
	/usr/bin/python3 "$here/../bench/gen-products.py" 2000 rows2k.csv --urls >/dev/null
	{ cat rows2k.csv; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do tail -n +2 rows2k.csv; done; } > rows30k.csv
	rss() {
		/usr/bin/python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$bin" batch "$1" --sheet a4-3x8 --jobs 1 -q $today -o "$1.pdf"
	}
	small=$(rss rows2k.csv) && large=$(rss rows30k.csv) && ok || bad "the memory runs failed"
	echo "peak RSS: 2,000 labels $small KB, 30,000 labels $large KB"
	[ $((large - small)) -lt 1024 ] && ok || bad "28,000 more labels took $((large - small)) KB more (at most 1 MB)"
fi
fi

if case_begin logo; then
# a logo image in place of the mark: cairo draws the document
printf '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#c00"/></svg>' > logo.svg
run batch three.csv --sheet a4-3x8 --logo logo.svg $today -o logo.pdf
expect_eq "$rc" 0 "a logo: $err"
qpdf --check logo.pdf >qpdf.txt 2>&1 && ok || bad "qpdf --check logo.pdf: $(tail -3 qpdf.txt)"
expect_eq "$(pdfinfo logo.pdf | sed -n 's/^Producer: *//p' | cut -d' ' -f1)" "cairo" "a logo image: cairo writes the PDF"
gs -q -dNOPAUSE -dBATCH -sDEVICE=pngmono -r203 -sOutputFile=logo.png logo.pdf
expect_eq "$(zbar logo.png | grep -c '^EAN-13:')" 3 "the logo sheet's EAN codes decode"
fi

finish

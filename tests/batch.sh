#!/bin/sh
# ocoplabel batch and check on product files as users give them: the example file onto an A4 3x8
# sheet (every QR and EAN decodes to its row's values, in row order), roll PDFs, PNG/SVG folders,
# file variants (semicolon, BOM, CRLF, multi-line fields) giving identical labels, a table of
# broken files with their messages, --strict, --report, usage errors, --shard, --jobs, interruption,
# and the input never modified.
set -u
bin=$1
examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29

# gtins FILE.csv: the gtin column, one per line, in row order (a real CSV parser, not ours)
gtins() { python3 -c 'import csv,sys; [print(r["gtin"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]' "$1"; }
# decode_cell PAGE.png POS W H LEFT TOP COLS: "EAN-13:...|QR-Code:..." of one sheet position (0-based)
# at 300 dpi, from zbarimg and from ZXingReader (they must agree)
decode_cell() {
	px() { python3 -c "print(round($1 / 25.4 * 300))"; }
	col=$(($2 % $7)); row=$(($2 / $7))
	x=$(px "$5 + $col * $3"); y=$(px "$6 + $row * $4"); w=$(px "$3"); h=$(px "$4")
	convert "$1" -crop "${w}x${h}+${x}+${y}" +repage cell.png
	a=$(zbar cell.png | tr '\n' '|'); b=$(zxing cell.png | tr '\n' '|')
	if [ "$a" = "$b" ]; then echo "$a"; else echo "decoders disagree: zbar[$a] zxing[$b]"; fi
}
csv=$examples/quangninh-products.csv
# urls FILE.csv: the Digital Link of each row from the tests' own builder, in row order
urls() { python3 "$here/gs1dl.py" --csv "$1"; }
sum_before=$(md5sum < "$csv")
# u N: the Digital Link of row N of the example file
urls "$csv" > urls.txt
u() { sed -n "${1}p" urls.txt; }
# small product files of several cases: one row, a valid one (ok.csv), one of the example (one.csv)
hdr='name,producer,address,stars,gtin,growing_area,packing_facility'
good='Trà,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003'
printf '%s\n%s\n' "$hdr" "$good" > ok.csv
head -2 "$csv" > one.csv

# ---- the example product file on an A4 3x8 sheet ----
if case_begin sheet; then
run batch "$today" "$csv" -o sheet.pdf --sheet a4-3x8
expect_eq "$rc" 0 "sheet exit"
expect_eq "$out" "12 rows, 12 valid, 0 rejected
12 labels on 1 page written to sheet.pdf" "sheet summary"
# the small template truncates its bars on purpose (bar_height): no warning on every run
expect_eq "$err" "" "sheet stderr: the built-in templates draw ordinary products without warnings"
# the same sheet without its printable_margin: ink 1 mm from the page edge, inside the default 4 mm
grep -v '^printable_margin=' "$here/../templates/sheets/a4-3x8.ini" > edge.ini
run batch "$today" "$csv" -o edge.pdf --sheet ./edge.ini
expect_eq "$rc:$err" "0:warning: sheet: the labels of sheet edge come within 1.0 mm of the page edge, inside the 4 mm that printers leave unprinted: their outer text may be cut; set printable_margin in the sheet file if your printer prints closer" "ink in the printer's unprinted border warns"
qpdf --check sheet.pdf >/dev/null 2>&1 && ok || bad "qpdf --check sheet.pdf"
expect_eq "$(pdfinfo sheet.pdf | sed -n 's/^Pages: *//p')" 1 "sheet pages"
expect_eq "$(pdfinfo sheet.pdf | sed -n 's/^Page size: *//p')" "595.276 x 841.89 pts (A4)" "sheet page size"
pdftoppm -r 300 -gray -png sheet.pdf page
i=0
for g in $(gtins "$csv"); do
	u=$(sed -n "$((i + 1))p" urls.txt)
	expect_eq "$(decode_cell page-1.png $i 70 37 0 0.5 3)" "EAN-13:$g|QR-Code:$u|" "sheet position $((i + 1))"
	i=$((i + 1))
done
expect_eq "$i" 12 "example rows"
# the positions after the last label are empty
expect_eq "$(decode_cell page-1.png 12 70 37 0 0.5 3)" "" "position 13 empty"

# --first 23: two labels on the first sheet (positions 23, 24), the other ten on a new one
run batch "$today" "$csv" -o first.pdf --sheet a4-3x8 --first 23 --outline --crop-marks
expect_eq "$rc" 0 "--first exit"
expect_eq "$(echo "$out" | tail -1)" "12 labels on 2 pages written to first.pdf" "--first pages"
pdftoppm -r 300 -gray -png first.pdf first
set -- $(gtins "$csv")
expect_eq "$(decode_cell first-1.png 0 70 37 0 0.5 3)" "" "--first: position 1 left empty"
expect_eq "$(decode_cell first-1.png 22 70 37 0 0.5 3)" "EAN-13:$1|QR-Code:$(u 1)|" "--first: row 1 at 23"
expect_eq "$(decode_cell first-1.png 23 70 37 0 0.5 3)" "EAN-13:$2|QR-Code:$(u 2)|" "--first: row 2 at 24"
expect_eq "$(decode_cell first-2.png 0 70 37 0 0.5 3)" "EAN-13:$3|QR-Code:$(u 3)|" "--first: row 3 on page 2"

# --offset moves everything on the page by X,Y mm (1 mm = 72/25.4 pt)
first_word_x() { pdftotext -bbox -f 1 -l 1 "$1" - | sed -n 's/.*<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*/\1 \2/p' | head -1; }
run batch "$today" "$csv" -o off.pdf --sheet a4-3x8 --offset 2.5,-0.5
expect_eq "$rc" 0 "--offset exit"
set -- $(first_word_x sheet.pdf) $(first_word_x off.pdf)
expect_eq "$(python3 -c "print(round(($3 - $1) * 25.4 / 72, 2), round(($4 - $2) * 25.4 / 72, 2))")" "2.5 -0.5" "--offset shift"

# a 2x4 sheet centres the 100x70 template in its 105x74 positions; labels decode in order
run batch "$today" "$csv" -o a24.pdf --sheet a4-2x4
expect_eq "$(echo "$out" | tail -1)" "12 labels on 2 pages written to a24.pdf" "a4-2x4 pages"
# its ink keeps 4 mm from the page edges (tests/margins.sh measures it on the rasterised pages): no warning
expect_eq "$err" "" "a4-2x4: no warning about the page's unprinted border"
pdftoppm -r 300 -gray -png a24.pdf a24
set -- $(gtins "$csv")
expect_eq "$(decode_cell a24-2.png 3 105 74 0 0.5 2)" "EAN-13:${12}|QR-Code:$(u 12)|" "a4-2x4 last label"

# -o -: the PDF on standard output (for | lp), the summary on standard error
run batch "$today" "$csv" -o - --sheet a4-3x8
expect_eq "$rc:$(echo "$err" | tail -2)" "0:12 rows, 12 valid, 0 rejected
12 labels on 1 page written to standard output" "-o - summary on stderr"
cmp -s out.txt sheet.pdf && ok || bad "-o - gives the bytes of -o sheet.pdf"
run batch "$today" "$csv" -o - --format png
expect_eq "$rc:$err" "2:ocoplabel: -o - writes one PDF or print job to standard output; PNG and SVG labels are one file each: give -o FOLDER
Try 'ocoplabel batch --help' for more information." "-o - with PNG refused"
fi

# ---- one label per page (roll printers), copies ----
if case_begin roll; then
printf 'name,producer,address,stars,gtin,growing_area,packing_facility,Số lượng\n' > copies.csv
printf 'Miến dong,HTX Miến dong,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,3\n' >> copies.csv
printf 'Ruốc hàu,HTX Vân Đồn,Vân Đồn,3,8936012346121,VN-QNOR-0047,VN-QNPH-007,\n' >> copies.csv
printf 'Sá sùng,HTX Vân Đồn,Vân Đồn,4,8936012346176,VN-QNOR-0061,VN-QNPH-008,0\n' >> copies.csv
run batch "$today" copies.csv -o roll.pdf --copies 2
expect_eq "$rc" 0 "roll exit"
expect_eq "$(echo "$out" | tail -1)" "5 labels on 5 pages written to roll.pdf" "copies column, --copies for empty cells, 0 skips"
expect_eq "$(pdfinfo roll.pdf | sed -n 's/^Page size: *//p')" "283.465 x 198.425 pts" "roll page = label size"
pdftoppm -r 300 -gray -png roll.pdf roll
got=""
for p in roll-1.png roll-2.png roll-3.png roll-4.png roll-5.png; do got="$got$(zbar $p | grep EAN | cut -d: -f2) "; done
expect_eq "$got" "8936012346114 8936012346114 8936012346114 8936012346121 8936012346121 " "roll pages in row order"

# an extra column of the product file is printed by a template that names it
sed 's/^text=Số lô: {lot}/text=Ghi chú: {Ghi chú}\\nSố lô: {lot}/' "$here/../templates/small-70x37.ini" > note.ini
printf 'name,producer,address,stars,gtin,growing_area,packing_facility, Ghi chú \nTrà,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,Hàng mẫu\n' > note.csv
run batch "$today" note.csv -t ./note.ini -o note.pdf
expect_eq "$rc:$(pdftotext note.pdf - | grep Ghi)" "0:Ghi chú: Hàng mẫu" "extra column as a placeholder"
fi

# ---- PNG and SVG folders; one row; the name of a PDF ----
if case_begin folders; then
run batch "$today" "$csv" -o pngs --format png --dpi 203 --thermal
expect_eq "$rc" 0 "png folder exit"
expect_eq "$(ls pngs | head -2 | tr '\n' ' ')" "00001.png 00002.png " "png names"
expect_eq "$(ls pngs | wc -l)" 12 "png count"
set -- $(gtins "$csv")
expect_eq "$(zbar pngs/00012.png | tr '\n' '|')" "EAN-13:${12}|QR-Code:$(u 12)|" "png 12 decodes"
expect_eq "$(ls -a | grep -c partial)" 0 "no staging folder left"
run batch "$today" "$csv" -o pngs --format png
expect_eq "$rc" 2 "non-empty folder refused"
expect_eq "$err" "ocoplabel: pngs: the folder already has files; choose a new or empty folder, or allow replacing files (--overwrite)" "non-empty folder message"
run batch "$today" "$csv" -o pngs --format svg --overwrite --name-pattern '{gtin}/{lot}:{n}'
expect_eq "$rc" 0 "--overwrite exit"
expect_eq "$(ls pngs | wc -l)" 24 "svg added beside png"
expect_eq "$(ls pngs | grep svg | head -1)" "8936012346107_TH2611_00001.svg" "unsafe characters replaced"
mkdir empty
run batch "$today" "$csv" -o empty --format svg --name-pattern 'CON'
expect_eq "$rc" 0 "empty folder accepted"
expect_eq "$(ls empty | head -3 | tr '\n' ' ')" "_CON-10.svg _CON-11.svg _CON-12.svg " "reserved name and repeats made safe"
case $err in *"repeat"*) ok ;; *) bad "warning about repeated names: $err" ;; esac
# a folder named with a trailing slash, as in the README: new, or existing and empty
run batch "$today" "$csv" --format png -o slash/
expect_eq "$rc:$(echo "$out" | tail -1):$(ls slash | wc -l)" "0:12 labels written to slash/ as PNG files:12" "new folder with a trailing slash"
mkdir emptyslash
run batch "$today" "$csv" --format png -o emptyslash/
expect_eq "$rc:$err:$(ls emptyslash | wc -l)" "0::12" "existing empty folder with a trailing slash"
expect_eq "$(ls -a | grep -c partial)" 0 "no staging folder left (trailing slash)"
# a folder whose parent does not exist: said what to do, nothing created
run batch "$today" "$csv" --format png -o "no dir/labels"
expect_eq "$rc:$err" "2:ocoplabel: no dir/labels: the folder 'no dir' does not exist; create it with mkdir -p 'no dir'" "folder in a missing folder"
[ ! -e "no dir" ] && ok || bad "missing parent folder created"
# one row: singular words in the summary
run check "$today" one.csv
expect_eq "$out1" "1 row, 1 valid, 0 rejected" "check summary, one row"
run batch "$today" one.csv --format svg --serialize -o one
expect_eq "$out" "1 row, 1 valid, 0 rejected
1 label written to one/ as an SVG file
serial 1; continue with --serial-start 2" "batch summary, one label"
run batch "$today" one.csv --format png -o onepng
expect_eq "$(echo "$out" | tail -1)" "1 label written to onepng/ as a PNG file" "batch summary, one PNG"
# an upper-case .PDF is a PDF, as for render (it was refused as a folder name without --format)
run batch "$today" one.csv -o UPPER.PDF
expect_eq "$rc:$(echo "$out" | tail -1)" "0:1 label on 1 page written to UPPER.PDF" "batch -o X.PDF"
pdfinfo UPPER.PDF >/dev/null 2>&1 && ok || bad "UPPER.PDF is a PDF"
# a product file's name that is not UTF-8 is the PDF's title with U+FFFD ("drawing failed" before)
cp one.csv "$(printf 'r\227.csv')"
run batch "$today" "$(printf 'r\227.csv')" -o latin1.pdf
expect_eq "$rc:$(pdfinfo latin1.pdf | sed -n 's/^Title: *//p')" "0:r�" "a file name that is not UTF-8"
fi

# ---- variants of the same file give identical labels ----
if case_begin variants; then
# semicolons with a BOM and CRLF; the Vietnamese headings; a multi-line note column
python3 - "$csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
def write(path, rows, sep=",", bom=False, nl="\n", enc="utf-8"):
    with open(path, "w", encoding=enc, newline="") as f:
        if bom: f.write("\ufeff")
        w = csv.writer(f, delimiter=sep, lineterminator=nl, quoting=csv.QUOTE_MINIMAL)
        w.writerows(rows)
import os
for d in ("v1", "v2", "v3", "v4"): os.makedirs(d, exist_ok=True)
write("v1/p.csv", rows)
write("v2/p.csv", rows, sep=";", bom=True, nl="\r\n")
vi = {"name": "Tên sản phẩm", "producer": "Chủ thể", "address": " Địa chỉ ", "stars": "HẠNG SAO", "gtin": "Mã vạch",
      "growing_area": "Mã số vùng trồng", "packing_facility": "Mã số cơ sở đóng gói", "lot": "Số lô", "production_date": "NSX",
      "expiry_date": "HSD", "net_quantity": "Khối lượng tịnh", "ocop_cert_date": "ocop_cert_date"}
write("v3/p.csv", [[vi[h] for h in rows[0]]] + rows[1:])
write("v4/p.csv", [rows[0] + ["Ghi chú"]] + [r + ["dòng 1\ndòng 2, \"trích\""] for r in rows[1:]], nl="\r\n")
EOF
for v in v1 v2 v3 v4; do
	run batch "$today" $v/p.csv -o $v/p.pdf --sheet a4-3x8
	expect_eq "$rc:$(echo "$out" | head -1)" "0:12 rows, 12 valid, 0 rejected" "variant $v"
done
for v in v2 v3 v4; do
	cmp -s v1/p.pdf $v/p.pdf && ok || bad "variant $v gives different labels"
done
# a multi-line field does not shift the line numbers of later rows: break row 6 of v4
python3 - <<'EOF'
lines = open("v4/p.csv", encoding="utf-8", newline="").read().split("\r\n")
# rows take two physical lines each (the note has a line break): row k starts on physical line 2k
i = 5  # the 5th product row (split on CRLF: one element per row)
lines[i] = lines[i].replace("8936012346145", "8936012346146")
open("v4/bad.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
run check "$today" v4/bad.csv
expect_eq "$rc" 1 "multi-line file with a bad row"
expect_eq "$(echo "$err" | grep -v '^v4/bad.csv:1: warning: ')" "v4/bad.csv:10: gtin: wrong check digit in '8936012346146': the last digit should be 5 (8936012346145)" "line number after multi-line fields"
fi

# ---- broken files: each gets its own message; nothing is written; the input is unchanged ----
# (then the habits of spreadsheets, --strict and --report)
if case_begin broken; then
printf '%s\n%s\nMiến,HTX,Bình Liêu,4,8936012346114,VN-QNOR-0031\n' "$hdr" "$good" > fields.csv
printf '%s\n%s\nTr\303,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$hdr" "$good" > utf8.csv
printf '%s\n%s\nTr\000a,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$hdr" "$good" > nul.csv
printf '%s\n%s\n"Trà,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$hdr" "$good" > quote.csv
: > empty.csv
# not quite workbooks (tests/workbook.sh has the real ones): an .xlsx and an .ods without sheets, an .xls
/usr/bin/python3 -c '
import zipfile
for name, entry in (("book.xlsx", "xl/workbook.xml"), ("book.ods", "content.xml")):
    with zipfile.ZipFile(name, "w") as z:
        z.writestr("mimetype" if name.endswith(".ods") else "[Content_Types].xml", "x")
        z.writestr(entry, "<x/>")
open("old.xls", "wb").write(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
'
printf 'name,producer,address,stars\n' > cols.csv
printf '%s\n' "$hdr" > header-only.csv
# file | exit | stderr; with one job and with two (the file is then read while the document opens)
while IFS='|' read -r f want_rc want_err; do
	for j in 1 2; do
		before=$(md5sum < "$f" 2>/dev/null)
		run batch "$today" "$f" --jobs $j -o "out-$f.pdf"
		expect_eq "$rc" "$want_rc" "$f exit, --jobs $j"
		expect_eq "$(echo "$err" | head -1)" "$want_err" "$f message, --jobs $j"
		expect_eq "$(md5sum < "$f" 2>/dev/null)" "$before" "$f unchanged, --jobs $j"
		if [ "$want_rc" = 2 ]; then [ ! -e "out-$f.pdf" ] && ok || bad "$f: output written, --jobs $j"; fi
		rm -f "out-$f.pdf"
	done
done <<'TABLE'
fields.csv|1|fields.csv:3: row: 6 fields, but the header has 7 (check the separator ',' and the quotes)
utf8.csv|1|utf8.csv:3: name: not valid UTF-8 at byte 3 (save the file as UTF-8)
nul.csv|1|nul.csv:3: name: contains a NUL byte (the file may not be text)
quote.csv|1|quote.csv:3: row: a quoted field opened on this line is never closed (missing ")
empty.csv|2|ocoplabel: empty.csv: the file is empty; the first line must name the columns (name, producer, address, stars, gtin, growing_area, packing_facility)
cols.csv|2|ocoplabel: cols.csv:1: missing required columns: gtin, growing_area, packing_facility; name them gtin or Mã vạch, growing_area or Mã số vùng trồng, packing_facility or Mã số cơ sở đóng gói
book.xlsx|2|ocoplabel: book.xlsx: the workbook has no worksheets
book.ods|2|ocoplabel: book.ods: this is an OpenDocument file of another kind (x), not a spreadsheet
old.xls|2|ocoplabel: old.xls: this is an old Excel workbook (.xls, Excel 97-2003), which ocoplabel does not read: open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)
missing.csv|2|ocoplabel: missing.csv: cannot open: No such file or directory
header-only.csv|1|
TABLE
expect_eq "$(ls -A | grep -c '^\.out-')" 0 "no temporary output left by the refused files"
# both the product file and the output wrong: the product file's error, as when one opens after the other
for j in 1 2; do
	run batch "$today" missing.csv --jobs $j -o nodir/out.pdf
	expect_eq "$rc:$err" "2:ocoplabel: missing.csv: cannot open: No such file or directory" "missing file and folder, --jobs $j"
	run batch "$today" fields.csv --jobs $j -o nodir/out.pdf
	expect_eq "$rc:$err" "2:ocoplabel: nodir/out.pdf: the folder 'nodir' does not exist; create it with mkdir -p nodir" \
		"a good file, a missing folder, --jobs $j"
done
# what a spreadsheet does to a product file, each with its message: columns that are not fields, the
# same GTIN on two products, dates day/month or month/day, a date number, a GTIN in scientific
# notation, dates with a time (midnight accepted), packaged goods without dates (Decree 43)
cat > excel.csv <<'CSV'
STT,Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Mã vạch,Mã số vùng trồng,Mã số cơ sở đóng gói,NSX,HSD,Khối lượng tịnh,Ghi chú
1,Trà hoa vàng,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,11/1/2026,11/1/2028,50 g,
2,Miến dong Bình Liêu,HTX Miến,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,2026-10-20 00:00:00,2027-10-20 00:00:00,500 g,
3,Ruốc hàu,HTX Vân Đồn,Vân Đồn,3,8936012346121,VN-QNOR-0047,VN-QNPH-007,10/13/2026,,200 g,
4,Miến dong Ba Chẽ,HTX Miến,Ba Chẽ,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,,,500 g,
5,MIẾN DONG BÌNH LIÊU,HTX Miến,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,2026-10-20,2027-10-20,,
6,Trà,HTX,Ba Chẽ,5,8.93601E+12,VN-QNOR-0012,VN-QNPH-003,45962,2027-11-01 08:30:00,,
CSV
run check "$today" excel.csv
expect_eq "$rc:$out1" "1:6 rows, 4 valid, 2 rejected" "spreadsheet habits: summary"
expect_eq "$err" "excel.csv:1: warning: STT: not a field name; the column is kept for templates that use {STT}
excel.csv:1: warning: Ghi chú: not a field name; the column is kept for templates that use {Ghi chú}
excel.csv:1: warning: header: the field names (and Vietnamese headings) a column can have: name (Tên sản phẩm), producer (Chủ thể), address (Địa chỉ), stars (Hạng sao), gtin (Mã vạch), growing_area (Mã số vùng trồng), packing_facility (Mã số cơ sở đóng gói), product_group (Nhóm sản phẩm), trace_url (URL truy xuất), lot (Số lô), serial (Số seri), variant, production_date (NSX), expiry_date (HSD), net_quantity (Khối lượng tịnh), origin (Xuất xứ), ingredients (Thành phần), instructions (Hướng dẫn sử dụng, bảo quản), warnings (Cảnh báo), ocop_cert_date (Ngày chứng nhận), ocop_cert_no (Số giấy chứng nhận), standard (Tiêu chuẩn áp dụng), image (Hình ảnh), harvest_date (Ngày thu hoạch), packing_date (Ngày đóng gói), gln (GLN), copies (Số lượng); case, accents and spaces do not matter
excel.csv:2: warning: production_date: '11/1/2026' is read as 11 January 2026 (day first), but '10/13/2026' on line 4 is written month first; if the file's dates are month first, this one means 1 November 2026: write the dates day first, dd/mm/yyyy
excel.csv:2: warning: expiry_date: '11/1/2028' is read as 11 January 2028 (day first), but '10/13/2026' on line 4 is written month first; if the file's dates are month first, this one means 1 November 2028: write the dates day first, dd/mm/yyyy
excel.csv:4: production_date: the production date '10/13/2026' looks like month/day order (there is no month 13); write the day first, dd/mm/yyyy: 13/10/2026
excel.csv:4: warning: expiry_date: no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave it out only for goods that are not food
excel.csv:5: warning: gtin: 8936012346114 is also the GTIN of 'Miến dong Bình Liêu' on line 3; one GTIN is one product
excel.csv:5: warning: production_date: no production date (NSX) and no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave them out only for goods that are not food
excel.csv:7: gtin: '8.93601E+12' is the barcode number turned into a number in scientific notation by Excel, and its last digits are lost; format the column as Text (or type an apostrophe before the number, as in '8936012346107) and type the 13 digits again
excel.csv:7: production_date: the production date '45962' looks like an Excel date number: it would be 01/11/2025; format the column as Date (dd/mm/yyyy) or as Text in Excel and save the file again
excel.csv:7: expiry_date: the expiry date '2027-11-01 08:30:00' has a time of day (08:30:00); write the date only: 01/11/2027" "spreadsheet habits: messages"
check_err=$err
# batch says the same as check; -q silences the warnings
run batch "$today" excel.csv -o excel.pdf
expect_eq "$rc:$err" "1:$check_err" "spreadsheet habits: batch says what check says"
run check -q "$today" excel.csv
expect_eq "$rc:$(grep -c warning err.txt)" "1:0" "-q: no warnings"

# a row rejected: the others are still written (exit 1); --strict writes nothing
run batch "$today" fields.csv -o part.pdf
expect_eq "$out" "2 rows, 1 valid, 1 rejected
1 label on 1 page written to part.pdf" "partial run summary"
[ -s part.pdf ] && ok || bad "partial run: valid rows written"
run batch "$today" fields.csv -o strict.pdf --strict --report strict-report.csv
expect_eq "$rc" 1 "--strict exit"
expect_eq "$out" "2 rows, 1 valid, 1 rejected
no labels written (--strict)
1 rejected row listed in strict-report.csv" "--strict summary"
[ ! -e strict.pdf ] && ok || bad "--strict wrote a PDF"
expect_eq "$(ls -a | grep -c '^\.strict')" 0 "--strict left no temporary file"
run batch "$today" fields.csv -o - --strict
expect_eq "$rc:$(wc -c < out.txt)" "1:0" "-o - --strict with a rejected row: nothing on standard output"

# --report: one line per rejected row, all its problems, for Excel (BOM, CRLF, the input's separator)
printf '%s;%s\n' "name;producer;address;stars;gtin;growing_area;packing_facility" "" | sed 's/;$//' > r.csv
printf 'Trà;HTX;Ba Chẽ;7;8936012346100;VN-QNOR-0012;VN-QNPH-003\n' >> r.csv
printf '"Miến; dong";HTX;Bình Liêu;4;8936012346114;VN-QNOR-0031;VN-QNPH-005\n' >> r.csv
printf 'Ruốc;HTX;Vân Đồn;3;8936012346121\n' >> r.csv
run batch "$today" r.csv -o r.pdf --report report.csv
expect_eq "$rc" 1 "report run exit"
{
	printf '\357\273\277line;field;message;name\r\n'
	printf '%s\r\n' "2;stars, gtin;\"'7' is not a star rating; write 3, 4 or 5; wrong check digit in '8936012346100': the last digit should be 7 (8936012346107)\";Trà"
	printf '%s\r\n' "4;row;\"5 fields, but the header has 7 (check the separator ';' and the quotes)\";"
} > report.want
cmp -s report.csv report.want && ok || bad "report contents: $(diff report.csv report.want)"
run check "$today" r.csv --report report2.csv
expect_eq "$rc" 1 "check --report exit"
cmp -s report.csv report2.csv && ok || bad "check and batch write the same report"
run check "$today" ok.csv --report report3.csv
expect_eq "$(cat report3.csv)" "$(printf '\357\273\277line,field,message,name\r')" "empty report has the header"
fi

# ---- usage errors ----
if case_begin usage; then
run batch "$today" "$csv" -o x.png
expect_eq "$rc:$err" "2:ocoplabel: cannot tell the output format of 'x.png': name it .pdf, .tspl or .zpl, or give --format png or svg for a folder
Try 'ocoplabel batch --help' for more information." "batch format"
run batch "$today" "$csv" -o x.pdf --first 3
expect_eq "$rc" 2 "--first without --sheet"
run batch "$today" "$csv" -o x.pdf --sheet a4-3x8 --first 25
expect_eq "$rc:$err" "2:ocoplabel: first position 25 is out of range: sheet a4-3x8 has positions 1 to 24" "--first out of range"
run batch "$today" "$csv" -o x.pdf --sheet a4-3x8 -t product-100x70
expect_eq "$rc:$err" "2:ocoplabel: template product-100x70 is 100 x 70 mm, larger than the 70 x 37 mm labels of sheet a4-3x8" "template too big for the sheet"
run batch "$today" "$csv" -o x.pdf --sheet a4-9x9
expect_eq "$rc" 2 "unknown sheet"
run batch "$today" "$csv" -o x.pdf --offset 3
expect_eq "$rc" 2 "--offset without Y"
run batch "$today" "$csv" -o nodir/sub/x.pdf
expect_eq "$rc:$err" "2:ocoplabel: nodir/sub/x.pdf: the folder 'nodir/sub' does not exist; create it with mkdir -p nodir/sub" "output in a missing folder"
run batch "$today" "$csv" -o x.pdf --report nodir/rejected.csv
expect_eq "$rc:$err" "2:ocoplabel: nodir/rejected.csv: the folder 'nodir' does not exist; create it with mkdir -p nodir" "report in a missing folder"
[ ! -e x.pdf ] && ok || bad "report in a missing folder: the PDF written"
run check "$today" "$csv" -o x.pdf
expect_eq "$rc" 2 "check has no -o"
before=$(md5sum < ok.csv)
run batch "$today" ok.csv -o x.pdf --report ./ok.csv
expect_eq "$rc:$(head -1 err.txt)" "2:ocoplabel: ./ok.csv is the product file itself; the product file is never written" "report over the input refused"
run check "$today" ok.csv --report ok.csv
expect_eq "$rc" 2 "check: report over the input refused"
expect_eq "$(md5sum < ok.csv)" "$before" "input kept when the report names it"
fi

# ---- --shard K/N: the parts' labels, merged in order, are the whole run's ----
if case_begin shard; then
python3 "$here/../bench/gen-products.py" 31 shard.csv
# a rejected row inside the first part must not shift the numbers of the later parts: numbers come
# from the rows' positions (the copies of the rows before), a rejected row keeps its own unused
python3 - <<'EOF'
lines = open("shard.csv", encoding="utf-8", newline="").read().split("\r\n")
lines[5] = lines[5].replace(",5,", ",7,").replace(",4,", ",7,").replace(",3,", ",7,")
open("shard.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
"$bin" batch -q "$today" shard.csv -t small-70x37 --format png --copies 2 --serialize --serial-format 'S%04d' -o whole 2>/dev/null
expect_eq "$?" 1 "whole run with one rejected row"
for k in 1 2 3; do
	run batch "$today" shard.csv -t small-70x37 --format png --copies 2 --serialize --serial-format 'S%04d' --shard $k/3 -o part$k
	expect_eq "$rc" "$([ $k = 1 ] && echo 1 || echo 0)" "shard $k/3 exit"
done
expect_eq "$(sed -n 1p out.txt)" "shard 3/3: rows 21 to 31, labels from number 41" "shard summary"
mkdir merged && cp part1/* part2/* part3/* merged/
expect_eq "$(ls merged | wc -l)" 60 "30 valid rows x 2 labels"
# the rejected row (row 5) keeps its numbers 9 and 10 and its serials S0009, S0010: no file has them
expect_eq "$(ls whole | sed -n '8,9p' | tr '\n' ' ')" "00008.png 00011.png " "the rejected row's numbers left unused"
diff -r whole merged >/dev/null && ok || bad "merged shards differ from the whole run"
run batch "$today" shard.csv -o x.pdf --shard 4/3
expect_eq "$rc" 2 "--shard K > N refused"
# how a part counts the rows: as the whole run reads them (blank lines not rows, a row that cannot be read a
# row), from the read-through for the dates' order, or read through once more in a file without dates; with
# one thread and with two (where the reader opens beside the document)
python3 - <<'EOF'
import csv
rows = list(csv.reader(open("shard.csv", encoding="utf-8", newline="")))
w = csv.writer(open("blanks.csv", "w", encoding="utf-8", newline=""), lineterminator="\r\n")
for i, r in enumerate(rows[:16]):
    w.writerow(r[:-1] if i == 9 else r)  # a row of too few fields: rejected, still a row
    if i in (3, 4, 12):
        w.writerow([])  # a blank line: not a row
keep = [i for i, h in enumerate(rows[0]) if not h.endswith("_date")]
w = csv.writer(open("nodates.csv", "w", encoding="utf-8", newline=""), lineterminator="\r\n")
for r in rows[:16]:
    w.writerow([r[i] for i in keep])
EOF
for f in blanks nodates; do
	"$bin" batch -q "$today" $f.csv -t small-70x37 --format png -o whole-$f 2>/dev/null
	for j in 1 2; do
		for k in 1 2 3; do
			"$bin" batch -q "$today" $f.csv -t small-70x37 --format png --jobs $j --shard $k/3 -o $f-$j-$k 2>/dev/null
		done
		mkdir merged-$f-$j && cp $f-$j-1/* $f-$j-2/* $f-$j-3/* merged-$f-$j/
		diff -r whole-$f merged-$f-$j >/dev/null && ok || bad "$f.csv, --jobs $j: merged shards differ from the whole run"
	done
	run batch "$today" $f.csv -t small-70x37 --format png --shard 3/3 -o last-$f
	expect_eq "$(sed -n 1p out.txt)" "shard 3/3: rows 11 to 15, labels from number 11" "$f.csv: the last part's rows"
done
# 15 rows: row 5 (7 stars) rejected in both files, the short row too in blanks.csv
expect_eq "$(ls whole-blanks | wc -l):$(ls whole-nodates | wc -l)" "13:14" "the whole runs' labels"
fi

# ---- --jobs N: the same bytes for any number of threads ----
if case_begin jobs; then
python3 "$here/../bench/gen-products.py" 60 jobs.csv --urls
python3 "$here/../bench/gen-products.py" 30 nourl.csv
for j in 1 4; do
	"$bin" batch -q "$today" jobs.csv --sheet a4-3x8 --jobs $j -o sheet-j$j.pdf || bad "sheet --jobs $j"
	"$bin" batch -q "$today" nourl.csv --jobs $j --copies 2 --serialize -o roll-j$j.pdf || bad "roll --jobs $j"
	"$bin" batch -q "$today" jobs.csv --jobs $j -t thermal-60x40 --format png --dpi 203 --mono -o png-j$j || bad "png --jobs $j"
done
cmp -s sheet-j1.pdf sheet-j4.pdf && ok || bad "sheet PDF differs between --jobs 1 and 4"
cmp -s roll-j1.pdf roll-j4.pdf && ok || bad "serialised roll PDF differs between --jobs 1 and 4"
diff -r png-j1 png-j4 >/dev/null && ok || bad "PNG files differ between --jobs 1 and 4"
qpdf --check roll-j4.pdf >/dev/null 2>&1 && ok || bad "qpdf --check roll-j4.pdf"
# a row refused while drawing (its address does not fit the 50x30 label) among others, in any thread
python3 - <<'EOF'
lines = open("jobs.csv", encoding="utf-8", newline="").read().split("\r\n")
f = lines[7].split(",")
lines[7] = lines[7].replace('"Xã', '"' + "Thôn Khe Tâm rất xa, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, " * 3 + 'xã')
open("jobs.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
for j in 1 4; do
	run batch "$today" jobs.csv --jobs $j -t thermal-100x50 -o late-j$j.pdf --report late-j$j.csv
	expect_eq "$rc:$(sed -n 1p out.txt)" "1:60 rows, 59 valid, 1 rejected" "late refusal with --jobs $j"
	case $err in "jobs.csv:8: address: the text "*"does not fit its 74x6.6 mm box even at 4.8 pt"*) ok ;; *) bad "late refusal message --jobs $j: $err" ;; esac
done
cmp -s late-j1.pdf late-j4.pdf && ok || bad "late refusal: outputs differ"
cmp -s late-j1.csv late-j4.csv && ok || bad "late refusal: reports differ"
run check "$today" -t thermal-100x50 jobs.csv
expect_eq "$rc" 1 "check sees the text that does not fit"
# serialised, such a row keeps its serial unused (numbers come from the row's position, as in --shard):
# the labels of the other rows are 1 to 5 and 7 to 9
python3 "$here/../bench/gen-products.py" 9 ser.csv
python3 - <<'EOF'
lines = open("ser.csv", encoding="utf-8", newline="").read().split("\r\n")
lines[6] = lines[6].replace('"Xã', '"' + "Thôn Khe Tâm rất xa, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, " * 3 + 'xã')
open("ser.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
for j in 1 3; do
	run batch "$today" ser.csv -t thermal-100x50 --serialize --jobs $j -o ser-j$j.pdf
	expect_eq "$rc:$out" "1:9 rows, 8 valid, 1 rejected
8 labels on 8 pages written to ser-j$j.pdf
serials 1 to 9; continue with --serial-start 10" "serialised run with a row refused at layout, --jobs $j"
	case $err in "ser.csv:7: address: "*"does not fit its 74x6.6 mm box"*) ok ;; *) bad "serialised layout refusal message --jobs $j: $err" ;; esac
	expect_eq "$(pdftotext ser-j$j.pdf - | grep '^(21)' | tr '\n' ' ')" "(21) 1 (21) 2 (21) 3 (21) 4 (21) 5 (21) 7 (21) 8 (21) 9 " "serials by row position, --jobs $j"
done
fi

# ---- interrupted runs leave nothing ----
if case_begin interrupt; then
python3 "$here/../bench/gen-products.py" 20000 big.csv
for fmt in pdf png; do
	if [ $fmt = pdf ]; then o=int.pdf; else o=intdir; fi
	"$bin" batch "$today" big.csv -o $o --format $fmt -q 2>int-err.txt &
	pid=$!
	# the signal once the run is writing: its temporary file or folder is there
	wait_until 600 sh -c 'ls -a | grep -q "^\.int"' || bad "interrupted $fmt: no temporary output seen"
	kill -INT $pid
	wait $pid
	expect_eq "$?" 130 "interrupted $fmt exit"
	expect_eq "$(cat int-err.txt)" "ocoplabel: interrupted; nothing was written" "interrupted $fmt message"
	expect_eq "$(ls -a | grep -c '^\.\?int')" 1 "interrupted $fmt left nothing (only the message file)"
done
fi

# ---- SVG files are the same bytes whatever the threads ----
# cairo names images after a process-wide counter, which the library renumbers per file (was different
# on each run with --jobs 3)
if case_begin svg-jobs; then
for k in 1 2; do
	rm -rf "svgj$k"
	"$bin" batch "$csv" -t small-70x37 --format svg --jobs 3 -q -o "svgj$k" 2>/dev/null
done
expect_eq "$(ls svgj1 | wc -l)" 12 "12 SVG files"
expect_eq "$(diff -r svgj1 svgj2 && echo same)" "same" "SVG folders of two --jobs 3 runs are identical"
expect_eq "$(grep -o 'id="image[0-9]*"' svgj1/00001.svg)" 'id="image1"' "the SVG's image is image1"
fi

# ---- the problems as a clerk reads them ----
# 30 rows: every other row past its expiry date (HSD), one wrong check digit at line 9; with --jobs 3 the
# list is in row order, the warning that 15 rows share word for word given once with the count; --strict
# refuses the rows past their HSD and writes nothing; check names the layout it checked against
if case_begin problems; then
python3 - "$csv" <<'PY'
import csv, sys
src = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
rows = []
for i in range(30):
    x = dict(src[0])
    x["production_date"] = "01/01/2026"
    x["expiry_date"] = "01/10/2026" if i % 2 == 0 else "01/10/2027"
    if i == 7:
        x["gtin"] = "8936012345670"
    rows.append(x)
w = csv.DictWriter(open("hsd.csv", "w", encoding="utf-8", newline=""), fieldnames=list(src[0]))
w.writeheader()
w.writerows(rows)
PY
hsd="the expiry date (HSD) 01/10/2026 has passed: goods past it may not be sold; correct the date or leave the row out (batch --strict refuses it)"
run batch "$today" hsd.csv -o hsd.pdf --jobs 3
expect_eq "$rc:$out" "1:30 rows, 29 valid, 1 rejected
29 labels on 29 pages written to hsd.pdf" "expired HSD: a warning, the labels made"
expect_eq "$err" "hsd.csv:2: warning: expiry_date: $hsd
  ... and 14 more rows with the same warning, up to line 30
hsd.csv:9: gtin: wrong check digit in '8936012345670': the last digit should be 4 (8936012345674)" "the problems in row order, the shared warning once"
run batch "$today" hsd.csv -o hsd-strict.pdf --strict
expect_eq "$rc:$out" "1:30 rows, 14 valid, 16 rejected
no labels written (--strict)" "--strict refuses the rows past their HSD"
expect_eq "$(grep -c "^hsd.csv:[0-9]*: expiry_date: $hsd" err.txt):$(grep -c 'more rows' err.txt)" "15:0" "--strict: every refused row listed, none grouped"
[ ! -e hsd-strict.pdf ] && ok || bad "--strict wrote hsd-strict.pdf"
run check "$today" hsd.csv --sheet a4-3x8
expect_eq "$out" "30 rows, 29 valid, 1 rejected
checked for the template small-70x37 on the sheet a4-3x8, PDF for 203 dpi" "check names the layout it checked (the sheet's template)"
run check "$today" hsd.csv
expect_eq "$(echo "$out" | sed -n 2p)" "checked for the template product-100x70, PDF for 203 dpi (choose yours with -t or --sheet, as for batch)" "check without a layout: the default, and how to choose"
# the certificate's date under a heading clerks type ("Ngày cấp") is checked; one that only looks like it
# ("Ngày cấp GCN OCOP") is named in a warning, not silently left unchecked
head -2 "$csv" | sed '1s/ocop_cert_date$/Ngày cấp/; 2s/,[^,]*$/,01\/01\/2023/' >cap.csv
run check "$today" cap.csv
expect_eq "$rc:$err" "1:cap.csv:2: ocop_cert_date: the OCOP certificate of 01/01/2023 expired on 01/01/2026 (valid 36 months); the product must be re-rated before it may carry the OCOP mark" "the heading Ngày cấp: the certificate checked"
head -2 "$csv" | sed '1s/ocop_cert_date$/Ngày cấp GCN OCOP/' >near.csv
run check "$today" near.csv
expect_eq "$err1" "near.csv:1: warning: Ngày cấp GCN OCOP: not a field name, though it looks like ocop_cert_date: name the column Ngày chứng nhận to have it checked and printed; as it is, it is kept only for templates that use {Ngày cấp GCN OCOP}" "a heading near a field's: a warning naming the field"
fi

expect_eq "$(md5sum < "$csv")" "$sum_before" "example file unchanged"
finish

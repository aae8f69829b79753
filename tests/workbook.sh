#!/bin/sh
# ocoplabel tests: product files as workbooks. Fixtures made at test time by real writers (openpyxl,
# odfpy: tests/workbooks.py) and once by LibreOffice (tests/data/lo-products.*, committed): every cell
# read as the writer meant it (tests/workbook_check.py against the writer's manifest), rejected rows
# by their row number and cell, --worksheet and --skip-hidden, the example as .xlsx and .ods giving
# the CSV's PDF byte for byte and its codes, the report as a workbook, hostile workbooks refused with
# their messages and the input never changed.
# Usage: workbook.sh OCOPLABEL READER_DUMP EXAMPLES_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
dump=$2
examples=$3
py=/usr/bin/python3
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
today="--today 2026-06-01"
csv="$examples/quangninh-products.csv"

$py "$here/workbooks.py" wb "$csv" >/dev/null || { echo "workbooks.py failed" >&2; exit 1; }
sums=$(cd wb && sha256sum * | sha256sum)

# ---- every cell as the writer meant it ----
for f in example.xlsx example.ods cells.xlsx cells1904.xlsx cells.ods csv-named.xlsx xlsx-named.csv longcell.xlsx; do
	"$dump" "wb/$f" > d.jsonl
	$py "$here/workbook_check.py" wb/manifest.json "$f" d.jsonl >check.txt && ok || bad "$f: $(head -5 check.txt)"
done
for f in notes-first.xlsx notes-first.ods hidden-sheet.xlsx; do
	"$dump" "wb/$f" "Sản phẩm" > d.jsonl
	$py "$here/workbook_check.py" wb/manifest.json "$f" d.jsonl >check.txt && ok || bad "$f --worksheet: $(head -5 check.txt)"
done
for f in csv xlsx ods; do
	"$dump" "$here/data/lo-products.$f" > d.jsonl
	$py "$here/workbook_check.py" "$here/data/lo-products.json" "lo-products.$f" d.jsonl >check.txt && ok ||
		bad "LibreOffice's lo-products.$f: $(head -5 check.txt)"
done

# ---- rejected rows: the row number Excel shows, the field, the cell ----
run check $today wb/cells.xlsx
expect_eq "$rc" 1 "cells.xlsx: rows rejected"
expect_eq "$(grep -v -e 'warning:' err.txt; echo "$out1")" "wb/cells.xlsx:5: address: cell C5: the producer's address is required
wb/cells.xlsx:5: stars: cell D5: the OCOP star rating is required (3, 4 or 5)
wb/cells.xlsx:6: gtin: cell E6: the number 8936012346152.5 is not whole; a code is whole digits (format the column as Text and type the code again)
wb/cells.xlsx:7: stars: cell D7: the formula =1+1 has no saved value (the program that wrote the file does not calculate); open the workbook in Excel or LibreOffice and save it again
wb/cells.xlsx:8: producer: cell B8: holds the error value #N/A (a formula that failed); correct it in the workbook
wb/cells.xlsx:9: stars: cell D9: the formula =SUM(2,2) has no saved value (the program that wrote the file does not calculate); open the workbook in Excel or LibreOffice and save it again
9 rows, 4 valid, 5 rejected" "cells.xlsx: each problem with its row, field and cell"
run check $today wb/cells.ods
expect_eq "$(grep -v -e 'warning:' err.txt; echo "$out1")" "wb/cells.ods:11: gtin: cell E11: the number 8936012346152.5 is not whole; a code is whole digits (format the column as Text and type the code again)
9 rows, 8 valid, 1 rejected" "cells.ods: the rejected row"
# validation's messages name the cell too
printf 'Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Mã vạch,Mã số vùng trồng,Mã số cơ sở đóng gói\nTrà,HTX,Quảng Ninh,5,8936012346108,VN-1,VN-2\n' > bad.csv
$py -c 'import csv,sys,openpyxl
wb = openpyxl.Workbook(); ws = wb.active
for r in csv.reader(open(sys.argv[1], encoding="utf-8")): ws.append([int(v) if v.isdigit() else v for v in r])
wb.save(sys.argv[2])' bad.csv bad.xlsx
run check $today bad.xlsx
expect_eq "$rc:$(head -1 err.txt)" "1:bad.xlsx:2: gtin: cell E2: wrong check digit in '8936012346108': the last digit should be 7 (8936012346107)" "a wrong check digit named by its cell"
# --skip-hidden: row 4 of cells.xlsx is hidden
run check $today wb/cells.xlsx --skip-hidden
expect_eq "$out1" "8 rows, 3 valid, 5 rejected" "--skip-hidden leaves out the hidden row"

# ---- --worksheet ----
run check $today wb/notes-first.xlsx
expect_eq "$rc" 2 "a notes sheet first: refused"
case $err in *"(in the sheet 'Ghi chú'; the workbook's sheets: 'Ghi chú', 'Sản phẩm')") ok ;; *) bad "notes sheet message: $err" ;; esac
for w in "Sản phẩm" "sản phẩm" 2; do
	run check $today wb/notes-first.xlsx --worksheet "$w" -q
	expect_eq "$rc" 0 "--worksheet '$w'"
done
run check $today wb/notes-first.ods --worksheet 'Bảng giá'
expect_eq "$rc:$err" "2:ocoplabel: wb/notes-first.ods: the workbook has no sheet 'Bảng giá'; its sheets: 'Ghi chú', 'Sản phẩm' (name one, or give its number, 1 to 2)" "no such sheet"
run check $today wb/notes-first.ods --worksheet 3
expect_eq "$rc" 2 "--worksheet 3 of 2"

# ---- the example as a workbook: the CSV's PDF, byte for byte, and its codes ----
# (the PDF's title is the file's name without its extension: the CSV is given as example.csv)
cp "$csv" wb/example.csv
"$bin" batch -q $today wb/example.csv --sheet a4-3x8 -o csv.pdf || bad "CSV batch"
for f in example.xlsx example.ods; do
	"$bin" batch -q $today "wb/$f" --sheet a4-3x8 -o "$f.pdf" && ok || bad "$f batch"
	cmp -s csv.pdf "$f.pdf" && ok || bad "$f: the PDF differs from the CSV's"
done
rm wb/example.csv
"$bin" batch -q $today "$here/data/lo-products.csv" -t small-70x37 -o lo-csv.pdf || bad "lo CSV batch"
for f in xlsx ods; do
	"$bin" batch -q $today "$here/data/lo-products.$f" -t small-70x37 -o "lo-$f.pdf" && ok || bad "lo $f batch"
	cmp -s lo-csv.pdf "lo-$f.pdf" && ok || bad "LibreOffice's lo-products.$f: the PDF differs from the CSV's"
done
# typed GTINs and date cells reach the EAN and the Digital Link
"$bin" batch -q $today wb/example.xlsx --format png --dpi 300 -o pngs && ok || bad "PNG batch"
"$bin" batch -q $today "$csv" --format png --dpi 300 -o csv-pngs && ok || bad "CSV PNG batch"
want=$(zbar csv-pngs/00001.png | tr '\n' ' ')
expect_eq "$(zbar pngs/00001.png | tr '\n' ' ')" "$want" "label 1 from the workbook: zbarimg reads the CSV's codes"
expect_eq "$(zxing pngs/00001.png | tr '\n' ' ')" "$want" "label 1 from the workbook: ZXingReader reads the CSV's codes"
expect_eq "$want" "EAN-13:8936012346107 QR-Code:https://id.gs1.org/01/08936012346107/10/TH2611?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003 " "the typed GTIN and the date cells in the codes"

# ---- the report as a workbook ----
run check $today wb/cells.xlsx --report rej.xlsx
expect_eq "$($py -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; print(" ".join(str(r[0].value) for r in ws.iter_rows(min_row=2)))' rej.xlsx)" "5 6 7 8 9" "the report's rows, read back by openpyxl"

# ---- hostile and wrong files: a message each, exit 2, nothing written ----
hostile() { # FILE MESSAGE
	run batch $today "wb/$1" -o h.pdf
	expect_eq "$rc:$err" "2:ocoplabel: wb/$1: $2" "$1"
	[ ! -e h.pdf ] && ok || bad "$1: h.pdf written"
}
hostile bomb.xlsx "the part xl/worksheets/sheet1.xml is compressed 1010 to 1 (200 MB from 0.2 MB), over the limit of 200 to 1: not a workbook a spreadsheet program wrote (a zip bomb?)"
hostile bigstrings.xlsx "the part xl/sharedStrings.xml is 76 MB uncompressed, over the limit of 64 MB"
hostile laughs.xlsx "xl/sharedStrings.xml: the part declares a document type (<!DOCTYPE>), which Excel and LibreOffice never write and which can hide entity expansion or external files: refused"
hostile xxe.xlsx "xl/worksheets/sheet1.xml: the part declares a document type (<!DOCTYPE>), which Excel and LibreOffice never write and which can hide entity expansion or external files: refused"
grep -q 'root:' out.txt err.txt && bad "xxe: /etc/passwd read" || ok
hostile nosheets.xlsx "the workbook has no worksheets"
hostile encrypted.xlsx "the workbook is password-protected; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again"
hostile encrypted.ods "the workbook is password-protected; open it in LibreOffice, remove the password (File > Properties > Security) and save it again"
hostile old.xls "this is an old Excel workbook (.xls, Excel 97-2003), which ocoplabel does not read: open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
hostile truncated.xlsx "the workbook is damaged or cut short (its zip container cannot be read: Not a zip archive); save it again from Excel or LibreOffice, or copy it again"
hostile zip-other.xlsx "this is a zip file, but not a workbook (it has neither [Content_Types].xml nor mimetype): give a CSV file, an Excel workbook (.xlsx) or a LibreOffice one (.ods)"
hostile badutf8.xlsx "xl/sharedStrings.xml, line 2: not well-formed XML (Input is not proper UTF-8, indicate encoding ! / Bytes: 0xE0 0x20 0x68 0x6F)"
run batch $today wb/manycols.xlsx -o h.pdf
expect_eq "$rc:$err" "2:ocoplabel: wb/manycols.xlsx:1: row: cell XFD1: beyond column 1024 (the limit)" "manycols.xlsx"
run check $today wb/longcell.xlsx
expect_eq "$rc:$(head -1 err.txt)" "1:wb/longcell.xlsx:2: name: cell A2: longer than 65536 bytes (the limit)" "a cell over the limit: a row error"
# cut at every 10 % of a workbook: a message, never a crash
for p in 10 20 30 40 50 70 80 90 99; do
	head -c $(( $(wc -c < wb/example.xlsx) * p / 100 )) wb/example.xlsx > cut.xlsx
	run check $today cut.xlsx
	case $rc in 1|2) ok ;; *) bad "example.xlsx cut at $p %: exit $rc: $err" ;; esac
done
expect_eq "$(cd wb && sha256sum * | sha256sum)" "$sums" "the workbooks are never modified"
finish

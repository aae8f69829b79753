#!/bin/sh
# Runs examples/batch_pdf: an array of records and the example product file onto A4 3x8 sheets;
# every symbol on each page decodes (zbarimg, whole page) to the records' codes; rejected records
# and rows are reported with exact messages; a failed document leaves no file.
set -u
bin=$1
examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=2026-11-29

"$bin" array.pdf products.pdf "$examples/quangninh-products.csv" $today >out.txt 2>err.txt
expect_eq "$?" 0 "exit status"
expect_eq "$(cat out.txt)" "array.pdf: 3 label(s) on 1 page(s), 1 rejected
products.pdf: 12 label(s) on 1 page(s) from 12 row(s), 0 rejected" "stdout"
expect_eq "$(cat err.txt)" "1 record(s) rejected; the last: record 2: gtin: wrong check digit in '8936012346231': the last digit should be 7 (8936012346237)" "stderr"
for f in array.pdf products.pdf; do
	qpdf --check $f >/dev/null 2>&1 && ok || bad "qpdf --check $f"
	expect_eq "$(pdfinfo $f | sed -n 's/^Pages: *//p')" 1 "$f pages"
	expect_eq "$(pdfinfo $f | sed -n 's/^Page size: *//p')" "595.276 x 841.89 pts (A4)" "$f page size"
done

# the array: the three valid records, each with its EAN-13 and its Digital Link
want() {  # gtin growing_area packing_facility lot
	echo "EAN-13:$1"
	echo "QR-Code:$(python3 "$here/gs1dl.py" gtin=$1 growing_area=$2 packing_facility=$3 lot=$4)"
}
{
	want 8936012346206 VN-QNOR-0063 VN-QNPH-009 ND2608
	want 8936012346213 VN-QNOR-0071 VN-QNPH-002 CH2611
	want 8936012346220 VN-QNOR-0078 VN-QNPH-004 BG2611
} | sort >want-array.txt
pdftoppm -r 300 -gray -png array.pdf array
expect_eq "$(zbar array-1.png)" "$(cat want-array.txt)" "array page decodes"

# the product file: 12 rows, each row's EAN-13 and Digital Link
{
	python3 -c 'import csv,sys; [print("EAN-13:" + r["gtin"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]' "$examples/quangninh-products.csv"
	python3 "$here/gs1dl.py" --csv "$examples/quangninh-products.csv" | sed 's/^/QR-Code:/'
} | sort >want-products.txt
expect_eq "$(wc -l <want-products.txt)" 24 "24 expected symbols"
pdftoppm -r 300 -gray -png products.pdf products
expect_eq "$(zbar products-1.png)" "$(cat want-products.txt)" "products page decodes"

# a product file with an invalid row and a malformed one: both reported, the good row printed
cat >bad.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003
Gà đồi Tiên Yên,HTX Gà đồi Tiên Yên,"Tiên Yên, Quảng Ninh",2,8936012346145,VN-QNOR-0090,VN-QNPH-008
Khoai sọ Bình Liêu,HTX Bình Liêu,Bình Liêu,4
CSV
"$bin" array.pdf bad.pdf bad.csv $today >out.txt 2>err.txt
expect_eq "$?" 0 "bad rows: exit status"
expect_eq "$(sed -n 2p out.txt)" "bad.pdf: 1 label(s) on 1 page(s) from 3 row(s), 2 rejected" "bad rows: summary"
expect_eq "$(sed 1d err.txt)" "bad.csv:3: stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark
bad.csv:4: row: 4 fields, but the header has 7 (check the separator ',' and the quotes)" "bad rows: messages"
pdftoppm -r 300 -gray -png bad.pdf bad
expect_eq "$(zbar bad-1.png | tr '\n' ' ')" "EAN-13:8936012346107 QR-Code:$(python3 "$here/gs1dl.py" gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003) " "bad rows: the good row decodes"

# a product file that cannot be read: exit 1, the message, and no second PDF
rm -f products.pdf
"$bin" array.pdf products.pdf missing.csv $today >out.txt 2>err.txt
expect_eq "$?" 1 "missing file: exit status"
expect_eq "$(sed 1d err.txt)" "missing.csv: cannot open: No such file or directory" "missing file: message"
[ ! -e products.pdf ] && ok || bad "missing file: products.pdf written"
expect_eq "$(ls -A | grep -c '^\.')" 0 "no temporary files left"
finish

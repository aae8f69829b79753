#!/bin/sh
# The back label (back-100x70, nhãn phụ): the example product file with the columns of Decree 43
# (product group, ingredients, instructions, warnings, certificate number) from back-columns.csv is
# checked without a warning and rendered, every label printing its texts and a QR code that scans;
# a food row without ingredients gets the Decree 43 warning.
set -u
bin=$1 examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
py=/usr/bin/python3
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
today="--today 2026-12-01"

# the example file plus the new columns, joined on the product name
$py - "$examples/quangninh-products.csv" "$here/back-columns.csv" > back.csv <<'PY'
import csv, sys
base = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
extra = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
by = {r[0]: r[1:] for r in extra[1:]}
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(base[0] + extra[0][1:])
for r in base[1:]:
    w.writerow(r + by[r[0]])
PY
run check $today -t back-100x70 back.csv
expect_eq "$rc" 0 "check exit"
expect_eq "$out1" "12 rows, 12 valid, 0 rejected" "check: all valid"
expect_eq "$err" "" "check: no warnings"

run batch $today -t back-100x70 back.csv -o back.pdf
expect_eq "$rc" 0 "batch exit: $err"
pdftotext -layout back.pdf back.txt || bad "pdftotext"
for want in "Thành phần: Thịt hàu (85 %)" "Hướng dẫn sử dụng, bảo quản: Hãm 3 - 5 bông" "Cảnh báo: Không dùng cho trẻ em dưới 1 tuổi." \
	"Sản xuất tại: HTX Trà hoa vàng Ba Chẽ" "NSX: 01/11/2026" "Số lô: TH2611"; do
	grep -qF "$want" back.txt && ok || bad "back.pdf prints '$want'"
done
expect_eq "$(grep -c 'Thành phần:' back.txt)" 12 "every label prints its ingredients"

# one label as PNG: its QR code carries the Digital Link
run render $today -t back-100x70 -o back.png --dpi 300 "name=Ruốc hàu Vân Đồn" "producer=HTX Vân Đồn" "address=Vân Đồn, Quảng Ninh" \
	stars=3 gtin=8936012346121 growing_area=VN-QNOR-0047 packing_facility=VN-QNPH-007 lot=RH2611 "product_group=thực phẩm" \
	"ingredients=Thịt hàu (85 %), nước mắm" "instructions=Bảo quản trong ngăn mát." "warnings=Có chứa hàu."
expect_eq "$rc" 0 "render back.png: $err"
expect_eq "$(zbar back.png)" "QR-Code:https://id.gs1.org/01/08936012346121/10/RH2611?vt=VN-QNOR-0047&csdg=VN-QNPH-007" "back.png QR"

# the certificate's number on the back label (and on the 100 x 50 mm thermal label, beside its date)
run render $today -t back-100x70 -o cert.pdf "name=Mật ong" "producer=HTX" "address=Bình Liêu" stars=4 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 "ocop_cert_no=1234/QĐ-UBND" ocop_cert_date=15/03/2025
expect_eq "$rc" 0 "render with a certificate number: $err"
pdftotext -layout cert.pdf cert.txt
grep -qF "Giấy chứng nhận OCOP số 1234/QĐ-UBND" cert.txt && ok || bad "the back label prints the certificate number: $(cat cert.txt)"
# in the batch, the labels of the rows with a number print it, the others no such line
with_no=$($py -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["Số giấy chứng nhận"]))' "$here/back-columns.csv")
[ "$with_no" -gt 0 ] && ok || bad "back-columns.csv: no row with a certificate number"
expect_eq "$(grep -c 'Giấy chứng nhận OCOP số' back.txt)" "$with_no" "the batch prints the certificate number of the rows that have one"
run render $today -t thermal-100x50 -o cert100.pdf "name=Mật ong" "producer=HTX" "address=Bình Liêu" stars=4 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 "ocop_cert_no=1234/QĐ-UBND" ocop_cert_date=15/03/2025
pdftotext -layout cert100.pdf cert100.txt
grep -qF "Số 1234/QĐ-UBND" cert100.txt && ok || bad "thermal-100x50 prints the certificate number: $(cat cert100.txt)"
run render $today -t back-100x70 -o nocert.pdf "name=Mật ong" "producer=HTX" "address=Bình Liêu" stars=4 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
pdftotext -layout nocert.pdf nocert.txt
grep -qF "Giấy chứng nhận" nocert.txt && bad "a label without a certificate number prints its line" || ok

# a food without its ingredients: the Decree 43 warning, and the label is still made
run render $today -t back-100x70 -o noingr.pdf "name=Mật ong" "producer=HTX" "address=Bình Liêu" stars=4 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 product_group=food
expect_eq "$rc" 0 "render without ingredients"
expect_eq "$err" "warning: ingredients: no ingredients (Thành phần): the label of a food or drink must list them (Decree 43/2017/ND-CP, amended by Decree 111/2021/ND-CP); give them in the ingredients column and print them, e.g. with the back label back-100x70" "ingredients warning"
finish

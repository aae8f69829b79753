#!/bin/sh
# Runs examples/batch_job: a product file with a rejected and an unreadable row through the library's
# batch job onto A4 3x8 sheets, serialised: exact output (rejected rows with their lines, the first
# labels with their numbers and serials, the counts), the report, the labels decode with the serials
# of their rows' positions (the rejected row's left unused); a missing file leaves nothing.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
cat >p.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,copies
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,2
Gà đồi Tiên Yên,HTX Gà đồi Tiên Yên,"Tiên Yên, Quảng Ninh",2,8936012346145,VN-QNOR-0090,VN-QNPH-008,1
Khoai sọ Bình Liêu,HTX Bình Liêu,Bình Liêu,4
Miến dong Bình Liêu,HTX Miến dong,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,1
CSV
"$bin" p.csv out.pdf report.csv 2026-11-29 >out.txt 2>err.txt
expect_eq "$?" 0 "exit status"
expect_eq "$(cat out.txt)" "label 1 from line 2: serial QN00001
label 2 from line 2: serial QN00002
p.csv:3: rejected: stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark
p.csv:4: rejected: row: 4 fields, but the header has 8 (check the separator ',' and the quotes)
4 rows, 2 valid, 2 rejected; 3 label(s) on 1 page(s); serials 1 to 5" "stdout"
expect_eq "$(cat err.txt)" "" "stderr"
{
	printf '\357\273\277line,field,message,name\r\n'
	printf '%s\r\n' '3,stars,"2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark",Gà đồi Tiên Yên'
	printf '%s\r\n' "4,row,\"4 fields, but the header has 8 (check the separator ',' and the quotes)\","
} >want.csv
cmp -s report.csv want.csv && ok || bad "report: $(diff report.csv want.csv)"
qpdf --check out.pdf >/dev/null 2>&1 && ok || bad "qpdf --check out.pdf"
pdftoppm -r 300 -gray -png out.pdf page
# row 3 (1 copy) keeps serial 3 and the unreadable row 4 (the default copy) serial 4: row 5 has QN00005
expect_eq "$(zbar page-1.png | grep -c '/21/QN0000[125]?')" 3 "serials 1, 2 and 5 in the QR codes"
expect_eq "$(pdftotext out.pdf - | grep -c '(21) QN0000[34]')" 0 "serials 3 and 4 unused"
# a product file that cannot be read: exit 1, the message, nothing written
"$bin" missing.csv none.pdf none.csv 2026-11-29 >out.txt 2>err.txt
expect_eq "$?:$(cat err.txt)" "1:missing.csv: cannot open: No such file or directory" "missing file"
[ ! -e none.pdf ] && [ ! -e none.csv ] && ok || bad "missing file: output written"
expect_eq "$(ls -A | grep -c '^\.')" 0 "no temporary files left"
finish

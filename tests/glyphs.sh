#!/bin/sh
# The Type 3 glyph fonts of a PDF document are the document's: a product file that mixes EAN-8
# and EAN-13 GTINs, with an EAN element whose module comes from its box width (so the two sizes
# differ), gives one font per element and module size and the same bytes for any --jobs.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"

# small-70x37 with the module and bar height taken from the box (no module=, no bar_height=)
mkdir tpl
sed -e '/^module=/d' -e '/^bar_height=/d' "$(layout_file small-70x37.ini)" > tpl/small-wide.ini
export OCOPLABEL_TEMPLATE_PATH="$tmp/tpl${OCOPLABEL_TEMPLATE_PATH:+:$OCOPLABEL_TEMPLATE_PATH}"

# 30 rows alternating EAN-13 and EAN-8 (valid check digits)
/usr/bin/python3 - <<'PY'
def cd(d):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(d)))
    return str((10 - s % 10) % 10)
with open("mix.csv", "w", encoding="utf-8") as f:
    f.write("name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,net_quantity\n")
    for i in range(30):
        g = "893%04d" % (100 + i) if i % 2 else "893601234%03d" % i
        f.write("Trà hoa vàng %d,HTX Ba Chẽ,\"Xã Thanh Lâm, Ba Chẽ\",%d,%s,VN-QNOR-0012,VN-QNPH-003,TH%d,01/11/2026,01/11/2028,50 g\n"
                % (i, 3 + i % 3, g + cd(g), i))
PY

for j in 1 2 4; do
	run batch mix.csv -t small-wide --sheet a4-3x8 --jobs $j --today 2026-12-01 -o j$j.pdf
	expect_eq "$rc" 0 "batch --jobs $j: $err"
done
cmp -s j1.pdf j2.pdf && ok || bad "--jobs 1 and 2 give different PDFs"
cmp -s j1.pdf j4.pdf && ok || bad "--jobs 1 and 4 give different PDFs"
# EAN-13 digits, EAN-8 digits, the badge, the star row: one font each
for j in 1 2 4; do
	expect_eq "$(pdffonts j$j.pdf | grep -c 'Type 3')" 4 "Type 3 fonts with --jobs $j"
done
qpdf --check j1.pdf >/dev/null 2>&1 && ok || bad "qpdf --check j1.pdf"
# both symbologies still decode from the first page
pdftoppm -r 300 -f 1 -l 1 -gray -png j1.pdf page
codes=$(zbar page-1.png)
expect_eq "$(echo "$codes" | grep -c '^EAN-8:')" 12 "EAN-8 codes on page 1"
expect_eq "$(echo "$codes" | grep -c '^EAN-13:')" 12 "EAN-13 codes on page 1"
finish

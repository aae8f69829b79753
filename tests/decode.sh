#!/bin/sh
# End to end: every label of the example products, in every shipped template, as PNG at 203, 300
# and 600 dpi (8-bit gray and 1-bit mono) and as PDF rasterised by pdftoppm at 203 and 300 dpi,
# decodes with zbarimg and ZXingReader to exactly its Digital Link and GTIN; PDFs pass qpdf --check
# and embed every font. 203 dpi is a thermal printer's resolution: those runs use --thermal.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'

while IFS='|' read -r slug gtin name producer address stars ga pf; do
	[ -n "$slug" ] || continue
	for t in product-100x70 small-70x37 thermal-50x30 thermal-60x40 thermal-100x50; do
		set -- name="$name" producer="$producer" address="$address" stars="$stars" gtin="$gtin" \
			growing_area="$ga" packing_facility="$pf" lot=L01 production_date=01/11/2026 \
			expiry_date=01/11/2027 net_quantity="250 g"
		# the GS1 Digital Link, from the tests' own builder
		want=$(printf 'EAN-13:%s\nQR-Code:%s\n' "$gtin" "$(python3 "$here/gs1dl.py" "$@")" | sort)
		for dpi in 203 300 600; do
			thermal=""
			[ "$dpi" = 203 ] && thermal=--thermal
			for mono in "" --mono; do
				png="$tmp/$slug-$t-$dpi$mono.png"
				"$bin" render -q $thermal $mono -t "$t" --dpi "$dpi" -o "$png" "$@" || bad "render $png"
				expect_eq "$(zbar "$png")" "$want" "zbarimg $slug $t png $dpi$mono"
				expect_eq "$(zxing "$png")" "$want" "ZXingReader $slug $t png $dpi$mono"
			done
		done
		pdf="$tmp/$slug-$t.pdf"
		"$bin" render -q -t "$t" -o "$pdf" "$@" || bad "render $pdf"
		qpdf --check "$pdf" >/dev/null 2>&1 && ok || bad "qpdf --check $pdf"
		# every font embedded: column "emb" is yes on every row
		notemb=$(pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)
		nfonts=$(pdffonts "$pdf" | awk 'NR > 2' | wc -l)
		[ "$notemb" -eq 0 ] && [ "$nfonts" -ge 1 ] && ok || bad "fonts not embedded in $pdf"
		expect_eq "$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')" 1 "one page"
		for dpi in 300 203; do
			pdftoppm -r "$dpi" -gray -png "$pdf" "$tmp/r"
			expect_eq "$(zbar "$tmp/r-1.png")" "$want" "zbarimg $slug $t pdf@$dpi"
			expect_eq "$(zxing "$tmp/r-1.png")" "$want" "ZXingReader $slug $t pdf@$dpi"
		done
	done
done <<'ROWS'
tra-hoa-vang|8936012345674|Trà hoa vàng Ba Chẽ|HTX Trà hoa vàng Ba Chẽ|Xã Thanh Lâm, Ba Chẽ, Quảng Ninh|5|VN-QNOR-0012|VN-QNPH-003
mien-dong|8936012345681|Miến dong Bình Liêu|HTX Miến dong Bình Liêu|Thị trấn Bình Liêu, Bình Liêu, Quảng Ninh|4|VN-QNOR-0031|VN-QNPH-005
ruoc-hau|8936012345698|Ruốc hàu Vân Đồn|Công ty TNHH Thương mại Vân Đồn Xanh|Xã Hạ Long, Vân Đồn, Quảng Ninh|3|VN-QNOR-0047|VN-QNPH-007
ROWS

# A given trace URL with Vietnamese letters is carried percent-encoded (ASCII payload).
png="$tmp/url.png"
"$bin" render -q -t small-70x37 -o "$png" name="Nước mắm Cái Rồng" producer="HTX Cái Rồng" address="Vân Đồn" \
	stars=4 gtin=8936012345674 growing_area=VN-QNOR-0050 packing_facility=VN-QNPH-009 \
	trace_url="https://truyxuat.quangninh.gov.vn/sản-phẩm/nước-mắm?lô=1" || bad "render url"
url='https://truyxuat.quangninh.gov.vn/s%E1%BA%A3n-ph%E1%BA%A9m/n%C6%B0%E1%BB%9Bc-m%E1%BA%AFm?l%C3%B4=1'
expect_eq "$(zbar "$png" | grep QR)" "QR-Code:$url" "percent-encoded trace_url (zbarimg)"
expect_eq "$(zxing "$png" | grep QR)" "QR-Code:$url" "percent-encoded trace_url (ZXingReader)"

# EAN-8 for an 8-digit GTIN
png="$tmp/ean8.png"
"$bin" render -q -t small-70x37 -o "$png" name="Mật ong" producer="HTX" address="Ba Chẽ" stars=3 gtin=89360125 \
	growing_area=VN-QNOR-0060 packing_facility=VN-QNPH-001 || bad "render ean8"
expect_eq "$(zbar "$png" | grep EAN)" "EAN-8:89360125" "EAN-8 (zbarimg)"
expect_eq "$(zxing "$png" | grep EAN)" "EAN-8:89360125" "EAN-8 (ZXingReader)"
finish

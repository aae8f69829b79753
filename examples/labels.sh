#!/bin/sh
# Renders the example labels into OUTDIR (default examples/out):
#  - the example product file (12 Quang Ninh OCOP products) onto A4 3x8 decal
#    sheets, onto A4 2x4 sheets, as a roll PDF (one label per page) and as
#    300 dpi PNG files;
#  - three single labels, each with the 100x70 mm and the 70x37 mm template,
#    as PDF and PNG.
# Usage: examples/labels.sh [OCOPLABEL [OUTDIR]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-ocoplabel}
out=${2:-$here/out}
mkdir -p "$out"

render() {  # slug, then KEY=VALUE fields
	slug=$1; shift
	for t in product-100x70 small-70x37; do
		"$bin" render -t "$t" -o "$out/$slug-$t.pdf" "$@"
		"$bin" render -t "$t" -o "$out/$slug-$t.png" --dpi 300 "$@"
	done
}

products=$here/quangninh-products.csv
"$bin" batch "$products" --sheet a4-3x8 -o "$out/quangninh-a4-3x8.pdf"
"$bin" batch "$products" --sheet a4-2x4 -o "$out/quangninh-a4-2x4.pdf"
"$bin" batch "$products" -t small-70x37 -o "$out/quangninh-roll-70x37.pdf"
rm -rf "$out/quangninh-png"
"$bin" batch "$products" --format png --dpi 300 --name-pattern '{gtin}-{lot}' -o "$out/quangninh-png"

render tra-hoa-vang \
	name="Trà hoa vàng Ba Chẽ" producer="HTX Trà hoa vàng Ba Chẽ" \
	address="Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh" stars=5 \
	gtin=8936012345674 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 \
	lot=TH2611 production_date=2026-11-01 expiry_date=2028-11-01 net_quantity="50 g" \
	ocop_cert_date=15/03/2025

render mien-dong \
	name="Miến dong Bình Liêu" producer="HTX Miến dong Bình Liêu" \
	address="Thị trấn Bình Liêu, huyện Bình Liêu, tỉnh Quảng Ninh" stars=4 \
	gtin=8936012345681 growing_area=VN-QNOR-0031 packing_facility=VN-QNPH-005 \
	lot=MD2610 production_date=20/10/2026 expiry_date=20/10/2027 net_quantity="500 g"

render ruoc-hau \
	name="Ruốc hàu Vân Đồn" producer="Công ty TNHH Thương mại Vân Đồn Xanh" \
	address="Xã Hạ Long, huyện Vân Đồn, tỉnh Quảng Ninh" stars=3 \
	gtin=8936012345698 growing_area=VN-QNOR-0047 packing_facility=VN-QNPH-007 \
	lot=RH2611 production_date=05/11/2026 expiry_date=05/05/2027 net_quantity="200 g"

echo "labels written to $out:"
ls "$out"

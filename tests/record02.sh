#!/bin/sh
# ocoplabel tests: the record of Circular 02/2024/TT-BKHCN (docs/EPCIS.md). A product file with the new fields
# (image, standard, harvest_date, packing_date, gln): `ocoplabel site` copies the photo (the same bytes) to
# media/01/GTIN/HASH.jpg, shows it on the page and lists the ten items, writes trace/01/GTIN.json (the items,
# those the file does not give), linked from the linkset as gs1:traceability; `serve` answers the same paths
# (curl: the photo's bytes and type, the JSON). Hostile photos are refused with a message on the page and in
# the record, never copied: a file that is not an image, one over 5 MB, a path outside the product file's
# folder (../, and a symbolic link leading out), a file that does not exist; `site` names each with its row;
# `check` refuses the path outside.
# Usage: record02.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
today=2026-11-29
export OCOPLABEL_REGISTRY=none

mkdir -p shop/anh outside
# a real JPEG and PNG (ImageMagick), a PNG name over random bytes, a JPEG over 5 MB, a photo outside the folder
convert -size 64x48 xc:green shop/anh/tra.jpg
convert -size 10x10 xc:red outside/secret.png
head -c 4000 /dev/urandom >shop/anh/fake.png
{ printf '\377\330\377'; head -c 6000000 /dev/zero; } >shop/anh/big.jpg
ln -s ../../outside/secret.png shop/anh/link.png
cat >shop/p.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,image,standard,harvest_date,packing_date,gln
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,anh/tra.jpg,TCVN 7975:2008; TCCS 01:2024/HTX,20/10/2026,25/10/2026,8936012340006
Miến dong Bình Liêu,HTX Miến dong Bình Liêu,"Thị trấn Bình Liêu, tỉnh Quảng Ninh",4,8936012346114,VN-QNOR-0031,VN-QNPH-005,MD2610,20/10/2026,20/10/2027,anh/fake.png,,,,
Rượu mơ,HTX Rượu mơ Yên Tử,"Thượng Yên Công, Uông Bí, Quảng Ninh",3,8936012346121,VN-QNOR-0040,VN-QNPH-007,RM2611,01/11/2026,01/11/2029,anh/big.jpg,,,,
Chè Đường Hoa,HTX Chè Đường Hoa,"Đường Hoa, Hải Hà, Quảng Ninh",4,8936012346138,VN-QNOR-0050,VN-QNPH-009,CH2611,01/11/2026,01/11/2027,anh/link.png,,,,
Nấm Hoành Bồ,HTX Nấm Hoành Bồ,"Hoành Bồ, Hạ Long, Quảng Ninh",3,8936012346145,VN-QNOR-0060,VN-QNPH-011,NH2611,01/11/2026,01/11/2027,anh/none.jpg,,,,
CSV
cp shop/p.csv shop/outside.csv
sed -i 's#anh/tra.jpg#../outside/secret.png#' shop/outside.csv

root=https://qr.example.vn
if case_begin site; then
	run site shop/p.csv --resolver $root -o site --today $today
	expect_eq "$rc" 0 "site: $err"
	# each refused photo named to the clerk, with its row and why
	expect_eq "$err" "shop/p.csv:3: warning: image: the photo anh/fake.png is not shown on the page: the file is not a JPEG, PNG or WebP photo
shop/p.csv:4: warning: image: the photo anh/big.jpg is not shown on the page: the file is larger than 5 MB
shop/p.csv:5: warning: image: the photo anh/link.png is not shown on the page: it is not a file in the product file's folder (or an https address)
shop/p.csv:6: warning: image: the photo anh/none.jpg is not shown on the page: there is no such file beside the product file" "site: the refused photos"
	jpg=$(ls site/media/01/08936012346107/)
	cmp -s "site/media/01/08936012346107/$jpg" shop/anh/tra.jpg && ok || bad "the photo copied: [$jpg]"
	expect_eq "$(find site/media -type f | wc -l)" 1 "only the good photo is copied"
	page=site/p/01/08936012346107/10/TH2611/index.en.html
	grep -q "<img class=\"photo\" src=\"$root/media/01/08936012346107/$jpg\"" $page && ok || bad "the page shows the photo"
	# the ten items in the Circular's order
	expect_eq "$(sed -n '/id="record02"/,/<\/section>/p' $page | sed -n 's/.*<dt>\([^<]*\)<\/dt>.*/\1/p' | tr '\n' '|')" \
		"Product name|Product image|Producer|Producer&#39;s address|Place code of each stage|Time of each stage|Trace code|Lot or serial number|Expiry date|Standards applied|" "the ten items"
	grep -q "<dd>growing area VN-QNOR-0012; packing facility VN-QNPH-003; packing site GLN 8936012340006</dd>" $page && ok || bad "the stages' places"
	grep -q "<dd>harvested on 2026-10-20; produced on 2026-11-01; packed on 2026-10-25</dd>" $page && ok || bad "the stages' times"
	grep -q "<dd>TCVN 7975:2008; TCCS 01:2024/HTX</dd>" $page && ok || bad "the standards"
	# a row without a standard or stage dates says so, the page whole
	p2=site/p/01/08936012346114/10/MD2610/index.en.html
	expect_eq "$(grep -c 'not given in the producer&#39;s list' $p2)" 1 "what the file does not give"
	grep -q '</html>' $p2 && ok || bad "the page is whole"
	for g in 08936012346114:MD2610:"the file is not a JPEG, PNG or WebP photo" \
		08936012346121:RM2611:"the file is larger than 5 MB" \
		08936012346138:CH2611:"it is not a file in the product file&#39;s folder (or an https address)" \
		08936012346145:NH2611:"there is no such file beside the product file"; do
		gt=${g%%:*}; rest=${g#*:}; lot=${rest%%:*}; why=${rest#*:}
		grep -q "is not shown: $why\." "site/p/01/$gt/10/$lot/index.en.html" && ok || bad "refused photo of $gt: $why"
	done
	expect_eq "$(python3 -c '
import json
d = json.load(open("site/trace/01/08936012346107.json"))
r = d["rows"][0]
print(d["record"], r["image"].rsplit("/", 1)[1], [s["time"] for s in r["stages"]], r["stages"][2]["gln"], r["traceCode"], r["expiry"], r["missing"])
d = json.load(open("site/trace/01/08936012346121.json"))
print(d["rows"][0]["image"], d["rows"][0]["imageProblem"], d["rows"][0]["missing"])')" \
		"Circular 02/2024/TT-BKHCN $jpg ['2026-10-20', '2026-11-01', '2026-10-25'] 8936012340006 $root/01/08936012346107/10/TH2611 2028-11-01 []
None the file is larger than 5 MB ['image', 'standards']" "the JSON record"
	expect_eq "$(python3 -c '
import json
d = json.load(open("site/01/08936012346107/10/TH2611/linkset.json"))
print([l["href"] for l in d["linkset"][0]["https://ref.gs1.org/voc/traceability"]])')" \
		"['$root/trace/01/08936012346107.json']" "the linkset's gs1:traceability"
	# a path outside the folder: check refuses it
	run check shop/outside.csv --today $today
	expect_eq "$rc" 1 "check: a photo outside the folder"
	case $err in *"the product image '../outside/secret.png' is outside the product file's folder"*) ok ;; *) bad "check: [$err]" ;; esac
fi

if case_begin serve; then
	serve_start r02 --today $today --products shop/p.csv
	jpg=$(curl -s "$base/trace/01/08936012346107.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["image"])')
	case $jpg in "$base/media/01/08936012346107/"*.jpg) ok ;; *) bad "serve: the photo's address [$jpg]" ;; esac
	expect_eq "$(curl -s -o got.jpg -w '%{http_code} %{content_type}' "$jpg")" "200 image/jpeg" "serve: the photo"
	cmp -s got.jpg shop/anh/tra.jpg && ok || bad "serve: the photo's bytes"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$base/media/01/08936012346107/0000000000000000.jpg")" 404 "serve: another photo"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/trace/01/08936012346114.json")" "200 application/json" "serve: the record"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$base/trace/01/08936012349999.json")" 404 "serve: a record of no product"
	curl -s "$base/p/01/08936012346107/10/TH2611" -H 'Accept-Language: en' | grep -q "<img class=\"photo\" src=\"$jpg\"" && ok ||
		bad "serve: the page shows the photo"
fi

# in headless Chromium, as a phone: the ten items, the photo drawn through the page's policy, a refused one
if case_begin chromium; then
	if ! command -v chromium >/dev/null || ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
		echo "chromium or python3-selenium missing: case skipped"
	else
		serve_start r02c --today $today --products shop/p.csv
		for t in "TH2611 08936012346107 photo Trà hoa vàng Ba Chẽ" "MD2610 08936012346114 refused Miến dong Bình Liêu"; do
			set -- $t; lot=$1 g=$2 what=$3; shift 3
			python3 "$here/product_page.py" --url "$base/01/$g/10/$lot" --h1 "$*" --lang en \
				--profile "$tmp/chrome-$lot" --record02 "$what" >chrome.out 2>&1 && ok ||
				bad "chromium $lot: $(grep FAIL chrome.out | head -3)"
		done
	fi
fi
finish

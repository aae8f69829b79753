#!/bin/sh
# ocoplabel tests: the page behind the QR (docs/RESOLVER.md). Labels rendered with --resolver pointing at a
# running `serve --products`, their QR codes decoded by zbarimg, and the exact URLs fetched: the 307 to the
# row's page with its name and codes, a serialised label's page with its serial, the GS1 answers (linkset
# field by field, linkType, Accept, /.well-known/gs1resolver, 400, 404, 405), escaping of hostile values, a
# lot not in the file, an expired certificate, a product file changed while serving, the page and a 400 in
# Vietnamese and in English by Accept-Language. Then `ocoplabel site`: every exported page (and its English
# copy) and linkset equals the served one, and the same answers come from a real nginx with the
# configuration of docs/RESOLVER.md.
# The Vietnamese pages need the catalogue: the build's po/ (po/vi.po with the resolver's texts), or
# OCOPLABEL_LOCALEDIR naming a folder with vi/LC_MESSAGES/ocoplabel.mo.
# Usage: resolver.sh OCOPLABEL DOCS_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
docs=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
at_exit '[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null'
cd "$tmp" || exit 1
today=2026-12-03

# the product file: two lots of one tea, a name with markup, an expired certificate, a row without a GTIN,
# a row with a wrong check digit, a link column, another site's trace URL
cat > products.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,net_quantity,ocop_cert_date,ocop_cert_no,ingredients,trace_url,gs1:certificationInfo
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,50 g,15/03/2025,QN-2025-017,Hoa trà vàng sấy khô,,https://cert.example.vn/QN-2025-017
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,01/05/2026,01/05/2028,50 g,15/03/2025,QN-2025-017,Hoa trà vàng sấy khô,,
"Miến <script>alert(1)</script> & ""dong""",HTX Miến dong,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,MD2610,20/10/2026,20/10/2027,500 g,10/06/2022,,,https://trace.example.vn/md,
Không mã vạch,HTX,Vân Đồn,3,,VN-QNOR-0047,VN-QNPH-007,,,,,,,,,
Sai số kiểm tra,HTX,Vân Đồn,3,8936012346100,VN-QNOR-0047,VN-QNPH-007,,,,,,,,,
CSV
before=$(md5sum < products.csv)

# code URL [CURL ARGS]: the status; the body in body.txt, the headers in head.txt
code() { u=$1; shift; curl -s -D head.txt -o body.txt -w '%{http_code}' --max-time 20 "$@" "$u"; }
# hdr NAME: the header of the last response (after redirects followed)
hdr() { sed -n "s/^$1: //Ip" head.txt | tr -d '\r' | tail -1; }

# the server of the labels (lib.sh's serve_start: main.out, main.err; sets $base)
serve_start main --today $today --products products.csv --token resolver-token-1
expect_eq "$(grep -c 'answer their Digital Links' main.out)" 1 "serve says the products are served"
expect_eq "$(sed -n '1,2p' main.err)" "products.csv:5: warning: gtin: the row has no page: the barcode number (GTIN, 13 digits) is required
products.csv:6: warning: gtin: the row has no page: wrong check digit in '8936012346100': the last digit should be 7 (8936012346107)" "rows without a page are named"

# ---- labels made for this server: decode, fetch what the phone fetches ----
"$bin" batch -q products.csv --today $today --resolver "$base" --format png --dpi 300 -o labels 2>/dev/null
# rows 3 (an expired certificate), 4 and 5 are refused: two labels
expect_eq "$(ls labels | tr '\n' ' ')" "00001.png 00002.png " "two labels"
n=0
for f in labels/00001.png labels/00002.png; do
	n=$((n + 1))
	qr=$(zbar "$f" | sed -n 's/^QR-Code://p')
	case $qr in "$base/01/"*) ok ;; *) bad "label $n: QR [$qr] is not a link of this server" ;; esac
	expect_eq "$(code "$qr")" 307 "label $n: the link redirects"
	loc=$(hdr Location)
	case $loc in "$base/p/01/"*"?"*) ok ;; *) bad "label $n: Location [$loc]" ;; esac
	expect_eq "$(hdr Link)" "<${qr%%\?*}?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"" "label $n: Link header"
	expect_eq "$(code "$qr" -L)" 200 "label $n: the page"
	cp body.txt "page$n.html"
	[ $n = 1 ] && qr1=$qr
	expect_eq "$(hdr Content-Type)" "text/html; charset=utf-8" "label $n: HTML"
done
expect_eq "$(code "$base/01/08936012346114/10/MD2610" -L)" 200 "the page of a refused row (its labels may be in shops)"
cp body.txt page3.html
grep -q '<h1>Trà hoa vàng Ba Chẽ</h1>' page1.html && ok || bad "page 1: the name"
for s in VN-QNOR-0012 VN-QNPH-003 TH2611 01/11/2026 01/11/2028 QN-2025-017 15/03/2028 'còn hiệu lực' 'Đạt hạng 5 sao' 'Hoa trà vàng sấy khô' 'Lô TH2605' '<dt>Xuất xứ</dt><dd>Việt Nam</dd>'; do
	grep -q "$s" page1.html && ok || bad "page 1 lacks $s"
done
grep -q 'class="note"' page1.html && bad "page 1: a note where the label matches the file" || ok
grep -q '<span class="code">TH2611</span>' page2.html && bad "page 2 (lot TH2605) shows lot TH2611 as its own" || ok
grep -q '<span class="code">TH2605</span>' page2.html && ok || bad "page 2: its lot"
# markup in a product name is text; the certificate of 10/06/2022 expired on 10/06/2025
grep -q '<h1>Miến &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;dong&quot;</h1>' page3.html && ok || bad "page 3: the name escaped: $(grep h1 page3.html)"
expect_eq "$(grep -c '<script' page3.html)" 0 "page 3: no script element"
grep -q '10/06/2025 <span class="bad">ĐÃ HẾT HẠN</span>' page3.html && ok || bad "page 3: the certificate expired"
expect_eq "$(hdr Content-Security-Policy | cut -c1-35)" "default-src 'none'; style-src 'sha2" "the page's policy"
# the page as a phone shows it, in headless Chromium
$py "$here/product_page.py" --url "$qr1" --h1 "Trà hoa vàng Ba Chẽ" --profile "$tmp/chrome" --screenshot phone.png \
	>pp.out 2>&1 && ok || bad "the page in Chromium: $(cat pp.out)"
# a phone whose browser speaks English gets the English page
$py "$here/product_page.py" --url "$qr1" --h1 "Trà hoa vàng Ba Chẽ" --lang en --profile "$tmp/chrome-en" \
	>pp-en.out 2>&1 && ok || bad "the English page in Chromium: $(cat pp-en.out)"

# ---- the language: Accept-Language chooses Vietnamese or English ----
p1="$base/p/01/08936012346107/10/TH2611"
expect_eq "$(code "$p1" -H 'Accept-Language: vi')" 200 "Accept-Language: vi"
cmp -s body.txt page1.html && ok || bad "Accept-Language: vi gives the page without the header"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept, Accept-Language" "vi: Content-Language and Vary"
grep -q '<html lang="vi">' body.txt && ok || bad "vi: <html lang>"
expect_eq "$(code "$p1" -H 'Accept-Language: en-GB,en;q=0.9,vi;q=0.5')" 200 "Accept-Language: en"
cp body.txt page1-en.html
expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept, Accept-Language" "en: Content-Language and Vary"
for s in '<html lang="en">' '<title>Trà hoa vàng Ba Chẽ — OCOP 5 stars</title>' '<h2>OCOP certificate</h2>' \
	'<dt>Valid until</dt><dd>2028-03-15 <span class="ok">valid</span></dd>' '<h2>Traceability</h2>' \
	'<dt>Growing-area code</dt><dd><span class="code">VN-QNOR-0012</span></dd>' '<dt>Production date</dt><dd>2026-11-01</dd>' \
	'<dt>Origin</dt><dd>Viet Nam</dd>' 'Lot TH2605</a> — produced 2026-05-01' '<h1>Trà hoa vàng Ba Chẽ</h1>'; do
	grep -q "$s" page1-en.html && ok || bad "the English page lacks $s"
done
grep -q 'Chứng nhận\|Số lô\|Truy xuất' page1-en.html && bad "Vietnamese words on the English page" || ok
expect_eq "$(code "$p1" -H 'Accept-Language: fr-FR,fr;q=0.9')" 200 "Accept-Language: fr"
cmp -s body.txt page1.html && ok || bad "a language that is neither: Vietnamese"
expect_eq "$(code "$base/01/08936012346107/10/TH2611" -H 'Accept-Language: en')" 307 "a redirect in English"
expect_eq "$(hdr Vary):$(hdr Content-Language)" "Accept:" "a redirect varies with Accept only"
# a 400: its words and the parser's reason in the request's language (the English as it always was)
expect_eq "$(code "$base/01/123" -H 'Accept-Language: en')" 400 "a 400 in English"
grep -q '<h1>Invalid traceability code</h1>' body.txt && ok || bad "the English 400 page"
grep -q '<p class="note">&#39;123&#39;: the GTIN after /01/ must be 14 digits</p>' body.txt && ok || bad "the 400's reason in English: $(grep note body.txt)"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept-Language" "the English 400's headers"
expect_eq "$(code "$base/01/123" -H 'Accept-Language: vi')" 400 "a 400 in Vietnamese"
grep -q '<html lang="vi">' body.txt && grep -q '<h1>Mã truy xuất không hợp lệ</h1>' body.txt && ok || bad "the Vietnamese 400 page"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept-Language" "the Vietnamese 400's headers"
expect_eq "$(code "$base/01/08936012346121" -H 'Accept-Language: en')" 404 "a 404 in English"
grep -q '<h1>Product not found</h1>' body.txt && ok || bad "the English 404 page"
# a serialised roll: each label's page shows its serial
"$bin" batch -q products.csv --today $today --resolver "$base" --serialize --copies 2 --format png -o ser 2>/dev/null
qr=$(zbar ser/00002.png | sed -n 's/^QR-Code://p')
case $qr in *"/21/2?"*) ok ;; *) bad "serialised label 2: [$qr]" ;; esac
expect_eq "$(code "$qr" -L)" 200 "serialised label: the page"
grep -q '<dt>Số seri</dt><dd><span class="code">2</span>' body.txt && ok || bad "serialised label: the serial on the page"

# ---- the GS1 answers ----
lot="$base/01/08936012346107/10/TH2611"
expect_eq "$(code "$lot?linkType=linkset")" 200 "linkType=linkset"
expect_eq "$(hdr Content-Type)" "application/linkset+json" "linkset content type"
cp body.txt served-linkset.json
$py - body.txt "$base" <<'PY' && ok || bad "linkset fields"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
b = sys.argv[2]
voc = "https://ref.gs1.org/voc/"
assert list(d) == ["linkset"], list(d)
ls = d["linkset"]
assert [c["anchor"] for c in ls] == [b + "/01/08936012346107/10/TH2611", b + "/01/08936012346107"], ls
item, product = ls
assert item["itemDescription"] == "Trà hoa vàng Ba Chẽ, lô TH2611", item
pip = item[voc + "pip"]
assert pip == [{"href": b + "/p/01/08936012346107/10/TH2611", "title": "Thông tin sản phẩm: Trà hoa vàng Ba Chẽ",
                "type": "text/html", "hreflang": ["vi", "en"]}], pip
# the default link: exactly one, href and title only
assert item[voc + "defaultLink"] == [{"href": pip[0]["href"], "title": pip[0]["title"]}], item
assert item[voc + "certificationInfo"] == [{"href": "https://cert.example.vn/QN-2025-017", "title": "certificationInfo"}], item
assert product[voc + "pip"][0]["href"] == b + "/p/01/08936012346107", product
for c in ls:
    for k, v in c.items():
        if k in ("anchor", "itemDescription"):
            continue
        assert k.startswith(voc) and isinstance(v, list) and all("href" in t and "title" in t for t in v), (k, v)
        for t in v:
            assert set(t) <= {"href", "title", "type", "hreflang"}, t
PY
expect_eq "$(hdr Vary)" "Accept, Accept-Language" "the linkset varies with the language"
expect_eq "$(code "$lot?linkType=linkset" -H 'Accept-Language: en')" 200 "the linkset in English"
grep -q '"itemDescription":"Trà hoa vàng Ba Chẽ, lot TH2611","https://ref.gs1.org/voc/pip":\[{"href":"[^"]*","title":"Product information: Trà hoa vàng Ba Chẽ"' body.txt && ok || bad "the English linkset: $(cat body.txt)"
expect_eq "$(code "$lot?linkType=all")" 200 "linkType=all"
cmp -s body.txt served-linkset.json && ok || bad "linkType=all gives the linkset"
expect_eq "$(code "$lot" -H 'Accept: application/linkset+json')" 200 "Accept: application/linkset+json"
cmp -s body.txt served-linkset.json && ok || bad "Accept gives the linkset"
expect_eq "$(hdr Link)" '<https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' "linkset: JSON-LD context link"
expect_eq "$(code "$lot?linkType=gs1:pip")" 307 "linkType=gs1:pip"
expect_eq "$(hdr Location)" "$base/p/01/08936012346107/10/TH2611" "linkType=gs1:pip: to the page"
expect_eq "$(code "$lot?linkType=https://ref.gs1.org/voc/defaultLink&x=1")" 307 "linkType as a full URI"
expect_eq "$(hdr Location)" "$base/p/01/08936012346107/10/TH2611?x=1" "the query goes on"
expect_eq "$(code "$lot?linkType=gs1%3AcertificationInfo")" 307 "linkType of a column"
expect_eq "$(hdr Location)" "https://cert.example.vn/QN-2025-017?linkType=gs1%3AcertificationInfo" "to the column's link, query kept"
expect_eq "$(code "$base/01/08936012346114?linkType=gs1:traceability")" 307 "gs1:traceability"
expect_eq "$(hdr Location)" "https://trace.example.vn/md?linkType=gs1:traceability" "to the row's trace_url"
expect_eq "$(code "$lot?linkType=gs1:nosuchlt")" 404 "a link type the product lacks"
expect_eq "$(code "$base/01/08936012346121")" 404 "a GTIN not in the files"
grep -q 'Không tìm thấy sản phẩm' body.txt && ok || bad "the 404 page says so"
expect_eq "$(code "$base/01/123")" 400 "not a Digital Link"
grep -q 'Mã truy xuất không hợp lệ' body.txt && ok || bad "the 400 page"
expect_eq "$(code "$lot/")" 307 "a trailing slash is forgiven"
expect_eq "$(code "$lot" -X POST -d x=1)" 405 "POST"
expect_eq "$(code "$lot" -X OPTIONS)" 204 "OPTIONS"
expect_eq "$(hdr Access-Control-Allow-Origin)" "*" "CORS"
expect_eq "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I --max-time 20 "$base/p/01/08936012346107")" "200 0" "HEAD"
# a lot not in the file: the product's page with a note; no lot facts of another lot
expect_eq "$(code "$base/01/08936012346107/10/XX99" -L)" 200 "an unknown lot"
grep -q 'Số lô XX99 trên nhãn không có trong danh sách' body.txt && ok || bad "unknown lot: the note"
grep -q '<dt>Ngày sản xuất</dt>' body.txt && bad "unknown lot: another lot's NSX shown" || ok
# a label whose growing-area code is not the file's
expect_eq "$(code "$lot?vt=VN-QNOR-9999" -L)" 200 "a code that differs"
grep -q 'Mã số vùng trồng trên nhãn (VN-QNOR-9999) khác với danh sách của chủ thể (VN-QNOR-0012)' body.txt && ok || bad "the code mismatch note"
# the description file
expect_eq "$(code "$base/.well-known/gs1resolver")" 200 "/.well-known/gs1resolver"
expect_eq "$(hdr Content-Type)" "application/json" "description content type"
$py - body.txt "$base" <<'PY' && ok || bad "description fields"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["resolverRoot"] == sys.argv[2], d
assert d["supportedPrimaryKeys"] == ["01"], d
assert d["supportedLinkType"] == [{"namespace": "https://ref.gs1.org/voc/", "prefix": "gs1:"}], d
assert d["linkTypeDefaultCanBeLinkset"] is False and d["name"] == "ocoplabel" and d["contact"]["fn"], d
PY
# public pages; the API keeps its token; any Host names the pages
expect_eq "$(code "$base/api/fields")" 401 "the API needs the token"
expect_eq "$(code "$lot" -H 'Host: truyxuat.example.vn')" 307 "another host name"
expect_eq "$(hdr Location | cut -d'?' -f1)" "http://truyxuat.example.vn/p/01/08936012346107/10/TH2611" "links of that host"

# ---- the file changes while serving: the next request reads it again; a broken save keeps the last ----
sed 's/Trà hoa vàng Ba Chẽ,HTX/Trà hoa vàng Ba Chẽ loại 1,HTX/' products.csv > new.csv
mv new.csv products.csv
expect_eq "$(code "$base/p/01/08936012346107/10/TH2611")" 200 "after a change"
grep -q '<h1>Trà hoa vàng Ba Chẽ loại 1</h1>' body.txt && ok || bad "the changed name is served"
grep -q 'read again' main.out && ok || bad "the server says it read the files again"
printf 'name,producer\n' > broken.csv
mv broken.csv products.csv
expect_eq "$(code "$base/p/01/08936012346107/10/TH2611")" 200 "a broken file: still answered"
grep -q '<h1>Trà hoa vàng Ba Chẽ loại 1</h1>' body.txt && ok || bad "a broken file: the last good reading"
grep -q 'missing required columns.*the pages answer from the last reading' main.err && ok || bad "a broken file: said: $(tail -1 main.err)"
serve_stop
expect_eq "$?" 0 "serve stops"

# ---- the static export equals the served pages ----
cat > products.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,net_quantity,ocop_cert_date
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,50 g,15/03/2025
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,01/05/2026,01/05/2028,50 g,15/03/2025
Miến dong Bình Liêu,HTX Miến dong,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,,20/10/2026,20/10/2027,500 g,10/06/2024
Ruốc hàu,HTX Vân Đồn,Vân Đồn,3,8936012346121,VN-QNOR-0047,VN-QNPH-007,L/26,01/10/2026,01/04/2027,200 g,01/01/2026
CSV
before=$(md5sum < products.csv)
# nginx's port first: the export's links name it (a port taken meanwhile: the next one, at most 20 tries)
ngport=$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ng="http://127.0.0.1:$ngport"
run site products.csv -o site --resolver "$ng" --today $today
expect_eq "$rc:$out" "0:5 pages and 5 linksets of 3 products written to site
1 lots left out: a lot with '/' cannot be a folder on a web host (ocoplabel serve answers them)" "site summary"
expect_eq "$(cd site && find . -type f | LC_ALL=C sort | tr '\n' ' ')" "./.htaccess ./.ocoplabel-site ./.well-known/gs1resolver ./01/08936012346107/10/TH2605/linkset.json ./01/08936012346107/10/TH2611/linkset.json ./01/08936012346107/linkset.json ./01/08936012346114/linkset.json ./01/08936012346121/linkset.json ./404.en.html ./404.html ./p/01/08936012346107/10/TH2605/index.en.html ./p/01/08936012346107/10/TH2605/index.html ./p/01/08936012346107/10/TH2611/index.en.html ./p/01/08936012346107/10/TH2611/index.html ./p/01/08936012346107/index.en.html ./p/01/08936012346107/index.html ./p/01/08936012346114/index.en.html ./p/01/08936012346114/index.html ./p/01/08936012346121/index.en.html ./p/01/08936012346121/index.html ./trace/01/08936012346107.json ./trace/01/08936012346114.json ./trace/01/08936012346121.json " "the site's files"
grep -q '<html lang="en">' site/p/01/08936012346107/index.en.html && grep -q '<html lang="vi">' site/p/01/08936012346107/index.html && ok || bad "the site's pages: Vietnamese, and the English copy"
grep -q '<h1>Product not found</h1>' site/404.en.html && grep -q '<h1>Không tìm thấy sản phẩm</h1>' site/404.html && ok || bad "the site's 404 pages"
# (each page made at its scan: the pages made ahead are compared at the end)
serve_start exp --today $today --products products.csv --resolver "$ng" --pages-ahead 0
# as_exported WHAT SORT-ORDER: every file of the export asked of the server (a page in its language, a linkset)
# and compared with it byte for byte
as_exported() {
	for f in $(cd site && find p 01 -type f | sort $2); do
		lang=vi
		case $f in
		p/*.en.html) u="$base/${f%/index.en.html}"; lang=en ;;
		p/*) u="$base/${f%/index.html}" ;;
		*) u="$base/${f%/linkset.json}?linkType=linkset" ;;
		esac
		expect_eq "$(code "$u" -H "Accept-Language: $lang")" 200 "$1 $u ($lang)"
		cmp -s body.txt "site/$f" && ok || bad "$1: site/$f differs from $u ($lang)"
	done
}
as_exported served
expect_eq "$(code "$base/.well-known/gs1resolver")" 200 "served description"
cmp -s body.txt site/.well-known/gs1resolver && ok || bad "the site's description differs"
# ---- the answers kept (src/resolver/answers.c): asked again, each comes from memory, still the export's;
# the method, the language and Accept are each part of what an answer is kept by ----
as_exported kept -r
u="$base/p/01/08936012346114"
expect_eq "$(code "$u" -I -H 'Accept-Language: en-AU')" 200 "HEAD of a page"
expect_eq "$(grep -c '<html' body.txt)" 0 "HEAD: no body (curl -I writes the head to body.txt)"
expect_eq "$(code "$u" -H 'Accept-Language: en-AU')" 200 "GET after HEAD"
cmp -s body.txt site/p/01/08936012346114/index.en.html && ok || bad "GET after HEAD: not the whole page"
expect_eq "$(code "$base/01/08936012346114" -H 'Accept: application/linkset+json')" 200 "the linkset by Accept"
cmp -s body.txt site/01/08936012346114/linkset.json && ok || bad "the linkset by Accept differs"
expect_eq "$(code "$base/01/08936012346114")" 307 "the same link without that Accept: the redirect"
# an export again replaces the earlier one whole; another folder is refused
run site products.csv -o site --resolver "$ng" --today $today
expect_eq "$rc" 0 "site again replaces the export"
expect_eq "$(ls -a | grep -c '^\.site')" 0 "no staging folder left"
mkdir empty
run site products.csv -o empty --resolver "$ng"
expect_eq "$rc:$(ls empty | LC_ALL=C sort | tr '\n' ' ')" "0:01 404.en.html 404.html p trace " "an empty folder takes the site"
mkdir other && : > other/keep
run site products.csv -o other --resolver "$ng"
expect_eq "$rc:$err" "2:ocoplabel: other: exists and is not an earlier export of ocoplabel site; choose a new folder" "another folder refused"
expect_eq "$(ls -a other | tr '\n' ' ')" ". .. keep " "the other folder untouched"
run site products.csv -o new --resolver https://example.vn/qr
expect_eq "$rc" 2 "a resolver with a path refused for a site"
run site missing.csv -o new2 --resolver "$ng"
expect_eq "$rc:$err" "2:ocoplabel: missing.csv: cannot open: No such file or directory" "a missing file"
[ ! -e new ] && [ ! -e new2 ] && ok || bad "a refused export wrote a folder"
# workbooks: the same rows saved by LibreOffice as .xlsx and .ods give the same site as the CSV
for f in csv xlsx ods; do
	run site "$here/data/lo-products.$f" -o "lo-$f" --resolver "$ng" --today $today
	expect_eq "$rc" 0 "site from .$f"
done
expect_eq "$(diff -r lo-csv lo-xlsx && diff -r lo-csv lo-ods && echo same)" "same" "the .xlsx and .ods sites equal the CSV's"
expect_eq "$(find lo-xlsx -name index.html | wc -l)" "$(($(grep -c . "$here/data/lo-products.csv") * 2 - 2))" "a page per product and per lot"
# a full disk: a message naming the file, no folder, no stage left
(trap '' XFSZ; ulimit -f 8; "$bin" site products.csv -o full --resolver "$ng" >out.txt 2>err.txt; echo $? > rc.txt)
case "$(cat rc.txt):$(cat err.txt)" in "2:ocoplabel: full: cannot write p/01/"*"/index.html: File too large") ok ;;
	*) bad "site on a full disk: $(cat rc.txt):$(cat err.txt)" ;; esac
expect_eq "$(ls -a | grep -c 'full')" 0 "a full disk: nothing left"
expect_eq "$(md5sum < products.csv)" "$before" "the product file unchanged"

# ---- a real nginx with docs/RESOLVER.md's configuration, serving the export ----
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
	ngx=$(command -v nginx || echo /usr/sbin/nginx)
	mkdir -p ngx/logs ngx/tmp
	server=$(sed -n '/^```nginx$/,/^```$/p' "$docs/RESOLVER.md" | sed '1d;$d' |
		sed "s|listen 80;|listen 127.0.0.1:$ngport;|; s|root /var/www/truyxuat;|root $tmp/site;|")
	cat > ngx/nginx.conf <<EOF
daemon on;
pid $tmp/nginx.pid;
error_log $tmp/ngx/logs/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $tmp/ngx/tmp; proxy_temp_path $tmp/ngx/tmp; fastcgi_temp_path $tmp/ngx/tmp;
    uwsgi_temp_path $tmp/ngx/tmp; scgi_temp_path $tmp/ngx/tmp;
$server
}
EOF
	# as root, the workers too (they read the test's private folder)
	if [ "$(id -u)" = 0 ]; then user='user root;'; else user=''; fi
	"$ngx" -e "$tmp/ngx/logs/error.log" -p "$tmp/ngx" -c "$tmp/ngx/nginx.conf" -g "$user" 2>ngx.err
	wait_until 100 test -s "$tmp/nginx.pid" && ok || bad "nginx did not start: $(cat ngx.err)"
	lot="$ng/01/08936012346107/10/TH2611"
	expect_eq "$(code "$lot?17=281101")" 307 "nginx: the link redirects"
	expect_eq "$(hdr Location)" "$ng/p/01/08936012346107/10/TH2611?17=281101" "nginx: to the page, query kept"
	expect_eq "$(code "$lot?17=281101" -L)" 200 "nginx: the page"
	cmp -s body.txt site/p/01/08936012346107/10/TH2611/index.html && ok || bad "nginx: the page is the export's"
	expect_eq "$(code "$base/p/01/08936012346107/10/TH2611")" 200 "serve: the same page"
	cp body.txt served.html
	code "$lot" -L >/dev/null
	cmp -s body.txt served.html && ok || bad "nginx and serve give the same page"
	expect_eq "$(code "$lot/21/7" -L)" 200 "nginx: a serial gets its lot's page"
	cmp -s body.txt site/p/01/08936012346107/10/TH2611/index.html && ok || bad "nginx: the serial's page"
	expect_eq "$(code "$lot?linkType=linkset")" 200 "nginx: linkType=linkset"
	expect_eq "$(hdr Content-Type)" "application/linkset+json" "nginx: the linkset's type"
	cmp -s body.txt site/01/08936012346107/10/TH2611/linkset.json && ok || bad "nginx: the linkset"
	expect_eq "$(code "$lot" -H 'Accept: application/linkset+json')" 200 "nginx: Accept"
	cmp -s body.txt site/01/08936012346107/10/TH2611/linkset.json && ok || bad "nginx: Accept gives the linkset"
	expect_eq "$(code "$ng/01/08936012346107/10/ZZ1" -L)" 200 "nginx: an unknown lot"
	cmp -s body.txt site/p/01/08936012346107/index.html && ok || bad "nginx: an unknown lot gets the product's page"
	expect_eq "$(code "$ng/01/08936012346138" -L)" 404 "nginx: an unknown GTIN"
	cmp -s body.txt site/404.html && ok || bad "nginx: the 404 page"
	# the language: the English copy for a browser that lists English first (or English and not Vietnamese)
	expect_eq "$(code "$lot?17=281101" -L -H 'Accept-Language: en-US,en;q=0.9,vi;q=0.8')" 200 "nginx: the page in English"
	cmp -s body.txt site/p/01/08936012346107/10/TH2611/index.en.html && ok || bad "nginx: the English copy"
	expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept-Language" "nginx: the English page's headers"
	cp body.txt nginx-en.html
	code "$base/p/01/08936012346107/10/TH2611" -H 'Accept-Language: en' >/dev/null
	cmp -s body.txt nginx-en.html && ok || bad "nginx and serve give the same English page"
	expect_eq "$(code "$ng/p/01/08936012346107/10/TH2611" -H 'Accept-Language: fr,en;q=0.8')" 200 "nginx: French, then English"
	cmp -s body.txt site/p/01/08936012346107/10/TH2611/index.en.html && ok || bad "nginx: English and not Vietnamese"
	expect_eq "$(code "$ng/p/01/08936012346107/10/TH2611" -H 'Accept-Language: vi-VN,vi;q=0.9,en;q=0.8')" 200 "nginx: Vietnamese first"
	cmp -s body.txt site/p/01/08936012346107/10/TH2611/index.html && ok || bad "nginx: the Vietnamese page"
	expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept-Language" "nginx: the Vietnamese page's headers"
	expect_eq "$(code "$ng/01/08936012346107/10/ZZ1" -L -H 'Accept-Language: en')" 200 "nginx: an unknown lot in English"
	cmp -s body.txt site/p/01/08936012346107/index.en.html && ok || bad "nginx: an unknown lot gets the product's English page"
	expect_eq "$(code "$ng/01/08936012346138" -L -H 'Accept-Language: en')" 404 "nginx: an unknown GTIN in English"
	cmp -s body.txt site/404.en.html && ok || bad "nginx: the English 404 page"
	expect_eq "$(hdr Content-Language)" "en" "nginx: the English 404's language"
	expect_eq "$(code "$ng/.well-known/gs1resolver")" 200 "nginx: the description"
	expect_eq "$(hdr Content-Type)" "application/json" "nginx: the description's type"
	expect_eq "$(code "$ng/.ocoplabel-site"):$(code "$ng/.htaccess"):$(code "$ng/p/")" "404:404:403" "nginx: no hidden files, no listing"
	kill "$(cat "$tmp/nginx.pid")"
else
	bad "nginx is not installed (quickstart.sh installs nginx-light for the tests)"
fi

# ---- pages made ahead: a server that knows the labels' address makes them when it reads the files ----
serve_start demand --today $today --products products.csv --resolver "$ng" --pages-ahead 0
dbase=$base
serve_start ahead --today $today --products products.csv --resolver "$ng"
wait_until 300 grep -q 'made ahead' ahead.out && ok || bad "no pages made ahead: $(cat ahead.out ahead.err)"
expect_eq "$(grep 'made ahead' ahead.out)" "ocoplabel serve: pages made ahead: 3 products" "the 3 products' pages made ahead"
expect_eq "$(code "$base/01/08936012346107" -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8')" 307 "ahead: the product's link"
expect_eq "$(hdr Location)" "$ng/p/01/08936012346107" "ahead: to its page"
expect_eq "$(code "$base/p/01/08936012346107")" 200 "ahead: the product's page"
cmp -s body.txt site/p/01/08936012346107/index.html && ok || bad "ahead: the product's page is the export's"
# each answer made ahead is the one a server without them makes at the scan, byte for byte: a label's link (its
# lot and codes), its page, the product's, in English, the linkset by Accept, a lot not in the file, a lot that
# the export leaves out
path1="/${qr1#*//*/}"
page1=$(code "$base$path1" >/dev/null; hdr Location)
for t in "$path1" "/p/${page1#*/p/}" /01/08936012346107 /p/01/08936012346107 /01/08936012346114/10/MD2610 \
	/p/01/08936012346114 /01/08936012346121/10/L%2F26; do
	for h in 'Accept: text/html' 'Accept-Language: en' 'Accept: application/linkset+json'; do
		a=$(code "$base$t" -H "$h"):$(md5sum < body.txt):$(hdr Location)
		d=$(code "$dbase$t" -H "$h"):$(md5sum < body.txt):$(hdr Location)
		expect_eq "$a" "$d" "ahead and at the scan: $t ($h)"
	done
done
case "$path1:$page1" in /01/08936012346107/10/TH2611\?*:"$ng"/p/01/08936012346107/10/TH2611\?*) ok ;;
	*) bad "the label's link [$path1] and page [$page1]" ;; esac
# the files read again (SIGHUP): the new reading's pages made ahead, and still the same answers
kill -HUP "$serve_pid"
wait_until 300 sh -c '[ "$(grep -c "made ahead" ahead.out)" -ge 2 ]' && ok || bad "SIGHUP: no pages made ahead again: $(cat ahead.out)"
expect_eq "$(code "$base/p/${page1#*/p/}")" 200 "ahead, read again: the label's page"
cp body.txt ahead1.html
code "$dbase/p/${page1#*/p/}" >/dev/null
cmp -s body.txt ahead1.html && ok || bad "ahead, read again: the same page as made at the scan"
run serve --pages-ahead -1
expect_eq "$rc:$err1" "2:ocoplabel: --pages-ahead: '-1' is not a number of products (0 to 1000000)" "--pages-ahead: a bad number"
finish

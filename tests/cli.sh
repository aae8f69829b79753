#!/bin/sh
# The command line as a user meets it: help, version, exit codes, exact messages, no partial files,
# determinism, NFD input, logos, standard output, check on a product file, --diagnostics json, the texts in
# Vietnamese (LANG=vi_VN.UTF-8), and the man page's EXAMPLES run as printed.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"

# the record of most cases
set -- name="Trà hoa vàng Ba Chẽ" producer="HTX Trà hoa vàng Ba Chẽ" address="Xã Thanh Lâm, Ba Chẽ, Quảng Ninh" \
	stars=5 gtin=8936012345674 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
examples=$here/../examples/quangninh-products.csv

# ---- version and help; the templates ----
if case_begin help; then
run --version; expect_eq "$rc" 0 "--version exit"; expect_eq "$out" "ocoplabel 0.5.0" "--version text"
run --help; expect_eq "$rc" 0 "--help exit"
case $out in *"render "*"templates "*) ok ;; *) bad "--help lists commands" ;; esac
run render --help; expect_eq "$rc" 0 "render --help"
case $out in *"--template"*"--dpi"*"--logo"*) ok ;; *) bad "render --help lists options" ;; esac
run help templates; expect_eq "$rc" 0 "help templates"
run templates --help; expect_eq "$rc" 0 "templates --help"

# the templates
run templates; expect_eq "$rc" 0 "templates exit"
expect_eq "$(echo "$out" | awk '$2 ~ /^[0-9]/ {print $1, $2, $4}' | tr '\n' ';')" \
	"back-100x70 100 70;product-100x70 100 70;small-70x37 70 37;thermal-100x50 100 50;thermal-50x30 50 30;thermal-60x40 60 40;a4-1x1 1 A4,;a4-2x4 8 A4,;a4-3x8 24 A4,;" "templates and sheets list"
# help: every command has its help, 'help' itself included
for c in render batch url check templates template printers calibrate serve site registry limits help; do
	run help $c; expect_eq "$rc:$(head -1 out.txt | cut -d' ' -f1-2)" "0:Usage: ocoplabel" "help $c"
done
run help; case $out in *"  url "*) ok ;; *) bad "help lists url" ;; esac
# --help's Commands: every command, in the order the unknown-command message names them
expect_eq "$(echo "$out" | sed -n '/^Commands:$/,/^$/s/^  \([a-z]*\)  .*/\1/p' | tr '\n' ' ')" \
	"render batch url check templates template printers calibrate serve site registry limits help " "help lists every command"
fi

# ---- usage errors: exit 2 with a hint ----
if case_begin usage; then
run; expect_eq "$rc" 2 "no command"
expect_eq "$err" "ocoplabel: no command given
Try 'ocoplabel --help' for more information." "no command message"
run frobnicate; expect_eq "$rc" 2 "unknown command"
expect_eq "$(head -1 err.txt)" "ocoplabel: unknown command 'frobnicate' (commands: render, batch, url, check, templates, template, printers, calibrate, serve, site, registry, limits, help)" "unknown command message"
run help frobnicate
expect_eq "$rc:$(head -1 err.txt)" "2:ocoplabel: unknown command 'frobnicate' (commands: render, batch, url, check, templates, template, printers, calibrate, serve, site, registry, limits, help)" "help of an unknown command"
run render "$@"; expect_eq "$rc" 2 "no -o"
expect_eq "$(head -1 err.txt)" "ocoplabel: no output file: give -o OUT.pdf, OUT.png, OUT.svg, OUT.tspl or OUT.zpl, or --printer DEST" "no -o message"
run render -o a.pdf; expect_eq "$rc" 2 "no fields"
run render -o a.pdf "$@" stars; expect_eq "$rc" 2 "not KEY=VALUE"
expect_eq "$(head -1 err.txt)" "ocoplabel: 'stars' is not KEY=VALUE" "not KEY=VALUE message"
run render --dpi 10 -o a.png "$@"; expect_eq "$rc" 2 "bad dpi"
run render -o a.jpg "$@"; expect_eq "$rc" 2 "unknown extension"
expect_eq "$err" "ocoplabel: a.jpg: cannot tell the format; name the file .pdf, .png, .svg, .tspl or .zpl" "extension message"
run render -t nosuch -o a.pdf "$@"; expect_eq "$rc" 2 "missing template"
case $err in "ocoplabel: template 'nosuch' not found in "*) ok ;; *) bad "missing template message: $err" ;; esac
run render -o /nonexistent-dir/a.pdf "$@"; expect_eq "$rc" 2 "unwritable output"
expect_eq "$err" "ocoplabel: /nonexistent-dir/a.pdf: the folder '/nonexistent-dir' does not exist; create it with mkdir -p /nonexistent-dir" "unwritable message"
run render --logo missing.svg -o a.pdf "$@"; expect_eq "$rc" 2 "missing logo"
printf 'not an image' > notimage.png
run render --logo notimage.png -o a.pdf "$@"; expect_eq "$rc" 2 "logo not an image"
expect_eq "$err" "ocoplabel: logo notimage.png: not a PNG or SVG image" "logo message"
[ ! -e a.pdf ] && [ ! -e a.png ] && ok || bad "no output after usage errors"
fi

# ---- invalid records: exit 1, every error as FIELD: message, no file ----
if case_begin invalid; then
run render -o bad.pdf name="Miến dong" producer="HTX" address="Bình Liêu" stars=2 gtin=893601234567 \
	growing_area="VN QN" packing_facility=VN-QNPH-005
expect_eq "$rc" 1 "invalid record exit"
expect_eq "$err" "stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark
gtin: '893601234567' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674
growing_area: the growing-area code 'VN QN' may contain only letters A-Z, digits and '-'; found ' ' at character 3
ocoplabel: label not written: 3 errors in the record" "invalid record messages"
[ ! -e bad.pdf ] && ok || bad "bad.pdf written for an invalid record"
run render -o bad.png --today 2026-11-29 "$@" ocop_cert_date=01/06/2023
expect_eq "$rc" 1 "expired certificate exit"
expect_eq "$(head -1 err.txt)" "ocop_cert_date: the OCOP certificate of 01/06/2023 expired on 01/06/2026 (valid 36 months); the product must be re-rated before it may carry the OCOP mark" "expired message"
[ ! -e bad.png ] && ok || bad "bad.png written for an expired certificate"
run render -o bad.pdf "$@" name="$(printf 'Tr\303')"
expect_eq "$rc" 1 "broken UTF-8 exit"
expect_eq "$err" "name: not valid UTF-8 at byte 3 (save the file as UTF-8)" "broken UTF-8 message"
run render -o bad.pdf "$@" expiry_date=2026-01-01 production_date=2026-02-01
expect_eq "$err" "expiry_date: the expiry date 01/01/2026 is before the production date 01/02/2026
ocoplabel: label not written: 1 error in the record" "dates message"
# a text of two fields that does not fit is named by the field that makes it long (a 162-character
# address under a short producer: address), on one line
long_address="Thôn Khe Tâm, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, đường vào khu sản xuất chè hoa vàng, xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh, Việt Nam (cổng số 2)"
run render -t thermal-60x40 -o bad.pdf "$@" address="$long_address"
expect_eq "$rc:$err" "1:address: the text 'HTX Trà hoa vàng Ba Chẽ / Thôn Khe Tâm, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, đường vào khu sản xuất chè hoa vàng,…' does not fit its 37.8x7.2 mm box even at 4.8 pt, the smallest size of this element (mandatory text must keep letters of at least 1.2 mm); shorten it or use a larger label
ocoplabel: label not written: 1 error in the record" "a long address named as the field that does not fit"
run render -t thermal-60x40 -o bad.pdf "$@" producer="$long_address" address="Ba Chẽ"
case $err in "producer: the text 'Thôn Khe Tâm, "*) ok ;; *) bad "a long producer named as the field that does not fit: $err" ;; esac
[ "$(ls | grep -c bad)" -eq 0 ] && ok || bad "no bad.* files"
# nothing half-written: no temporary files left in the directory
[ "$(ls -A | grep -c '^\.')" -eq 0 ] && ok || bad "temporary files left: $(ls -A)"
fi

# ---- warnings do not stop the label; unknown fields are kept with a warning ----
if case_begin warnings; then
run render -o warn.pdf "$@" gtin=4006381333931 vung="Ba Chẽ"
expect_eq "$rc" 0 "warnings exit 0"
expect_eq "$err" "warning: vung: not a known field; kept for templates that use {vung}
warning: gtin: '4006381333931' does not start with 893, the GS1 prefix of Viet Nam" "warning messages"
run render -q -o warn2.pdf "$@" gtin=4006381333931
expect_eq "$err" "" "--quiet silences warnings"

# a font that is not installed: the label is still made, with a warning naming the package
sed 's/^digits_font=OCR B$/digits_font=OCR B Nonexistent/' "$OCOPLABEL_TEMPLATE_PATH/small-70x37.ini" > nofont.ini
run render -t ./nofont.ini -o nofont.png "$@"
expect_eq "$rc" 0 "missing font exit"
case $(head -1 err.txt) in "warning: font: font 'OCR B Nonexistent' is not installed; using '"*"' instead (install the Debian package fonts-ocr-b)") ok ;;
	*) bad "missing font warning: $err" ;; esac
expect_eq "$(zbar nofont.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:https://id.gs1.org/01/08936012345674?vt=VN-QNOR-0012&csdg=VN-QNPH-003 " "codes with a fallback font"
fi

# ---- the output: byte-identical reruns, PDF and PNG; SOURCE_DATE_EPOCH sets the PDF date ----
if case_begin output; then
for f in pdf png svg; do
	"$bin" render -o "one.$f" "$@" && "$bin" render -o "two.$f" "$@"
	cmp -s "one.$f" "two.$f" && ok || bad "rerun not byte-identical ($f)"
done
SOURCE_DATE_EPOCH=0 "$bin" render -o epoch0.pdf "$@"
cmp -s one.pdf epoch0.pdf && bad "SOURCE_DATE_EPOCH ignored" || ok
expect_eq "$(pdfinfo one.pdf | sed -n 's/^Page size: *//p')" "283.465 x 198.425 pts" "PDF page is the label"
expect_eq "$(identify -units PixelsPerInch -format '%w %h %x %z %[colorspace]' one.png)" "1181 827 300 8 Gray" "PNG size, DPI, gray"
"$bin" render --thermal --dpi 203 -t small-70x37 -o small.png "$@"
expect_eq "$(identify -units PixelsPerInch -format '%w %h %x' small.png)" "559 296 203" "PNG at 203 dpi"

# standard output
"$bin" render -o - -f png "$@" > stdout.png
cmp -s one.png stdout.png && ok || bad "-o - differs from the file"
run render -o - "$@"; expect_eq "$rc" 2 "-o - without --format"

# NFD input renders exactly like NFC
"$bin" render -o nfd.png name="$(printf 'Tra\314\200 hoa va\314\200ng Ba Che\314\203')" producer="HTX Trà hoa vàng Ba Chẽ" \
	address="Xã Thanh Lâm, Ba Chẽ, Quảng Ninh" stars=5 gtin=8936012345674 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
cmp -s one.png nfd.png && ok || bad "NFD input renders differently"
pdftotext one.pdf - | grep -q "^Trà hoa vàng Ba Chẽ$" && ok || bad "product name in PDF text"
pdftotext one.pdf - | grep -q "^Mã số vùng trồng: VN-QNOR-0012$" && ok || bad "growing-area line in PDF text"
pdftotext one.pdf - | grep -q "^Mã số CSĐG: VN-QNPH-003$" && ok || bad "packing-facility line in PDF text"
pdftotext one.pdf - | grep -q "^Xuất xứ: Việt Nam$" && ok || bad "origin default in PDF text"

# a logo image replaces the badge (one.png is the label without); codes still decode
cat > logo.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="45" fill="#c00"/><text x="50" y="58" font-size="24" text-anchor="middle" fill="#fff">OCOP</text></svg>
SVG
"$bin" render --logo logo.svg -o logo.png "$@" && ok || bad "render with SVG logo"
cmp -s one.png logo.png && bad "logo ignored" || ok
expect_eq "$(zbar logo.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:https://id.gs1.org/01/08936012345674?vt=VN-QNOR-0012&csdg=VN-QNPH-003 " "codes with a logo"
"$bin" render --logo logo.png -o logo2.pdf "$@" && ok || bad "render with PNG logo"
fi

# ---- the libraries loaded when first needed (librsvg, libcups, libpq): a run that needs none starts without
# them (a program that linked them would not start: the loader stops at the first one it cannot read); a run
# that needs one that cannot be loaded names it and its Debian package, and writes nothing ----
if case_begin lazy_libs; then
mkdir nolibs
for so in librsvg-2.so.2 libcups.so.2 libpq.so.5; do echo "not a library" > nolibs/$so; done
nolibs() {
	LD_LIBRARY_PATH="$tmp/nolibs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" LANG=C.UTF-8 LC_ALL= "$bin" "$@" >out.txt 2>err.txt
	rc=$?
	err1=$(head -1 err.txt)
}
"$bin" render -o with.png "$@" || bad "render"
nolibs render -o without.png "$@"
expect_eq "$rc:$err1" "0:" "a label with the built-in mark, without the three libraries"
cmp -s with.png without.png && ok || bad "the same label without them"
printf '%s\n' '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>' > mark.svg
nolibs render --logo mark.svg -o svg.png "$@"
expect_eq "$rc:$err1" "2:ocoplabel: logo mark.svg: librsvg-2.so.2 could not be loaded ($tmp/nolibs/librsvg-2.so.2: file too short); install the Debian package librsvg2-2" \
	"an SVG logo without librsvg"
[ -e svg.png ] && bad "a file written without librsvg" || ok
nolibs printers
expect_eq "$rc:$err1" "2:ocoplabel: libcups.so.2 could not be loaded ($tmp/nolibs/libcups.so.2: file too short); install the Debian package libcups2" \
	"the printer queues without libcups"
printf '%s\n' "name,producer,address,stars,gtin,growing_area,packing_facility,lot,mfg_date,exp_date" \
	"Trà,HTX Trà,Ba Chẽ,5,8936012345674,VN-QNOR-0012,VN-QNPH-003,L1,2026-11-01,2027-11-01" > one.csv
nolibs batch one.csv --serialize --registry postgresql://ocop@127.0.0.1:9/none -o pg.pdf
expect_eq "$rc:$err1" "2:ocoplabel: libpq.so.5 could not be loaded ($tmp/nolibs/libpq.so.5: file too short); install the Debian package libpq5" \
	"a PostgreSQL registry without libpq"
[ -e pg.pdf ] && bad "a file written without libpq" || ok
fi

# ---- check: a product file validated without rendering; the input is never modified ----
if case_begin check; then
sum_before=$(md5sum < "$examples")
run check --today 2026-11-29 "$examples"
expect_eq "$rc" 0 "check example exit"; expect_eq "$out1" "12 rows, 12 valid, 0 rejected" "check example summary"
expect_eq "$(md5sum < "$examples")" "$sum_before" "example file unchanged"
printf 'Tên sản phẩm;Chủ thể;Địa chỉ;Hạng sao;Mã vạch;Mã số vùng trồng;Mã số cơ sở đóng gói\nTrà;HTX;"Ba Chẽ;\nQuảng Ninh";5;8936012345674;VN-QNOR-0012;VN-QNPH-003\nMiến;HTX;Bình Liêu;2;893601234567;VN-QNOR-0031;VN-QNPH-005\nRuốc;HTX;Vân Đồn\n' > p.csv
sum_before=$(md5sum < p.csv)
run check p.csv
expect_eq "$rc" 1 "check with rejected rows exit"
expect_eq "$out1" "3 rows, 1 valid, 2 rejected" "check summary"
expect_eq "$err" "p.csv:4: stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark
p.csv:4: gtin: '893601234567' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674
p.csv:5: row: 3 fields, but the header has 7 (check the separator ';' and the quotes)" "check messages"
expect_eq "$(md5sum < p.csv)" "$sum_before" "checked file unchanged"
run check missing.csv; expect_eq "$rc" 2 "check missing file"
expect_eq "$err" "ocoplabel: missing.csv: cannot open: No such file or directory" "check missing file message"
printf 'name,producer\n' > cols.csv
run check cols.csv; expect_eq "$rc" 2 "check missing columns"
expect_eq "$err" "ocoplabel: cols.csv:1: missing required columns: address, stars, gtin, growing_area, packing_facility; name them address or Địa chỉ, stars or Hạng sao, gtin or Mã vạch, growing_area or Mã số vùng trồng, packing_facility or Mã số cơ sở đóng gói" "missing columns message"
fi

# ---- Vietnamese and --diagnostics json ----
# Vietnamese: the build's own catalogue (po/vi.po, compiled into build/po/, where the library finds it
# when it runs from the build folder) and the vi_VN.UTF-8 locale (the set-up makes it)
vi_catalogue() {
	if ! locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\{0,1\}8'; then
		echo "SKIP: the vi_VN.UTF-8 locale is not installed (localedef -i vi_VN -f UTF-8 vi_VN.UTF-8)"
		return 1
	fi
}
# vi ARGS... and en ARGS...: run ARGS in Vietnamese, in English
vi() { LANGUAGE='' LC_ALL='' LC_MESSAGES='' LANG=vi_VN.UTF-8 run "$@"; }
en() { LANGUAGE='' LC_ALL='' LC_MESSAGES='' LANG=C run "$@"; }
# a product file with two rejected rows, and a workbook with two bad cells
rejected_rows() {
	printf 'Tên sản phẩm;Chủ thể;Địa chỉ;Hạng sao;Mã vạch;Mã số vùng trồng;Mã số cơ sở đóng gói\nTrà;HTX;"Ba Chẽ;\nQuảng Ninh";5;8936012345674;VN-QNOR-0012;VN-QNPH-003\nMiến;HTX;Bình Liêu;2;893601234567;VN-QNOR-0031;VN-QNPH-005\nRuốc;HTX;Vân Đồn\n' > p.csv
}
bad_cells() {
	python3 -c '
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility"])
ws.append(["Trà", "HTX", "Ba Chẽ", 5, "8936012345675", "VN-QNOR-0012", "VN-QNPH-003"])
ws.append(["Trà", "HTX", "Ba Chẽ", "=1+1", "8936012345674", "VN-QNOR-0012", "VN-QNPH-003"])
wb.save("w.xlsx")' 2>/dev/null
}
# the JSON lines of err.txt without their messages, one a line (what never changes with the language)
json_keys() {
	python3 -c '
import json, sys
for line in open("err.txt", encoding="utf-8"):
    if line.startswith("{"):
        d = json.loads(line)
        d.pop("message")
        print(json.dumps(d))'
}

if case_begin diagnostics; then
rejected_rows
run check --diagnostics json p.csv
expect_eq "$rc:$out1" "1:3 rows, 1 valid, 2 rejected" "json: check exit and summary"
expect_eq "$err" '{"file":"p.csv","line":4,"cell":null,"severity":"error","field":"stars","code":"not_certified","message":"2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark"}
{"file":"p.csv","line":4,"cell":null,"severity":"error","field":"gtin","code":"no_check_digit","message":"'"'893601234567'"' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674"}
{"file":"p.csv","line":5,"cell":null,"severity":"error","field":"row","code":"columns","message":"3 fields, but the header has 7 (check the separator '"';'"' and the quotes)"}' "json: a product file's rejected rows"
# render: a warning of the command line, the record's error; the summary stays text
run render --diagnostics json -o bad.pdf "$@" gtin=8936012345675 vung=x
expect_eq "$rc:$err" '1:{"file":null,"line":null,"cell":null,"severity":"warning","field":"vung","code":"unknown_column","message":"not a known field; kept for templates that use {vung}"}
{"file":null,"line":null,"cell":null,"severity":"error","field":"gtin","code":"check_digit","message":"wrong check digit in '"'8936012345675'"': the last digit should be 4 (8936012345674)"}
ocoplabel: label not written: 1 error in the record' "json: render"
# the error that stops a run: the file and line it names
run batch --diagnostics json missing.csv -o out.pdf
expect_eq "$rc:$err" '2:{"file":"missing.csv","line":null,"cell":null,"severity":"error","field":null,"code":"not_found","message":"missing.csv: cannot open: No such file or directory"}' "json: a missing file"
printf 'name,producer\n' > cols.csv
run check --diagnostics json cols.csv
case $rc:$err in '2:{"file":"cols.csv","line":1,"cell":null,"severity":"error","field":null,"code":"missing_column","message":"missing required columns: '*) ok ;;
	*) bad "json: missing columns: $err" ;; esac
sed 's/^width=.*/width=abc/' "$OCOPLABEL_TEMPLATE_PATH/small-70x37.ini" > badwidth.ini
run render --diagnostics json -t ./badwidth.ini -o bad.pdf "$@"
expect_eq "$rc:$(json_keys)" '2:{"file": "./badwidth.ini", "line": null, "cell": null, "severity": "error", "field": null, "code": "template"}' "json: a broken template"
run check --diagnostics yaml p.csv
expect_eq "$rc:$err1" "2:ocoplabel: --diagnostics: 'yaml' is not text or json" "json: a bad --diagnostics"
run batch --diagnostics text p.csv -o out.pdf
expect_eq "$rc:$err1" "1:p.csv:4: stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark" "--diagnostics text"
# a workbook's cell
if bad_cells; then
	run check --diagnostics json w.xlsx
	expect_eq "$(json_keys)" '{"file": "w.xlsx", "line": 2, "cell": "E2", "severity": "error", "field": "gtin", "code": "check_digit"}
{"file": "w.xlsx", "line": 3, "cell": "D3", "severity": "error", "field": "stars", "code": "cell"}' "json: a workbook's cells"
else
	echo "SKIP: /usr/bin/python3 has no openpyxl: no workbook here"
fi
# the same keys and codes in Vietnamese, only the messages differ
# same_json ARGS...: ARGS --diagnostics json in English and in Vietnamese
same_json() {
	en "$@" --diagnostics json; en_json=$(json_keys); en_rc=$rc
	vi "$@" --diagnostics json; vi_json=$(json_keys)
	[ -n "$en_json" ] && ok || bad "json: no lines for $1 $2"
	expect_eq "$rc:$vi_json" "$en_rc:$en_json" "json: the same keys and codes in Vietnamese ($1 $2)"
}
if vi_catalogue; then
	same_json check p.csv
	same_json batch p.csv -o out.pdf
	same_json batch missing.csv -o out.pdf
	same_json check cols.csv
	[ ! -f w.xlsx ] || same_json check w.xlsx
	same_json render -o bad.pdf "$@" gtin=8936012345675 vung=x
fi
fi

if case_begin vietnamese; then
if vi_catalogue; then
# a wrong check digit: the field by its Vietnamese name, then the command line's summary
vi render -o bad.pdf "$@" gtin=8936012345675
expect_eq "$rc" 1 "vi: invalid record exit"
case $err1 in "Mã số mã vạch (GTIN): "*) ok ;; *) bad "vi: the field's Vietnamese name: $err1" ;; esac
expect_eq "$(sed -n 2p err.txt)" "ocoplabel: không ghi nhãn: bản ghi có 1 lỗi" "vi: label not written"
vi render -o warn.pdf "$@" vung=x
expect_eq "$rc:$err" "0:cảnh báo: vung: không phải trường đã biết; được giữ lại cho mẫu nhãn dùng {vung}" "vi: unknown field"
# usage errors (getopt's own line first, in the C library's words)
vi render --frob "$@"
expect_eq "$rc:$(sed -n '2,3p' err.txt)" "2:ocoplabel: tùy chọn không hợp lệ
Chạy 'ocoplabel render --help' để biết thêm thông tin." "vi: an unknown option"
vi frobnicate
expect_eq "$rc:$err" "2:ocoplabel: không có lệnh 'frobnicate' (các lệnh: render, batch, url, check, templates, template, printers, calibrate, serve, site, registry, limits, help)
Chạy 'ocoplabel --help' để biết thêm thông tin." "vi: an unknown command"
vi render "$@"
expect_eq "$rc:$err1" "2:ocoplabel: chưa có tệp đầu ra: hãy dùng -o OUT.pdf, OUT.png, OUT.svg, OUT.tspl hoặc OUT.zpl, hoặc --printer DEST" "vi: no output"
vi batch --copies 0 x.csv
expect_eq "$rc:$err1" "2:ocoplabel: --copies: '0' không phải số nhãn (1 đến 1000000)" "vi: usage_error's own format"
# a missing product file: exit 2, the library's message
vi batch missing.csv -o out.pdf
expect_eq "$rc:$err" "2:ocoplabel: missing.csv: không mở được: Không có tập tin hoặc thư mục như vậy" "vi: a missing product file"
# rejected rows: each by its line and the field's Vietnamese name; the summary in Vietnamese
rejected_rows
vi batch --report rejected.csv p.csv -o out.pdf
expect_eq "$rc:$out" "1:3 dòng, 1 hợp lệ, 2 bị loại
đã ghi 1 nhãn trên 1 trang vào out.pdf
2 dòng bị loại được liệt kê trong rejected.csv" "vi: batch summary"
expect_eq "$(cut -d: -f1-3 err.txt | tr '\n' ';')" "p.csv:4: Hạng sao;p.csv:4: Mã số mã vạch (GTIN);p.csv:5: Dòng;" "vi: rejected rows"
# counts as Vietnamese writes them (1.001), as English always has (1001)
{ head -1 "$examples"; for i in $(seq 1001); do sed -n 2p "$examples"; done; } > many.csv
vi check --today 2026-11-29 many.csv
expect_eq "$rc:$out1" "0:1.001 dòng, 1.001 hợp lệ, 0 bị loại" "vi: counts of a thousand"
en check --today 2026-11-29 many.csv
expect_eq "$rc:$out1" "0:1001 rows, 1001 valid, 0 rejected" "counts of a thousand in English"
# help: in Vietnamese, each option's description in the English's column, no line of the texts lost
for c in render batch url check templates template printers calibrate serve site registry limits help; do
	en help "$c"; cp out.txt help-en.txt
	vi help "$c"; cp out.txt help-vi.txt
	case $(head -1 help-vi.txt) in "Cách dùng: ocoplabel"*) ok ;; *) bad "vi: help $c: $(head -1 help-vi.txt)" ;; esac
	python3 -c '
import re, sys
en = [l for l in open("help-en.txt", encoding="utf-8").read().split("\n") if re.match(r"  -|      -", l)]
vi = [l for l in open("help-vi.txt", encoding="utf-8").read().split("\n") if re.match(r"  -|      -", l)]
if len(en) != len(vi):
    sys.exit("%d option lines, English %d" % (len(vi), len(en)))
for e, v in zip(en, vi):
    n = 0
    while n < min(len(e), len(v)) and e[n] == v[n]:
        n += 1
    n = e.rfind(" ", 0, n) + 1  # the same words may start both descriptions: back to the column
    if n == 0 or e[n:n + 1] == " " or v[n:n + 1] == " ":
        sys.exit("not in the English column: %r (%r)" % (v, e))
' > align.txt 2>&1 && ok || bad "vi: help $c: $(cat align.txt)"
done
# limits: the values as Vietnamese writes them; --tsv the same as in English, for scripts
vi limits
case $(grep '^  field_bytes ' out.txt) in *" 65.536 "*) ok ;; *) bad "vi: limits: $(grep field_bytes out.txt)" ;; esac
vi limits --tsv; cp out.txt tsv-vi.txt; en limits --tsv
cmp -s out.txt tsv-vi.txt && ok || bad "vi: limits --tsv is not the English"
# a workbook's cells, a printer profile of another language, a printer that does not answer: each message whole
if bad_cells; then
	vi check w.xlsx
	expect_eq "$rc:$err" "1:w.xlsx:2: Mã số mã vạch (GTIN): ô E2: sai số kiểm tra trong '8936012345675': chữ số cuối phải là 4 (8936012345674)
w.xlsx:3: Hạng sao: ô D3: công thức =1+1 không có giá trị đã lưu (chương trình tạo ra tệp không tính công thức); hãy mở tệp trong Excel hoặc LibreOffice rồi lưu lại" "vi: a workbook's cells"
fi
vi render -t thermal-50x30 --printer-profile zebra-203 --format tspl -o p.tspl "$@"
expect_eq "$rc:$err" "2:ocoplabel: cấu hình máy in zebra-203 dành cho máy in ZPL; hãy dùng --format zpl hoặc một cấu hình TSPL" "vi: a printer profile refused"
python3 "$here/listener.py" closed closed.port
closed_port=$(cat closed.port)
vi render -t thermal-50x30 --printer "socket://127.0.0.1:$closed_port" --timeout 2 "$@"
expect_eq "$rc:$err" "2:ocoplabel: socket://127.0.0.1:$closed_port: kết nối bị từ chối (không có gì nghe ở cổng đó: đó có phải cổng in trực tiếp của máy in không, thường là 9100?)" "vi: a printer that refuses the connection"
vi templates
case $(grep '^  a4-3x8 ' out.txt) in *" 24 nhãn   "*"(mẫu nhãn small-70x37)") ok ;; *) bad "vi: templates: $(grep a4-3x8 out.txt)" ;; esac
fi
fi

# ---- the man page's EXAMPLES ----
if case_begin man; then
# taken from the page as man shows it and run as printed, one block at a
# time, in a folder with a products.csv (the example file, its certificates made a year old so that
# they stay valid whenever the test runs), a private $HOME, the source tree's templates in place of
# the installed ones, and a stand-in for lp that keeps the job
mkdir -p man/bin man/home
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" man/bin/ocoplabel
printf '#!/bin/sh\ncat > "$HOME/lp-job.pdf"\n' > man/bin/lp && chmod +x man/bin/lp
/usr/bin/python3 -c '
import csv, datetime, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
col = rows[0].index("ocop_cert_date")
year_ago = (datetime.date.today() - datetime.timedelta(days=365)).strftime("%d/%m/%Y")
for r in rows[1:]:
    r[col] = year_ago
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
' "$examples" man/products.csv
MANWIDTH=200 man -l "$here/../src/cli/ocoplabel.1.in" 2>/dev/null | sed -n '/^EXAMPLES$/,/^SEE ALSO$/p' > man/examples.txt
# code lines are indented 11 spaces or more (.RS 4 inside the section's 7); prose separates the blocks
/usr/bin/python3 -c '
import sys
blocks, cur = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith(" " * 11):
        cur.append(line[11:])
    elif line.strip() and cur:
        blocks.append(cur)
        cur = []
if cur:
    blocks.append(cur)
for i, b in enumerate(blocks, 1):
    with open("%s/example-%02d.sh" % (sys.argv[2], i), "w", encoding="utf-8") as f:
        f.write("\n".join(b).replace("/usr/local/share/ocoplabel/templates", "$TEMPLATES") + "\n")
' man/examples.txt man
expect_eq "$(ls man/example-*.sh | wc -l)" 9 "man page EXAMPLES blocks"
for f in man/example-*.sh; do
	(cd man && HOME=$PWD/home PATH=$PWD/bin:$PATH TEMPLATES=$OCOPLABEL_TEMPLATE_PATH sh -e "../$f" >"../$f.out" 2>"../$f.err")
	expect_eq "$?" 0 "man page $(basename "$f"): $(head -c 300 "$f.err")"
done
# the Vietnamese page (man/vi/man1): groff has nothing to say about it, and its examples are the English's
man_vi=$here/../man/vi/man1/ocoplabel.1.in
expect_eq "$(groff -man -Tutf8 -ww -z "$man_vi" 2>&1)" "" "the Vietnamese man page: groff warnings"
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$man_vi" 2>/dev/null | sed -n '/^VÍ DỤ$/,/^XEM THÊM$/p' | grep '^           ' > man/examples-vi.txt
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$here/../src/cli/ocoplabel.1.in" 2>/dev/null | sed -n '/^EXAMPLES$/,/^SEE ALSO$/p' |
	grep '^           ' > man/examples-en.txt
[ -s man/examples-vi.txt ] && ok || bad "the Vietnamese man page: no examples"
expect_eq "$(grep -vxFf man/examples-en.txt man/examples-vi.txt)" "" "the Vietnamese man page's examples are the English's"
for f in tea.pdf tea-roll.png label.svg label.pdf sheet.pdf rejected.csv rejected.xlsx labels/8936012346107-TH2611-00001.png proof.pdf \
	home/.local/share/ocoplabel/templates/my-label.ini home/lp-job.pdf roll.tspl roll.zpl calibrate.tspl; do
	[ -s "man/$f" ] && ok || bad "man page examples: man/$f not made"
done
# the PNG header: bit depth 1 (byte 24), and 8 pixels per mm (203 dpi) in pHYs
expect_eq "$(od -An -tu1 -j24 -N1 man/tea-roll.png | tr -d ' '):$(identify -units PixelsPerInch -format '%x' man/tea-roll.png)" "1:203" "man page example: a 1-bit PNG at 203 dpi"
expect_eq "$(head -c 5 man/home/lp-job.pdf)" "%PDF-" "man page example: a PDF sent to lp"
expect_eq "$(head -c 5 man/roll.tspl):$(head -c 3 man/roll.zpl)" "SIZE :~SD" "man page examples: a TSPL and a ZPL roll"
grep -q '\^BQ' man/roll.zpl && ok || bad "man page example: --printer-codes ZPL has ^BQ"
fi
finish

#!/bin/sh
# ocoplabel tests: `ocoplabel serve` through curl, on a free loopback port, stopped at the end: labels that
# decode exactly, 422 naming the field, batches of the example as CSV and XLSX whose codes decode in row
# order, the curl examples of docs/HTTP.md, every refusal with its status (404, 403, 405, 413, 400, 401),
# a printer job on a loopback listener, 8 clients and 400 requests with steady memory, a slow client that
# does not stop the others, a clean stop on SIGTERM; and the language of the answers (the lang parameter,
# else Accept-Language, else Vietnamese: the exact Vietnamese and English of each kind of message,
# Content-Language, Vary). The other cases ask for English (code), whose messages they compare.
# Usage: serve.sh OCOPLABEL EXAMPLES_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
examples=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
pids=""   # the other processes in the background: a printer's listener, a slow client
at_exit 'rm -rf "$tmp"'
at_exit 'for p in $pids; do kill "$p" 2>/dev/null; done'
cd "$tmp" || exit 1
csv="$examples/quangninh-products.csv"

# the server of every case (lib.sh's serve_start: main.out, main.err, its TMPDIR srv-main/; sets $base)
serve_start main --today 2026-06-01 --max-upload 2000000 --printer socket://127.0.0.1:1
main_pid=$serve_pid main_port=$port main_base=$base
ok_fields="-d gtin=8936012345674 -d name=Trà%20hoa%20vàng -d producer=HTX%20Ba%20Chẽ -d address=Ba%20Chẽ,%20Quảng%20Ninh -d stars=5 -d growing_area=VN-QNOR-0012 -d packing_facility=VN-QNPH-003"
url="https://id.gs1.org/01/08936012345674?vt=VN-QNOR-0012&csdg=VN-QNPH-003"
# code URL...: the HTTP status of a request (curl bounded in time), its messages in English
code() { curl -s -o body.txt -w '%{http_code}' --max-time 20 -H 'Accept-Language: en' "$@"; }
# code_in LANG URL...: the same in LANG, the answer's head in head.txt ('' for none: the server's default)
code_in() {
	_l=$1
	shift
	if [ -n "$_l" ]; then
		curl -s -o body.txt -D head.txt -w '%{http_code}' --max-time 20 -H "Accept-Language: $_l" "$@"
	else
		curl -s -o body.txt -D head.txt -w '%{http_code}' --max-time 20 "$@"
	fi
}
# hdr NAME: a header of head.txt
hdr() { tr -d '\r' < head.txt | sed -n "s/^$1: //Ip" | head -1; }
# json EXPR: EXPR of the JSON answer d (body.txt)
json() { $py -c "import json; d=json.load(open('body.txt', encoding='utf-8')); print($1)"; }
# the example as workbooks, and hostile ones (tests/workbooks.py): wb/example.xlsx, wb/cells.xlsx, ...
$py "$here/workbooks.py" wb "$csv" >/dev/null

# ---- labels ----
if case_begin labels; then
for f in png pdf svg; do
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields -d format=$f -d dpi=300 "$base/api/label")" 200 "label $f"
	cp body.txt "label.$f"
done
expect_eq "$(zbar label.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:$url " "PNG label: zbarimg"
expect_eq "$(zxing label.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:$url " "PNG label: ZXingReader"
pdftoppm -r 300 -gray -png -singlefile label.pdf pdfpage
expect_eq "$(zbar pdfpage.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:$url " "PDF label: zbarimg"
expect_eq "$(head -c 5 label.pdf)" "%PDF-" "a PDF"
expect_eq "$(curl -s -o /dev/null -w '%{content_type}' $ok_fields -d format=svg "$base/api/label")" "image/svg+xml" "SVG content type"
for f in tspl zpl; do
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields -d format=$f -d template=thermal-50x30 "$base/api/label")" 200 "label $f"
done
# an invalid record: 422 naming the field
expect_eq "$(code -d gtin=8936012345675 -d name=X -d producer=Y -d address=Z -d stars=5 -d growing_area=A -d packing_facility=B "$base/api/label")" 422 "invalid record: 422"
expect_eq "$($py -c 'import json,sys; e=json.load(open("body.txt"))["errors"]; print(e[0]["field"], e[0]["code"], e[0]["message"])')" \
	"gtin check_digit wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)" "422 names the field, in the CLI's words"
# check: the same diagnostics as JSON
expect_eq "$(code -H 'Content-Type: application/json' -d '{"gtin": "8936012345674", "stars": 7}' "$base/api/check")" 200 "check"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); print(d["ok"], sorted(e["field"] for e in d["errors"]))')" \
	"False ['address', 'growing_area', 'name', 'packing_facility', 'producer', 'stars']" "check lists each field's error"
# shellcheck disable=SC2086
code $ok_fields "$base/api/check" >/dev/null
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); print(d["ok"], d["url"])')" "True $url" "check of a valid record gives its Digital Link"
fi

# ---- lists ----
if case_begin lists; then
expect_eq "$(code "$base/api/templates")" 200 "templates"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); print(" ".join(t["name"] for t in d["templates"]), "|", " ".join(s["name"] for s in d["sheets"]), "|", " ".join(p["name"] for p in d["printer_profiles"]))')" \
	"back-100x70 product-100x70 small-70x37 thermal-100x50 thermal-50x30 thermal-60x40 | a4-1x1 a4-2x4 a4-3x8 | tsc-300 xprinter-203 zebra-203 zebra-300" "the templates, sheets and printer profiles"
expect_eq "$(code "$base/api/fields")" 200 "fields"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); f=[x for x in d["fields"] if x["name"]=="gtin"][0]; print(f["heading"], f["required"], f["kind"])')" "Mã vạch True number" "the field table"
expect_eq "$(code "$base/api/printers")" 200 "printers"
# the main server's --printer is listed, marked as configured (CUPS queues, if any, come first)
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); print([(p["name"], p["configured"]) for p in d["printers"] if p.get("configured")])')" \
	"[('socket://127.0.0.1:1', True)]" "the configured printer is listed"
fi

# ---- batches: CSV and XLSX, codes in row order ----
if case_begin batches; then
want=$($py -c 'import csv,sys; print(" ".join(r["gtin"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$csv")
for f in "$csv" wb/example.xlsx; do
	expect_eq "$(curl -s -o roll.pdf -D h.txt -w '%{http_code}' --max-time 120 -F "file=@$f" -F template=thermal-50x30 "$base/api/batch")" 200 "batch $(basename "$f")"
	expect_eq "$(grep -i '^x-ocoplabel-rows\|^x-ocoplabel-valid\|^x-ocoplabel-rejected' h.txt | tr -d '\r' | tr '\n' ' ')" \
		"X-Ocoplabel-Rows: 12 X-Ocoplabel-Valid: 12 X-Ocoplabel-Rejected: 0 " "batch $(basename "$f"): counts"
	rm -f pg-*.png
	pdftoppm -r 300 -gray -png roll.pdf pg
	got=$(for p in pg-*.png; do zbar "$p" | sed -n 's/^EAN-13://p'; done | tr '\n' ' ')
	expect_eq "$got" "$want " "batch $(basename "$f"): the EANs in row order"
done
# a file name that is not UTF-8 (its PDF title gets U+FFFD): the labels, not a 500 (fuzz_http)
expect_eq "$(curl -s -o title.pdf -w '%{http_code}' --max-time 120 -F "file=@$csv;filename=$(printf 'pr\227ducts.csv')" "$base/api/batch")" 200 "a file name that is not UTF-8"
expect_eq "$(pdfinfo title.pdf | sed -n 's/^Title: *//p')" "pr�ducts.csv" "its PDF's title"
# PNG files as a zip, one per label, in row order
expect_eq "$(curl -s -o pngs.zip -w '%{http_code} %{content_type}' --max-time 120 -F "file=@$csv" -F format=png -F template=small-70x37 "$base/api/batch")" "200 application/zip" "batch of PNG files: a zip"
mkdir pngs && (cd pngs && $py -c 'import zipfile; zipfile.ZipFile("../pngs.zip").extractall()')
# in the zip's own order (what an unzipping tool or a file manager shows), each PNG decoded in turn
zip_order=$($py -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' pngs.zip)
expect_eq "$(echo "$zip_order" | tr '\n' ' ')" "00001.png 00002.png 00003.png 00004.png 00005.png 00006.png 00007.png 00008.png 00009.png 00010.png 00011.png 00012.png " "the zip's entries are in row order"
expect_eq "$(echo "$zip_order" | wc -l | tr -d ' '):$(for p in $zip_order; do zbar "pngs/$p" | sed -n 's/^EAN-13://p'; done | tr '\n' ' ')" "12:$want " "the zip's PNG files, in the zip's order, decode to the rows in order"
# a sheet PDF, and its report of rejected rows
printf '%s\n' "$(head -1 "$csv")" "$(sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/')" "$(sed -n 3p "$csv")" > bad.csv
expect_eq "$(curl -s -o sheet.pdf -D h.txt -w '%{http_code}' --max-time 60 -H 'Accept-Language: en' -F file=@bad.csv -F sheet=a4-3x8 "$base/api/batch")" 200 "batch with a rejected row"
report=$(sed -n 's/^X-Ocoplabel-Report: \([^\r]*\).*/\1/p' h.txt)
expect_eq "$(code "$base$report")" 200 "the report"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); p=d["problems"][0]; print(d["rows"], d["rejected"], p["row"], p["field"], p["message"])')" \
	"2 1 2 gtin wrong check digit in '8936012346108': the last digit should be 7 (8936012346107)" "the report names the row and field"
# the rows of a workbook for the page's table, problems at their cell
expect_eq "$(code -F file=@wb/cells.xlsx "$base/api/rows")" 200 "rows"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); r=[x for x in d["rows"] if x["row"]==6][0]; print(d["counts"], r["problems"][0]["field"], r["problems"][0]["message"][:12])')" \
	"{'rows': 9, 'valid': 4, 'rejected': 5} gtin cell E6: the" "rows: counts and a rejected row's cell"
# a hostile workbook: 413 (over a limit of ocoplabel limits) with the reader's message
expect_eq "$(code -F file=@wb/bomb.xlsx "$base/api/batch")" 413 "a zip bomb: 413"
case $(cat body.txt) in *"zip bomb"*) ok ;; *) bad "zip bomb message: $(cat body.txt)" ;; esac
fi

# ---- the examples of docs/HTTP.md ----
# in a folder of their own: the files they write are theirs, not those of the case labels
if case_begin docs; then
mkdir docs && cp wb/example.xlsx docs/products.xlsx
$py "$here/listener.py" receive printed.bin lport.txt >listener.log 2>&1 &
pids="$pids $!"
wait_until 200 test -s lport.txt
lport=$(cat lport.txt)
# the docs' printer is one its operator allows: a server of this case with --printer
serve_start docs --today 2026-06-01 --printer "socket://127.0.0.1:$lport"
grep '^    curl ' "$here/../docs/HTTP.md" | sed -e 's/^    //' -e "s#http://127.0.0.1:8080#$base#" -e "s#socket://192.168.1.50:9100#socket://127.0.0.1:$lport#" > examples.sh
expect_eq "$(wc -l < examples.sh | tr -d ' ')" 5 "docs/HTTP.md: its curl examples"
(cd docs && sh -e ../examples.sh) >examples.out 2>&1 && ok || bad "docs/HTTP.md examples: $(cat examples.out)"
for f in label.pdf label.png sheets.pdf roll.tspl; do [ -s "docs/$f" ] && ok || bad "docs example made no $f"; done
expect_eq "$(zbar docs/label.png | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:$url " "docs example: the JSON label decodes"
wait_until 200 test -s printed.bin
expect_eq "$(head -c 5 printed.bin)" "SIZE " "docs example: the printer got a TSPL job"
port=$main_port base=$main_base
fi

# ---- refusals ----
if case_begin refusals; then
expect_eq "$(code "$base/nope")" 404 "an unknown path"
expect_eq "$(code --path-as-is "$base/assets/../../etc/passwd")" 404 "a path with .."
expect_eq "$(code "$base/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd")" 404 "an encoded ../"
expect_eq "$(code "$base/api/report/abc")" 404 "a report that is no number"
expect_eq "$(code "$base/api/report/999")" 404 "a report that is not there"
grep -q 'root:' body.txt && bad "a file was served" || ok
expect_eq "$(code -H 'Host: evil.example' "$base/api/fields")" 403 "another Host (DNS rebinding)"
expect_eq "$(code -H 'Origin: http://evil.example' -d a=b "$base/api/check")" 403 "a POST from another page"
expect_eq "$(code -H "Origin: http://127.0.0.1:$port" -d gtin=1 "$base/api/check")" 200 "a POST from this server's page"
expect_eq "$(code "$base/api/label")" 405 "GET on a POST endpoint"
expect_eq "$(code -X DELETE "$base/")" 405 "DELETE on the page"
expect_eq "$(code -H 'Content-Type: application/json' -d '{"gtin": ' "$base/api/label")" 400 "bad JSON"
expect_eq "$(code -H 'Content-Type: application/json' -d '[1,2]' "$base/api/label")" 400 "JSON that is not an object"
expect_eq "$(code -X POST "$base/api/label")" 400 "a POST without a body"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d format=gif "$base/api/label")" 400 "an unknown format"
expect_eq "$(code -d template=../../etc/passwd -d gtin=1 "$base/api/check")" 400 "a template path"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d format=zpl%FF%FE "$base/api/label")" 400 "a format that is not UTF-8"
expect_eq "$($py -c 'import json; print(json.loads(open("body.txt", "rb").read().decode("utf-8"))["error"][:20])')" "format: 'zpl��' is n" "its message: UTF-8 (fuzz_params)"
head -c 3000000 /dev/zero > big.bin
expect_eq "$(code -F file=@big.bin "$base/api/batch")" 413 "a body over --max-upload"
expect_eq "$(code -H 'Transfer-Encoding: chunked' -F file=@big.bin "$base/api/batch")" 413 "a chunked body over --max-upload"
expect_eq "$(code "$base/")" 200 "the page"
expect_eq "$(curl -s -o /dev/null -w '%{content_type}' "$base/assets/app.js")" "text/javascript; charset=utf-8" "the script"
expect_eq "$(curl -s -D - -o /dev/null "$base/" | tr -d '\r' | sed -n 's/^Content-Security-Policy: //p' | cut -c1-20)" "default-src 'self'; " "a Content-Security-Policy"
fi

# ---- a token: a second server ----
if case_begin token; then
serve_start tok --today 2026-06-01 --token s3cret-token-1
tbase=$base
expect_eq "$(code "$tbase/api/fields")" 401 "no token: 401"
expect_eq "$(code -H 'Authorization: Bearer wrong-token' "$tbase/api/fields")" 401 "a wrong token: 401"
expect_eq "$(code -H 'Authorization: Bearer s3cret-token-1' "$tbase/api/fields")" 200 "the token"
grep -q 's3cret-token-1' tok.out && ok || bad "the token is printed at start"
serve_stop
# the other cases talk to the main server
port=$main_port base=$main_base
fi

# ---- load: 8 clients, 400 requests; a slow client meanwhile ----
if case_begin load; then
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$main_pid/status; }
$py - "$main_port" <<'PY' &
import socket, sys, time
# one byte a second of a request, at most 30 bytes: it must not hold up the others
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
open("slow.txt", "w").write("connected\n")
for b in b"POST /api/check HTTP/1.1\r\nHost: 127.0":
    s.send(bytes([b]))
    time.sleep(1)
PY
slow=$!
pids="$pids $slow"
# a client: 50 requests on one connection (curl --next), so that the clients hold 8 connections, not 400 made
# one after another (a closed one still counts against the per-address limit until the server has seen it close)
client() {
	set --
	i=0
	while [ $i -lt 50 ]; do
		[ $i -gt 0 ] && set -- "$@" --next
		# shellcheck disable=SC2086
		set -- "$@" -s -o /dev/null -w '%{http_code}\n' --max-time 30 $ok_fields -d format=png -d dpi=150 "$base/api/label"
		i=$((i + 1))
	done
	curl "$@"
}
client > warm.txt
before=$(rss)
for k in 1 2 3 4 5 6 7 8; do client > "load-$k.txt" & done
wait_clients=0
for k in 1 2 3 4 5 6 7 8; do
	while [ "$(wc -l < "load-$k.txt")" -lt 50 ] && [ $wait_clients -lt 2400 ]; do wait_clients=$((wait_clients + 1)); sleep 0.05; done
done
expect_eq "$(cat load-*.txt | sort | uniq -c | tr -s ' ')" " 400 200" "400 requests from 8 clients: all answered 200"
after=$(rss)
# (the bound is the plain build's: under ASan freed memory waits in quarantine, up to 256 MB; tests/sanitize.sh)
if [ -z "${OCOP_SANITIZED:-}" ]; then
	[ "$after" -lt $((before * 3 / 2 + 20000)) ] && ok || bad "resident memory grew under load: $before kB -> $after kB"
fi
expect_eq "$(cat slow.txt 2>/dev/null)" connected "the slow client was connected to the server meanwhile"
kill $slow 2>/dev/null
fi

# ---- a printer that does not answer: 502; one the operator did not allow: 403 ----
if case_begin printer; then
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer=socket://127.0.0.1:1 -d timeout=2 "$main_base/api/print")" 502 "a refused printer: 502"
case $(cat body.txt) in *"127.0.0.1:1"*) ok ;; *) bad "refused printer message: $(cat body.txt)" ;; esac
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer=socket://127.0.0.1:2 "$main_base/api/print")" 403 "a printer not allowed: 403"
case $(cat body.txt) in *"--printer"*) ok ;; *) bad "printer not allowed message: $(cat body.txt)" ;; esac
fi

# ---- issue 26, 1: a thermal template's preview on its printer's grid, never a 5xx for a request's choice ----
if case_begin thermal_preview; then
expect_eq "$(code "$base/api/templates")" 200 "templates"
expect_eq "$($py -c 'import json; d=json.load(open("body.txt")); print(" ".join(t["name"] + ":" + t.get("printer", "-") + ":" + str(t.get("dpi", "-")) for t in d["templates"] if t["name"].startswith(("thermal", "product"))))')" \
	"product-100x70:-:- thermal-100x50:xprinter-203:203 thermal-50x30:xprinter-203:203 thermal-60x40:xprinter-203:203" "/api/templates names a thermal template's printer and its grid"
for t in thermal-50x30:400x240 thermal-60x40:480x320; do
	name=${t%%:*}
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields -d format=png -d template=$name "$base/api/label")" 200 "$name: a PNG without dpi"
	cp body.txt "$name.png"
	expect_eq "$($py -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$name.png")" "${t#*:}" "$name: drawn at its printer's 203 dpi"
	expect_eq "$(zbar "$name.png" | tr '\n' ' ')" "EAN-13:8936012345674 QR-Code:$url " "$name: its preview decodes"
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields -d format=png -d dpi=203 -d template=$name "$base/api/label")" 200 "$name: the page's preview (dpi 203)"
	# a resolution its rules do not allow: the request's mistake, told without the server's paths
	# shellcheck disable=SC2086
	st=$(code $ok_fields -d format=png -d dpi=150 -d template=$name "$base/api/label")
	case $st in 4??) ok ;; *) bad "$name at 150 dpi: $st $(cat body.txt)" ;; esac
done
if grep -q ' 500: ' main.err 2>/dev/null; then bad "a 500 logged: $(grep ' 500: ' main.err | head -1)"; else ok; fi
fi

# ---- issue 26, 2: a file with no valid row: 422 with its rows' problems, whatever the output ----
if case_begin all_rejected; then
printf '%s\n' "$(head -1 "$csv")" "$(sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/')" > allbad.csv
$py -c 'import csv,sys,openpyxl; wb=openpyxl.Workbook(); ws=wb.active; [ws.append(r) for r in csv.reader(open(sys.argv[1], encoding="utf-8"))]; wb.save(sys.argv[2])' allbad.csv allbad.xlsx
for f in allbad.csv allbad.xlsx; do
	for opts in "format=pdf" "sheet=a4-3x8" "format=tspl template=thermal-50x30" "format=png template=small-70x37"; do
		set -- ; for o in $opts; do set -- "$@" -F "$o"; done
		expect_eq "$(code -F "file=@$f" "$@" "$base/api/batch")" 422 "$f, $opts: 422"
		expect_eq "$(json 'd["rows"], d["rejected"], d["problems"][0]["row"], d["problems"][0]["field"], d["error"]')" \
			"1 1 2 gtin no row of the file can be printed: see the problems" "$f, $opts: the rows and their problems"
	done
done
expect_eq "$(code -F file=@allbad.csv -F template=thermal-50x30 -F printer=socket://127.0.0.1:1 "$base/api/print")" 422 "print of a file with no valid row: 422"
fi

# ---- issue 26, 3: the chosen format is what a printer is sent, or a 4xx says why ----
if case_begin print_format; then
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d format=pdf -d printer=socket://127.0.0.1:1 "$main_base/api/print")" 400 "a PDF to a raw port: 400"
case $(cat body.txt) in *"CUPS queue"*) ok ;; *) bad "PDF to a raw port: $(cat body.txt)" ;; esac
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=product-100x70 -d printer=socket://127.0.0.1:1 "$main_base/api/print")" 400 \
	"no format, no profile, a template for no printer, to a raw port: 400 (not a TSPL job it may not speak)"
case $(cat body.txt) in *"tspl or zpl"*) ok ;; *) bad "no format to a raw port: $(cat body.txt)" ;; esac
$py "$here/listener.py" receive job1.bin lport1.txt >listener1.log 2>&1 &
pids="$pids $!"
wait_until 200 test -s lport1.txt
dest="socket://127.0.0.1:$(cat lport1.txt)"
serve_start prn --today 2026-06-01 --printer "$dest"
# a thermal template with no format: the language of its printer (xprinter-203: TSPL), said in the answer
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer="$dest" "$base/api/print")" 200 "thermal-50x30 to a raw port"
expect_eq "$(json 'd["format"], d["printer"] == "'"$dest"'", d["labels"], d["sent"] > 0')" "tspl True 1 True" "the answer says what was sent where"
wait_until 200 test -s job1.bin
case $(head -c 200 job1.bin) in *SIZE*) ok ;; *) bad "the job is not TSPL: $(head -c 40 job1.bin | od -c | head -2)" ;; esac
serve_stop
base=$main_base port=$main_port serve_pid=$main_pid # the other cases use the main server
fi

# ---- issue 26, 4 and 7: the problems in row order, repeated warnings grouped; the rejected rows' workbook;
# download names from the product or the uploaded file ----
if case_begin problems_first; then
{ cat "$csv"; sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/'; } > mixed.csv
expect_eq "$(code -F file=@mixed.csv "$base/api/rows")" 200 "rows of a file with a rejected last row"
expect_eq "$(json '[(p["row"], p["severity"], p["field"], p.get("repeats", 0)) for p in d["problems"] if p["severity"] == "error" or p.get("repeats")]')" \
	"[(2, 'warning', 'production_date', 1), (14, 'error', 'gtin', 0)]" "rows: the problems in row order, a shared warning once with its count"
expect_eq "$(json 'sorted(p["row"] for p in d["problems"]) == [p["row"] for p in d["problems"]]')" "True" "rows: problems in row order"
expect_eq "$(curl -s -o rejected.xlsx -D head.txt -w '%{http_code}' -F "file=@mixed.csv;filename=Sản phẩm tháng 12.csv" "$base/api/rejected")" 200 "the rejected rows' workbook"
expect_eq "$(hdr Content-Disposition)" 'attachment; filename="san-pham-thang-12-rejected.xlsx"' "its name"
expect_eq "$($py -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; print(any("8936012346108" in str(c.value) for r in ws.iter_rows() for c in r))' rejected.xlsx)" "True" "it holds the rejected row"
expect_eq "$(curl -s -o /dev/null -D head.txt -w '%{http_code}' -F "file=@mixed.csv;filename=Sản phẩm tháng 12.csv" "$base/api/batch")" 200 "batch"
expect_eq "$(hdr Content-Disposition)" 'attachment; filename="san-pham-thang-12-labels.pdf"' "the document named from the uploaded file"
# shellcheck disable=SC2086
expect_eq "$(curl -s -o /dev/null -D head.txt -w '%{http_code}' $ok_fields -d lot=TH2611 "$base/api/label")" 200 "label"
expect_eq "$(hdr Content-Disposition)" 'inline; filename="tra-hoa-vang-TH2611.pdf"' "the label named from the product's name and lot"
fi

# ---- issue 26, 7: serials as a prefix and a number of digits (the page's two inputs), not printf syntax ----
if case_begin serials; then
expect_eq "$(curl -s -o ser.zip -w '%{http_code}' --max-time 120 -F "file=@$csv" -F serialize=1 -F serial_prefix=HTX \
	-F serial_digits=6 -F format=png -F template=small-70x37 "$base/api/batch")" 200 "serial_prefix=HTX serial_digits=6"
mkdir ser && (cd ser && $py -c 'import zipfile; zipfile.ZipFile("../ser.zip").extractall()')
expect_eq "$(for p in ser/00001.png ser/00012.png; do zbar "$p" | sed -n 's|^QR-Code:.*/21/\([^?]*\).*|\1|p'; done | tr '\n' ' ')" \
	"HTX000001 HTX000012 " "the first and the last label's serial (AI 21 in the QR code): HTX and 6 digits"
expect_eq "$(code -F "file=@$csv" -F serialize=1 -F serial_prefix=50% -F format=png -F template=small-70x37 "$base/api/batch")" 200 \
	"a '%' in the prefix is text, no digits: no padding"
# the clerk's mistakes, in Vietnamese (the page's language by default)
expect_eq "$(code_in '' -F "file=@$csv" -F serialize=1 -F serial_prefix=HTXĐ "$base/api/batch")" 400 "a letter GS1 does not allow: 400"
expect_eq "$(json 'd["error"]')" "serial_prefix: Số seri: 'HTXĐ1' có 'Đ' ở vị trí 4; GS1 chỉ cho phép A-Z a-z 0-9 và !\"%&'()*+,-./:;<=>?_ trong số seri (AI 21)" \
	"its message, in Vietnamese"
expect_eq "$(code_in '' -F "file=@$csv" -F serialize=1 -F serial_digits=21 "$base/api/batch")" 400 "21 digits: 400"
expect_eq "$(json 'd["error"]')" "serial_digits: '21' không phải số từ 0 đến 20" "its message, in Vietnamese"
expect_eq "$(code_in '' -F "file=@$csv" -F serialize=1 -F serial_prefix=ABCDEFGHIJKLMNO -F serial_digits=6 "$base/api/batch")" 400 \
	"a prefix and digits longer than a serial: 400"
expect_eq "$(json 'd["error"]')" "serial_prefix: 'ABCDEFGHIJKLMNO' và 6 chữ số thành 21 ký tự; số seri dài tối đa 20 ký tự" "its message, in Vietnamese"
expect_eq "$(code_in '' -F "file=@$csv" -F serialize=1 -F serial_prefix=HTX -F serial_format=%d "$base/api/batch")" 400 \
	"a prefix and a printf format: 400"
expect_eq "$(json 'd["error"]')" "serial_format: dùng serial_format, hoặc serial_prefix và serial_digits, không dùng cả hai" "its message, in Vietnamese"
fi

# ---- issue 26, 7: a sheet's template and labels' size for the page; a template larger than them: 400 ----
if case_begin sheet_template; then
expect_eq "$(code "$base/api/templates")" 200 "templates"
expect_eq "$(json '[(s["template"], s["label_width_mm"], s["label_height_mm"]) for s in d["sheets"] if s["name"] == "a4-3x8"]')" \
	"[('small-70x37', 70.0, 37.0)]" "a4-3x8: its template and its labels' size"
expect_eq "$(code_in '' -F "file=@$csv" -F sheet=a4-3x8 -F template=product-100x70 "$base/api/batch")" 400 "a template larger than the sheet's labels: 400"
expect_eq "$(json 'd["error"]')" "mẫu nhãn product-100x70 có kích thước 100 x 70 mm, lớn hơn nhãn 70 x 37 mm của khổ tờ nhãn a4-3x8" "its message"
fi

# ---- the page's template designer (issue 27): its endpoints, its own server saving into a folder ----
if case_begin template_designer; then
mkdir dtpl
serve_start designer --today 2026-06-01 --templates "$tmp/dtpl"
designer_pid=$serve_pid
expect_eq "$(code -d width=58 -d height=40 -d printer_profile=xprinter-203 "$base/api/template/auto")" 200 "auto 58x40"
json 'd["ini"]' > auto.ini
grep -q '^type=qr$' auto.ini && grep -q '^type=ean13$' auto.ini && ok || bad "auto: no QR code and EAN-13 in [$(head -c 200 auto.ini)]"
expect_eq "$(code -d width=40 -d height=30 -d printer_profile=xprinter-203 "$base/api/template/auto")" 422 "auto 40x30: refused"
case $(json 'd["error"]') in *"use "*" mm"*) ok ;; *) bad "auto 40x30: no size that works in [$(cat body.txt)]" ;; esac
expect_eq "$(code -d width=10 -d height=10 "$base/api/template/auto")" 400 "auto 10x10: out of range"
expect_eq "$(code -d width=abc -d height=30 "$base/api/template/auto")" 400 "auto: a width that is not a number"
expect_eq "$(code --data-urlencode ini@auto.ini "$base/api/template/check")" 200 "check the automatic layout"
expect_eq "$(json 'd["ok"], len(d["errors"])')" "True 0" "it keeps every rule"
# the QR code's box moved onto the EAN-13's: 422 naming both
$py - auto.ini > overlap.ini <<'PYEOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
ean = re.search(r"\[element ean\]\n(?:.*\n)*?x=(.*)\ny=(.*)\n", s)
qh = float(re.search(r"\[element qr\]\n(?:.*\n)*?height=(.*)\n", s)[1])
h = float(re.search(r"\[label\]\n(?:.*\n)*?height=(.*)\n", s)[1])
s = re.sub(r"(\[element qr\]\ntype=qr\n)x=.*\ny=.*\n", lambda m: m[1] + f"x={ean[1]}\ny={h - qh - 1:.2f}\n", s)
print(s, end="")
PYEOF
expect_eq "$(code --data-urlencode ini@overlap.ini "$base/api/template/check")" 422 "check: a QR code over the EAN-13"
expect_eq "$(json '[(e["field"], e["code"]) for e in d["errors"] if e["code"] == "overlap"][:1]')" "[('qr', 'overlap')]" "its problem"
case $(json 'd["errors"][0]["message"]') in *ean*) ok ;; *) bad "the overlap names no EAN: [$(cat body.txt)]" ;; esac
printf '[label\nwidth=40\n' > broken.ini
expect_eq "$(code --data-urlencode ini@broken.ini "$base/api/template/check")" 400 "check: a broken INI"
expect_eq "$(json 'd["ok"], len(d["errors"]) > 0, d["errors"][0]["code"]')" "False True template" "its problems"
sed 's/^type=qr$/type=qr\nbogus=1/' auto.ini > bogus.ini
expect_eq "$(code --data-urlencode ini@bogus.ini "$base/api/template/check")" 400 "check: an unknown key"
case $(json 'd["errors"][0]["message"]') in *bogus*) ok ;; *) bad "the unknown key is not named: [$(cat body.txt)]" ;; esac
printf '[label]\nwidth=40\nheight=30\n\n[element mark]\ntype=mark\nimage=/etc/passwd\nx=2\ny=2\nwidth=8\nheight=8\n' > img.ini
expect_eq "$(code --data-urlencode ini@img.ini "$base/api/template/check")" 400 "check: a template naming a server file"
expect_eq "$(code -d ini= "$base/api/template/check")" 400 "check: no ini"
expect_eq "$(curl -s -o prev.png -w '%{http_code} %{content_type}' --max-time 20 --data-urlencode ini@auto.ini -d dpi=203 "$base/api/template/preview")" \
	"200 image/png" "preview"
expect_eq "$(identify -format '%wx%h' prev.png)" "464x320" "the preview: 58x40 mm at 203 dpi"
expect_eq "$(code --data-urlencode ini@auto.ini -d name=../etc/x "$base/api/template/save")" 400 "save: a name with a path"
expect_eq "$(code --data-urlencode ini@auto.ini -d name=Honey "$base/api/template/save")" 400 "save: upper case"
expect_eq "$(code --data-urlencode ini@overlap.ini -d name=overlap "$base/api/template/save")" 422 "save: a template that breaks a rule"
expect_eq "$(ls dtpl | tr '\n' ' ')" "" "nothing saved by a refused request"
expect_eq "$(code --data-urlencode ini@auto.ini -d name=honey-58x40 "$base/api/template/save")" 201 "save"
expect_eq "$(ls dtpl)" "honey-58x40.ini" "saved in serve --templates"
expect_eq "$(code --data-urlencode ini@auto.ini -d name=honey-58x40 "$base/api/template/save")" 409 "save again: 409"
expect_eq "$(code --data-urlencode ini@auto.ini -d name=honey-58x40 -d replace=1 "$base/api/template/save")" 201 "replace"
expect_eq "$(code "$base/api/templates")" 200 "templates"
expect_eq "$(json '[(t["name"], t["width_mm"], t["height_mm"]) for t in d["templates"] if t["name"] == "honey-58x40"]')" \
	"[('honey-58x40', 58.0, 40.0)]" "/api/templates lists the saved template"
run_env() { OCOPLABEL_TEMPLATE_PATH="$tmp/dtpl:$here/../templates" "$bin" "$@"; }
case $(run_env templates 2>&1) in *honey-58x40*) ok ;; *) bad "ocoplabel templates does not list it" ;; esac
head -2 "$csv" > one.csv
run_env batch -q --today 2026-06-01 one.csv -t honey-58x40 --dpi 203 -o honey.pdf && ok || bad "batch -t honey-58x40"
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r203 -o honey.png honey.pdf
gtin=$($py -c "import csv, sys; print(next(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))['gtin'])" "$csv")
case $(zbar honey.png) in *"EAN-13:$gtin"*"QR-Code:https://"*"/01/0$gtin"*) ok ;; *) bad "the saved template's label: [$(zbar honey.png)]" ;; esac
serve_stop "$designer_pid"
port=$main_port base=$main_base
fi

# ---- the language of the answers: lang (the page sends its switch's), else Accept-Language, else Vietnamese ----
if case_begin language; then
# a bad growing-area code to /api/check: the lang parameter (query or form) over Accept-Language
bad_area="-d gtin=8936012345674 -d name=X -d producer=Y -d address=Z -d stars=5 -d growing_area=VN%20QNOR%200012 -d packing_facility=VN-QNPH-003"
en_area="the growing-area code 'VN QNOR 0012' may contain only letters A-Z, digits and '-'; found ' ' at character 3"
vi_area="mã số vùng trồng 'VN QNOR 0012' chỉ được gồm chữ cái A-Z, chữ số và dấu '-'; có ' ' ở ký tự thứ 3"
# area_check ACCEPT LANG MESSAGE WHAT CURL_ARGS...: the bad growing-area code answered in LANG with MESSAGE,
# no other problem (lang is no field of the label), the field and code the same in every language
area_check() {
	_a=$1 _l=$2 _m=$3 _w=$4
	shift 4
	# shellcheck disable=SC2086
	expect_eq "$(code_in "$_a" $bad_area "$@")" 200 "area check, $_w"
	expect_eq "$(json 'len(d["errors"]), len(d["warnings"]), d["errors"][0]["field"], d["errors"][0]["code"], d["errors"][0]["message"]')" \
		"1 0 growing_area charset $_m" "area check, $_w: the message"
	expect_eq "$(hdr Content-Language):$(hdr Vary)" "$_l:Accept-Language" "area check, $_w: Content-Language and Vary"
}
area_check '' vi "$vi_area" "by default" "$base/api/check"
area_check vi vi "$vi_area" "Accept-Language: vi" "$base/api/check"
area_check en en "$en_area" "Accept-Language: en" "$base/api/check"
area_check '' en "$en_area" "lang=en in the query" "$base/api/check?lang=en"
area_check '' en "$en_area" "lang=en in the form" -d lang=en "$base/api/check"
area_check vi en "$en_area" "lang=en in the query over Accept-Language: vi" "$base/api/check?lang=en"
area_check en vi "$vi_area" "lang=vi in the form over Accept-Language: en" -d lang=vi "$base/api/check"
area_check en vi "$vi_area" "the form's lang=vi over the query's lang=en" -d lang=vi "$base/api/check?lang=en"
area_check en en "$en_area" "lang=fr (no language of the server): Accept-Language's" "$base/api/check?lang=fr"
area_check '' vi "$vi_area" "lang=fr, no Accept-Language: Vietnamese" -d lang=fr "$base/api/check"
# a JSON object's lang member
expect_eq "$(code_in vi -H 'Content-Type: application/json' -d '{"gtin": "8936012345674", "name": "X", "producer": "Y", "address": "Z", "stars": 5, "growing_area": "VN QNOR 0012", "packing_facility": "VN-QNPH-003", "lang": "en"}' "$base/api/check")" 200 "area check, JSON with lang en"
expect_eq "$(json 'len(d["errors"]), len(d["warnings"]), d["errors"][0]["message"]'):$(hdr Content-Language)" "1 0 $en_area:en" "area check, JSON's lang en over Accept-Language: vi"
# a missing product file: the server's own 400, in every way of asking
no_file_vi="file: hãy gửi tệp sản phẩm (CSV, XLSX hoặc ODS) trong trường file của biểu mẫu"
no_file_en="file: give the product file (CSV, XLSX or ODS) as the form's file field"
# no_file ACCEPT LANG MESSAGE WHAT URL CURL_ARGS...: /api/batch without its file answered in LANG
no_file() {
	_a=$1 _l=$2 _m=$3 _w=$4 _u=$5
	shift 5
	expect_eq "$(code_in "$_a" -F sheet=a4-3x8 "$@" "$_u")" 400 "no file, $_w"
	expect_eq "$(json 'd["error"]'):$(hdr Content-Language):$(hdr Vary)" "$_m:$_l:Accept-Language" "no file, $_w: the message"
}
no_file '' vi "$no_file_vi" "by default" "$base/api/batch"
no_file vi vi "$no_file_vi" "Accept-Language: vi" "$base/api/batch"
no_file en en "$no_file_en" "Accept-Language: en" "$base/api/batch"
no_file '' en "$no_file_en" "lang=en in the form" "$base/api/batch" -F lang=en
no_file vi en "$no_file_en" "lang=en in the query" "$base/api/batch?lang=en"
no_file en vi "$no_file_vi" "lang=vi in the form" "$base/api/batch" -F lang=vi
bad_gtin="-d gtin=8936012345675 -d name=X -d producer=Y -d address=Z -d stars=5 -d growing_area=VN-QNOR-0012 -d packing_facility=VN-QNPH-003"
en_cd="wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)"
vi_cd="sai số kiểm tra trong '8936012345675': chữ số cuối phải là 4 (8936012345674)"
# lang_check ACCEPT LANG MESSAGE WHAT: /api/check of a wrong check digit answered in LANG with MESSAGE, the
# field and code the same in every language
lang_check() {
	expect_eq "$(code_in "$1" $bad_gtin "$base/api/check")" 200 "check, $4"
	expect_eq "$(json 'len(d["errors"]), d["errors"][0]["field"], d["errors"][0]["code"], d["errors"][0]["message"]')" \
		"1 gtin check_digit $3" "check, $4: the message"
	expect_eq "$(hdr Content-Language):$(hdr Vary)" "$2:Accept-Language" "check, $4: Content-Language and Vary"
}
# shellcheck disable=SC2086
{
lang_check en en "$en_cd" "Accept-Language: en"
lang_check vi vi "$vi_cd" "Accept-Language: vi"
lang_check '' vi "$vi_cd" "no Accept-Language: Vietnamese"
lang_check 'vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7' vi "$vi_cd" "a Vietnamese browser"
lang_check 'en-US,en;q=0.9' en "$en_cd" "an English browser"
lang_check 'fr-FR,fr;q=0.9' vi "$vi_cd" "neither language: Vietnamese"
lang_check 'fr, en;q=0.5, vi;q=0.4' en "$en_cd" "quality values"
# /api/label: 422
expect_eq "$(code_in vi $bad_gtin "$base/api/label")" 422 "label 422 (vi)"
expect_eq "$(json 'd["errors"][0]["field"], d["errors"][0]["code"], d["errors"][0]["message"]')" "gtin check_digit $vi_cd" "label 422: in Vietnamese"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept-Language" "label 422 (vi): its headers"
expect_eq "$(code_in en $bad_gtin "$base/api/label")" 422 "label 422 (en)"
expect_eq "$(json 'd["errors"][0]["field"], d["errors"][0]["code"], d["errors"][0]["message"]')" "gtin check_digit $en_cd" "label 422: in English"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept-Language" "label 422 (en): its headers"
}
# /api/batch: 422, no row valid; its problems and its error
printf '%s\n' "$(head -1 "$csv")" "$(sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/')" > allbad.csv
expect_eq "$(code_in '' -F file=@allbad.csv "$base/api/batch")" 422 "batch of no valid row: 422 (default)"
expect_eq "$(json 'd["error"], d["problems"][0]["field"], d["problems"][0]["code"], d["problems"][0]["message"]')" \
	"không dòng nào của tệp in được: xem các lỗi gtin check_digit sai số kiểm tra trong '8936012346108': chữ số cuối phải là 7 (8936012346107)" "batch 422: in Vietnamese"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept-Language" "batch 422 (vi): its headers"
expect_eq "$(code_in en -F file=@allbad.csv "$base/api/batch")" 422 "batch of no valid row: 422 (en)"
expect_eq "$(json 'd["error"], d["problems"][0]["field"], d["problems"][0]["code"], d["problems"][0]["message"]')" \
	"no row of the file can be printed: see the problems gtin check_digit wrong check digit in '8936012346108': the last digit should be 7 (8936012346107)" "batch 422: in English"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept-Language" "batch 422 (en): its headers"
# the report of rejected rows: in the language of the run that made it, whoever asks
printf '%s\n' "$(head -1 "$csv")" "$(sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/')" "$(sed -n 3p "$csv")" > onebad.csv
expect_eq "$(curl -s -o /dev/null -D h.txt -w '%{http_code}' --max-time 60 -H 'Accept-Language: vi' -F file=@onebad.csv "$base/api/batch")" 200 "a batch in Vietnamese with a rejected row"
report=$(sed -n 's/^X-Ocoplabel-Report: \([^\r]*\).*/\1/p' h.txt)
for l in vi en; do
	expect_eq "$(code_in $l "$base$report")" 200 "its report, asked in $l"
	expect_eq "$(json 'd["problems"][0]["code"], d["problems"][0]["message"]'):$(hdr Content-Language)" \
		"check_digit sai số kiểm tra trong '8936012346108': chữ số cuối phải là 7 (8936012346107):vi" "the report, asked in $l: in the run's Vietnamese"
done
expect_eq "$(code_in '' "$base/api/report/999")" 404 "no such report (vi)"
expect_eq "$(json 'd["error"]')" "không có báo cáo này (máy chủ chỉ giữ báo cáo của 32 lần chạy gần nhất, trong 10 phút)" "no such report: in Vietnamese"
# 413, from Content-Length and in the middle of a chunked body (a reply written by hand)
head -c 3000000 /dev/zero > big.bin
expect_eq "$(code_in vi -F file=@big.bin "$base/api/batch")" 413 "413 (vi)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language):$(hdr Vary)" "yêu cầu lớn hơn 2.000.000 byte (--max-upload của máy chủ):vi:Accept-Language" "413: in Vietnamese"
expect_eq "$(code_in en -F file=@big.bin "$base/api/batch")" 413 "413 (en)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language):$(hdr Vary)" "the request is over 2000000 bytes (the server's --max-upload):en:Accept-Language" "413: in English"
expect_eq "$(code_in vi -F file=@big.bin "$base/api/batch?lang=en")" 413 "413 (lang=en in the query)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language):$(hdr Vary)" "the request is over 2000000 bytes (the server's --max-upload):en:Accept-Language" "413 (lang=en): in English"
expect_eq "$(code_in '' -H 'Transfer-Encoding: chunked' -F file=@big.bin "$base/api/batch")" 413 "a chunked 413 (default)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language):$(hdr Vary)" "yêu cầu lớn hơn 2.000.000 byte (--max-upload của máy chủ):vi:Accept-Language" "a chunked 413: in Vietnamese"
# the server's own 400s and 404
expect_eq "$(code_in vi -H 'Content-Type: application/json' -d '[1,2]' "$base/api/label")" 400 "JSON that is not an object (vi)"
expect_eq "$(json 'd["error"]')" 'nội dung phải là một đối tượng JSON gồm các trường, VD: {"gtin": "8936012345674", ...}' "its 400: in Vietnamese"
expect_eq "$(code_in en -H 'Content-Type: application/json' -d '[1,2]' "$base/api/label")" 400 "JSON that is not an object (en)"
expect_eq "$(json 'd["error"]')" 'the body must be a JSON object of fields, e.g. {"gtin": "8936012345674", ...}' "its 400: in English"
expect_eq "$(code_in vi -d gtin=1 -d format=gif "$base/api/label")" 400 "an unknown format (vi)"
expect_eq "$(json 'd["error"]')" "format: 'gif' không phải pdf, png, svg, tspl hay zpl" "its 400: in Vietnamese, the parameter's name kept"
expect_eq "$(code_in '' "$base/nope")" 404 "an unknown path (vi)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language)" "không tìm thấy:vi" "404: in Vietnamese"
# /api/print: 403 for a printer not allowed, 502 for one that refuses
# shellcheck disable=SC2086
{
expect_eq "$(code_in vi $ok_fields -d template=thermal-50x30 -d printer=socket://127.0.0.1:2 "$base/api/print")" 403 "a printer not allowed: 403 (vi)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language)" "printer: máy chủ này chỉ gửi tới các hàng đợi CUPS của nó và các máy in người quản trị cho phép (serve --printer); 'socket://127.0.0.1:2' không nằm trong số đó:vi" "403: in Vietnamese"
expect_eq "$(code_in en $ok_fields -d template=thermal-50x30 -d printer=socket://127.0.0.1:2 "$base/api/print")" 403 "a printer not allowed: 403 (en)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language)" "printer: this server sends only to its CUPS queues and the printers its operator allows (serve --printer); 'socket://127.0.0.1:2' is not one of them:en" "403: in English"
expect_eq "$(code_in '' $ok_fields -d template=thermal-50x30 -d printer=socket://127.0.0.1:1 -d timeout=2 "$base/api/print")" 502 "a refused printer: 502 (vi)"
expect_eq "$(json 'd["error"]'):$(hdr Content-Language)" "socket://127.0.0.1:1: kết nối bị từ chối (không có gì nghe ở cổng đó: đó có phải cổng in trực tiếp của máy in không, thường là 9100?):vi" "502: the printer's failure in Vietnamese"
}
# what the lists describe: templates (the library's words), fields, the configured printers
for l in vi en; do
	code_in $l "$base/api/templates" >/dev/null
	eval "tpl_$l=\$(json '[t[\"description\"] for t in d[\"templates\"] if t[\"name\"] == \"product-100x70\"][0]')"
	code_in $l "$base/api/fields" >/dev/null
	eval "what_$l=\$(json '[f[\"what\"] for f in d[\"fields\"] if f[\"name\"] == \"name\"][0]')"
	code_in $l "$base/api/printers" >/dev/null
	eval "prn_$l=\$(json '[p[\"description\"] for p in d[\"printers\"] if p.get(\"configured\")][0]'):\$(hdr Content-Language)"
done
expect_eq "$tpl_vi|$tpl_en" "Nhãn sản phẩm OCOP có mã QR và mã vạch EAN-13|OCOP product label with QR code and EAN-13" "a template's description in each language"
expect_eq "$what_vi|$what_en" "tên sản phẩm|product name" "a field's description in each language"
expect_eq "$prn_vi|$prn_en" "máy in nhãn qua mạng:vi|network label printer:en" "a configured printer's description in each language"
# the page and its files are the same in both languages
code_in vi "$base/assets/app.js" >/dev/null
expect_eq "$(hdr Content-Language)|$(hdr Vary)" "|" "the page's files: no Content-Language, no Vary"
# a resolver page through serve (tests/resolver.sh has the rest): Accept-Language, else Vietnamese
serve_start pages --today 2026-06-01 --products "$csv"
expect_eq "$(code_in en "$base/01/123")" 400 "a resolver's 400 through serve (en)"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "en:Accept-Language" "its headers (en)"
expect_eq "$(code_in '' "$base/01/123")" 400 "a resolver's 400 through serve (default)"
expect_eq "$(hdr Content-Language):$(hdr Vary)" "vi:Accept-Language" "its headers (default: vi)"
serve_stop
port=$main_port base=$main_base
fi

# ---- a clean stop: a batch in progress (its upload is in the server's folder) still gets its PDF ----
if case_begin stop; then
$py -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
w = csv.writer(open("many.csv", "w", encoding="utf-8", newline=""))
w.writerow(rows[0])
for i in range(40): w.writerows(rows[1:])' "$csv"
curl -s -o inflight.pdf -w '%{http_code}' --max-time 120 -F file=@many.csv -F sheet=a4-3x8 "$base/api/batch" >inflight.code &
cpid=$!
n=0
while ! ls "$tmp"/srv-main/ocoplabel-serve-*/upload-* >/dev/null 2>&1 && [ $n -lt 3000 ]; do
	n=$((n + 1))
	sleep 0.02
done
serve_stop "$main_pid"
stopped=$?
wait $cpid
expect_eq "$stopped:$(tail -1 main.out)" "0:ocoplabel serve: stopped" "SIGTERM: a clean stop"
expect_eq "$(cat inflight.code):$(head -c 5 inflight.pdf)" "200:%PDF-" "the request in progress got its PDF"
expect_eq "$(ls -A "$tmp/srv-main")" "" "the server's temporary folder is gone"
fi
finish

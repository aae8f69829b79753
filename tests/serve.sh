#!/bin/sh
# ocoplabel tests: `ocoplabel serve` through curl, on a free loopback port, stopped at the end: labels that
# decode exactly, 422 naming the field, batches of the example as CSV and XLSX whose codes decode in row
# order, the curl examples of docs/HTTP.md, every refusal with its status (404, 403, 405, 413, 400, 401),
# a printer job on a loopback listener, 8 clients and 400 requests with steady memory, a slow client that
# does not stop the others, and a clean stop on SIGTERM.
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
# code URL...: the HTTP status of a request (curl bounded in time)
code() { curl -s -o body.txt -w '%{http_code}' --max-time 20 "$@"; }
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
expect_eq "$(ls pngs | wc -l | tr -d ' '):$(for p in pngs/*.png; do zbar "$p" | sed -n 's/^EAN-13://p'; done | tr '\n' ' ')" "12:$want " "the zip's PNG files decode in row order"
# a sheet PDF, and its report of rejected rows
printf '%s\n' "$(head -1 "$csv")" "$(sed -n 2p "$csv" | sed 's/8936012346107/8936012346108/')" "$(sed -n 3p "$csv")" > bad.csv
expect_eq "$(curl -s -o sheet.pdf -D h.txt -w '%{http_code}' --max-time 60 -F file=@bad.csv -F sheet=a4-3x8 "$base/api/batch")" 200 "batch with a rejected row"
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
client() {
	i=0
	while [ $i -lt 50 ]; do
		# shellcheck disable=SC2086
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 $ok_fields -d format=png -d dpi=150 "$base/api/label"
		i=$((i + 1))
	done
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
[ "$after" -lt $((before * 3 / 2 + 20000)) ] && ok || bad "resident memory grew under load: $before kB -> $after kB"
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

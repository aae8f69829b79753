#!/bin/sh
# ocoplabel tests: the serial registry (docs/REGISTRY.md). SQLite: two serialised runs without --serial-start
# get consecutive, disjoint serials (read back from the labels' QR codes by zbarimg), `registry runs` lists
# them, --serial-start over a recorded serial is refused with nothing written, two runs at the same time get
# disjoint serials, `registry void`; `serve --registry` logs scans (a repeat from one client within the window
# once) and answers linkType=gs1:verificationService (curl): genuine with 1 then 2 scans, a forged serial
# unknown, a voided one voided; the page's verdict in Vietnamese. Faults: a read-only registry file (run as an
# unprivileged user), a PostgreSQL server that is stopped: exit 2, a clear message, no labels.
# PostgreSQL: a private cluster (initdb in a temporary folder, 127.0.0.1 on a free port, stopped at the end):
# two concurrent batch runs from two processes get disjoint serials; two serve processes count scans together.
# Usage: registry.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
chmod 755 "$tmp"
cd "$tmp" || exit 1
today=2026-11-29

cat > p.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,net_quantity,ocop_cert_date
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,50 g,15/03/2025
Miến dong Bình Liêu,HTX Miến dong Bình Liêu,"Thị trấn Bình Liêu, tỉnh Quảng Ninh",4,8936012346114,VN-QNOR-0031,VN-QNPH-005,MD2610,20/10/2026,20/10/2027,500 g,10/06/2024
CSV
reg=$tmp/reg.sqlite
export OCOPLABEL_REGISTRY="$reg"

# serials DIR: the GTIN/serial of every QR code of the PNG files in DIR, sorted
serials() {
	for f in "$1"/*.png; do zbarimg -q "$f"; done |
		sed -n 's|^QR-Code:.*/01/\([0-9]*\)/10/[^/]*/21/\([^?]*\).*|\1/\2|p' | sort
}
# json KEY: the member KEY of the JSON in body.txt
json() { /usr/bin/python3 -c 'import json,sys; v=json.load(open("body.txt")).get(sys.argv[1]); print("" if v is None else v)' "$1"; }
# verdict URL [CURL ARGS]: the JSON of gs1:verificationService into body.txt; prints its status
verdict() { u=$1; shift; curl -s -o body.txt --max-time 20 "$@" "$u?linkType=gs1:verificationService"; json status; }

if case_begin sqlite_runs; then
	run batch -q --today $today p.csv -t small-70x37 --serialize --copies 3 --format png -o one
	expect_eq "$rc" 0 "first run: $err"
	run batch -q --today $today p.csv -t small-70x37 --serialize --copies 2 --format png -o two
	expect_eq "$rc" 0 "second run: $err"
	expect_eq "$(serials one | tr '\n' ' ')" "08936012346107/1 08936012346107/2 08936012346107/3 08936012346114/1 08936012346114/2 08936012346114/3 " "first run's serials (decoded)"
	expect_eq "$(serials two | tr '\n' ' ')" "08936012346107/4 08936012346107/5 08936012346114/4 08936012346114/5 " "second run's serials continue (decoded)"
	run registry runs
	expect_eq "$(echo "$out" | head -1 | cut -f1-4)" "run	started	finished	state" "runs: the header"
	expect_eq "$(echo "$out" | sed 1d | cut -f1,4,11-14 | tr '\t\n' ', ')" "2,done,2,2,0,4 1,done,2,2,0,6 " "runs: both, newest first"
	expect_eq "$(echo "$out" | sed -n 2p | cut -f8)" "$(sha256sum p.csv | cut -d' ' -f1)" "runs: the product file's SHA-256"
	run registry serials 8936012346107 --lot TH2611
	expect_eq "$(echo "$out" | sed 1d | cut -f3,5,6 | tr '\t\n' ', ')" "1,1,issued 2,1,issued 3,1,issued 4,2,issued 5,2,issued " "serials of a GTIN and lot"
	# by hand: a number on record is refused, nothing written
	run batch -q --today $today p.csv --serialize --serial-start 5 -o hand.pdf
	expect_eq "$rc" 2 "--serial-start over a recorded serial"
	case $err in *"already taken by run 2"*) ok ;; *) bad "collision message: $err" ;; esac
	[ ! -e hand.pdf ] && ok || bad "a refused run wrote its labels"
	run batch -q --today $today p.csv --serialize --serial-start 100 -o hand.pdf
	expect_eq "$rc" 0 "--serial-start past the recorded serials: $err"
	# the next free ones come after the numbers given by hand
	run batch -q --today $today p.csv -t small-70x37 --serialize --format png -o three
	expect_eq "$(serials three | tr '\n' ' ')" "08936012346107/101 08936012346114/102 " "after --serial-start 100 (rows numbered 100 and 101 by position)"
	# without the registry: from 1, nothing recorded
	n=$("$bin" registry runs | wc -l)
	run batch -q --today $today p.csv --serialize --no-registry -o none.pdf
	expect_eq "$rc:$("$bin" registry runs | wc -l)" "0:$n" "--no-registry records nothing"
	# the export for a spreadsheet: CSV and an Excel workbook with the same cells, read by openpyxl (serials and
	# GTINs keep their leading zeros as text)
	run registry export serials -o serials.csv
	expect_eq "$rc" 0 "export CSV: $err"
	run registry export serials -o serials.xlsx
	expect_eq "$rc" 0 "export XLSX: $err"
	same=$(/usr/bin/python3 - <<'PY'
import csv, openpyxl
rows = list(csv.reader(open("serials.csv", encoding="utf-8-sig", newline="")))
ws = openpyxl.load_workbook("serials.xlsx").active
cells = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
cells = [r + [""] * (len(rows[0]) - len(r)) for r in cells]
print("same" if rows == cells and len(rows) > 5 and any(c.startswith("0893") for r in cells for c in r) else "differ: %r %r" % (rows[:3], cells[:3]))
PY
)
	expect_eq "$same" same "the workbook holds the CSV's cells, as text"
	run registry export runs -o out.pdf/x.xlsx
	expect_eq "$rc" 2 "an export into a folder that does not exist"
fi

if case_begin sqlite_concurrent; then
	cr=$tmp/conc.sqlite
	OCOPLABEL_REGISTRY=$cr "$bin" batch -q --today $today p.csv -t small-70x37 --serialize --copies 4 --format png -o c1 &
	p1=$!
	OCOPLABEL_REGISTRY=$cr "$bin" batch -q --today $today p.csv -t small-70x37 --serialize --copies 4 --format png -o c2 &
	p2=$!
	wait $p1; r1=$?; wait $p2; r2=$?
	expect_eq "$r1:$r2" "0:0" "two runs at once"
	expect_eq "$( (serials c1; serials c2) | sort -u | wc -l)" 16 "two runs at once: 16 different serials"
	expect_eq "$( (serials c1; serials c2) | sed 's|.*/||' | sort -n | uniq | tr '\n' ' ')" "1 2 3 4 5 6 7 8 " "two runs at once: serials 1 to 8 of each GTIN"
fi

if case_begin void_and_scans; then
	vr=$tmp/scan.sqlite
	export OCOPLABEL_REGISTRY="$vr"
	"$bin" batch -q --today $today p.csv --serialize --copies 3 -o s1.pdf || bad "run 1"
	"$bin" batch -q --today $today p.csv --serialize --copies 2 -o s2.pdf || bad "run 2"
	run registry void 2 --serials 4-4 --gtin 8936012346107 --lot TH2611 --reason "in lệch"
	expect_eq "$rc:$out" "0:1 label of run 2 voided" "void one serial of run 2"
	run registry void 2 --reason ""
	expect_eq "$rc" 2 "void without a reason"
	run registry void 9 --reason x
	expect_eq "$rc" 2 "void of a run that does not exist"
	run registry show 2
	expect_eq "$(echo "$out" | grep -E '^(issued|voided)' | tr '\t\n' '= ')" "issued=3 voided=1 " "show: the states"
	serve_start reg --today $today --products p.csv --registry "$vr"
	grep -q "registry $vr" reg.out && ok || bad "serve names its registry: $(cat reg.out)"
	item=$base/01/08936012346107/10/TH2611/21/2
	expect_eq "$(verdict "$item")" genuine "an issued serial before any scan"
	expect_eq "$(json scans)" 0 "no scan yet"
	# a phone scans it: the 307 to the page, logged
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -A 'Mozilla/5.0 (Linux; Android 13) Zalo' "$item")" 307 "scan 1"
	expect_eq "$(verdict "$item"):$(json scans)" "genuine:1" "genuine with 1 scan"
	expect_eq "$(json issued | cut -c1-4):$(json producer)" "$(date -u +%Y):HTX Trà hoa vàng Ba Chẽ" "issued date and producer"
	first=$(json firstScan)
	[ -n "$first" ] && ok || bad "no first scan"
	# the same phone again at once: counted once; another phone: counted
	curl -s -o /dev/null -A 'Mozilla/5.0 (Linux; Android 13) Zalo' "$item"
	expect_eq "$(verdict "$item"):$(json scans)" "genuine:1" "a repeat from one client within the window counts once"
	curl -s -o /dev/null -A 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' "$item"
	expect_eq "$(verdict "$item"):$(json scans):$(json firstScan)" "genuine:2:$first" "genuine with 2 scans"
	expect_eq "$(verdict "$base/01/08936012346107/10/TH2611/21/999")" unknown "a forged serial"
	expect_eq "$(verdict "$base/01/08936012346107/10/TH2611/21/4"):$(json voidReason)" "voided:in lệch" "a voided serial"
	# the scans on record: the client's network only, never its address
	run registry scans 8936012346107/TH2611/2
	expect_eq "$(echo "$out" | sed 1d | cut -f5,6,7 | sort | tr '\t\n' ', ')" "127.0.0.0/24,iphone,1 127.0.0.0/24,zalo,0 127.0.0.0/24,zalo,1 " "scans: /24, kind, counted"
	grep -q '127\.0\.0\.1' "$vr" && bad "the full address is stored" || ok
	# listed in the linkset and the description
	curl -s -o body.txt "$item?linkType=linkset"
	grep -q '"https://ref.gs1.org/voc/verificationService":\[{"href":"'"$item"'?linkType=gs1:verificationService"' body.txt && ok || bad "linkset: $(cat body.txt)"
	curl -s -o body.txt "$base/.well-known/gs1resolver"
	grep -q '"linkType":"gs1:verificationService"' body.txt && ok || bad "description: $(cat body.txt)"
	# the page: the verdict in Vietnamese, never cached
	curl -s -D head.txt -o page.html "$base/p/01/08936012346107/10/TH2611/21/2"
	grep -qi '^Cache-Control: no-store' head.txt && ok || bad "the page with a verdict is cached"
	if grep -q 'Tem chính hãng' page.html; then
		grep -q 'Tem chính hãng:</b> in ngày [0-9/]* cho HTX Trà hoa vàng Ba Chẽ; đã được quét 2 lần, lần đầu lúc ' page.html && ok || bad "the verdict: $(grep -A1 verdict page.html)"
		curl -s -o page.html "$base/p/01/08936012346107/10/TH2611/21/999"
		grep -q 'có thể là hàng giả' page.html && ok || bad "a forged serial's page"
	else
		echo "note: the Vietnamese verdict needs the merged po/vi.po (po-parts/registry28.po)"
		grep -q 'Genuine label:</b> printed on' page.html && ok || bad "the verdict: $(grep -A1 verdict page.html)"
	fi
	serve_stop && ok || bad "serve stops"
	export OCOPLABEL_REGISTRY="$reg"
fi

# the page's batches (POST /api/batch, as the page sends them): serialised without a first number, each run
# continues the serials of the one before and is on record with the clerk's name
if case_begin page_batches; then
	pr=$tmp/page.sqlite
	serve_start pgb1 --today $today --registry "$pr"
	for n in 1 2; do
		curl -s -o "pb$n.zip" -w '%{http_code}' -F file=@p.csv -F format=png -F serialize=1 -F copies=2 -F clerk="Chị Lan" \
			"$base/api/batch" >"pb$n.code"
		expect_eq "$(cat "pb$n.code")" 200 "page batch $n"
		rm -rf "pb$n" && mkdir "pb$n" && (cd "pb$n" && unzip -q "../pb$n.zip")
	done
	expect_eq "$(serials pb1 | tr '\n' ' ')" "08936012346107/1 08936012346107/2 08936012346114/1 08936012346114/2 " "page batch 1: serials 1-2 of each product"
	expect_eq "$(serials pb2 | tr '\n' ' ')" "08936012346107/3 08936012346107/4 08936012346114/3 08936012346114/4 " "page batch 2 continues: 3-4"
	serve_stop && ok || bad "serve stops"
	OCOPLABEL_REGISTRY="$pr" run registry runs
	expect_eq "$(echo "$out" | grep -c 'Chị Lan')" 2 "both page batches on record with the clerk's name: $out"
fi

if case_begin faults; then
	# a read-only registry file: as an unprivileged user (root writes any file)
	"$bin" registry runs --registry "$tmp/ro.sqlite" >/dev/null || bad "a new registry file"
	chmod 644 ro.sqlite
	mkdir out && chmod 777 out
	if [ "$(id -u)" = 0 ]; then as_user() { runuser -u nobody -- "$@"; }; else as_user() { "$@"; }; chmod 444 ro.sqlite; fi
	as_user env OCOPLABEL_REGISTRY= HOME="$tmp/out" "$bin" batch -q --today $today p.csv --serialize --registry "$tmp/ro.sqlite" -o out/ro.pdf >out.txt 2>err.txt
	expect_eq "$?" 2 "a read-only registry"
	grep -q "registry $tmp/ro.sqlite: .*the file is read-only" err.txt && ok || bad "read-only message: $(grep registry err.txt)"
	[ ! -e out/ro.pdf ] && ok || bad "labels written without their record"
	# a full disk: the registry on a 128 KiB tmpfs (when this machine lets the test mount one) fills up
	# while a run takes 10,000 serials
	mkdir small
	if mount -t tmpfs -o size=128k tmpfs small 2>/dev/null; then
		at_exit "umount '$tmp/small' 2>/dev/null"
		run batch -q --today $today p.csv --serialize --registry "$tmp/small/reg.sqlite" --copies 5000 -o full.pdf
		expect_eq "$rc" 2 "a registry on a full disk"
		case $err in *"registry $tmp/small/reg.sqlite: "*"the disk is full"*) ok ;; *) bad "full disk message: $err" ;; esac
		[ ! -e full.pdf ] && ok || bad "labels written without their record (full disk)"
		umount small
	else
		echo "SKIP (part): no tmpfs can be mounted here: the full-disk case is not run"
	fi
fi

# ---- PostgreSQL: a private cluster ----
pgbin=/usr/lib/postgresql/15/bin
if case_begin postgres; then
	if [ ! -x $pgbin/initdb ]; then
		bad "PostgreSQL 15 is not installed ($pgbin/initdb; ./quickstart.sh test installs it)"
	else
		if [ "$(id -u)" = 0 ]; then pg() { runuser -u nobody -- "$@"; }; else pg() { "$@"; }; fi
		mkdir pg pgsock && chmod 777 pgsock
		[ "$(id -u)" = 0 ] && chown nobody pg
		pgport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
		pg $pgbin/initdb -D "$tmp/pg" -A trust -U ocop --no-sync -E UTF8 >pg-init.log 2>&1 || bad "initdb: $(tail -3 pg-init.log)"
		at_exit "[ -f '$tmp/pg/postmaster.pid' ] && pg $pgbin/pg_ctl -D '$tmp/pg' -m immediate stop >/dev/null 2>&1"
		pg $pgbin/pg_ctl -D "$tmp/pg" -l "$tmp/pg/server.log" -w -t 60 \
			-o "-p $pgport -k $tmp/pgsock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 ||
			bad "pg_ctl start: $(tail -5 pg/server.log)"
		pg $pgbin/createdb -h 127.0.0.1 -p $pgport -U ocop ocoplabel || bad "createdb"
		url="postgresql://ocop@127.0.0.1:$pgport/ocoplabel"
		# two processes at once
		"$bin" batch -q --today $today p.csv -t small-70x37 --serialize --copies 4 --format png --registry "$url" -o g1 &
		p1=$!
		"$bin" batch -q --today $today p.csv -t small-70x37 --serialize --copies 4 --format png --registry "$url" -o g2 &
		p2=$!
		wait $p1; r1=$?; wait $p2; r2=$?
		expect_eq "$r1:$r2" "0:0" "PostgreSQL: two runs at once"
		expect_eq "$( (serials g1; serials g2) | sort -u | wc -l)" 16 "PostgreSQL: 16 different serials"
		expect_eq "$( (serials g1; serials g2) | sed 's|.*/||' | sort -n | uniq | tr '\n' ' ')" "1 2 3 4 5 6 7 8 " "PostgreSQL: serials 1 to 8 of each GTIN"
		run registry runs --registry "$url"
		expect_eq "$(echo "$out" | sed 1d | cut -f4 | tr '\n' ' ')" "done done " "PostgreSQL: runs"
		# voiding a GTIN and lot's labels (its parameters typed for PostgreSQL), then the runs' EPCIS events
		run registry void 1 --gtin 8936012346114 --lot MD2610 --reason "rách" --registry "$url"
		expect_eq "$rc:$out" "0:4 labels of run 1 voided" "PostgreSQL: void a GTIN and lot: $err"
		run registry epcis --registry "$url" -o pg.jsonld
		expect_eq "$rc" 0 "PostgreSQL: registry epcis: $err"
		expect_eq "$(grep -c '"action" : "ADD"' pg.jsonld):$(grep -c '"action" : "DELETE"' pg.jsonld)" "4:1" \
			"PostgreSQL: a commissioning event per run and lot, one for the voided labels"
		# two servers, one database: the scans counted together
		serve_start pga --today $today --products p.csv --registry "$url"
		a=$base
		serve_start pgb --today $today --products p.csv --registry "$url"
		b=$base
		# each server's verdict waits for the scans it queued itself; so, in this order, every count is certain
		curl -s -o /dev/null -A 'Android' "$a/01/08936012346107/10/TH2611/21/3"
		expect_eq "$(verdict "$a/01/08936012346107/10/TH2611/21/3"):$(json scans)" "genuine:1" "server A: 1 scan"
		curl -s -o /dev/null -A 'iPhone' "$b/01/08936012346107/10/TH2611/21/3"
		expect_eq "$(verdict "$b/01/08936012346107/10/TH2611/21/3"):$(json scans)" "genuine:2" "server B: 2 scans, one through A"
		expect_eq "$(verdict "$a/01/08936012346107/10/TH2611/21/3"):$(json scans)" "genuine:2" "server A: the same count"
		serve_stop_all
		# the server stopped in the middle of a run (its serials taken, its labels being drawn: the hidden
		# output is there): the labels are not recorded, so they are not written
		"$bin" batch -q --today $today p.csv -t small-70x37 --serialize --copies 20000 --registry "$url" -o mid.pdf \
			>mid.out 2>mid.err &
		mp=$!
		wait_until 600 sh -c 'ls -a | grep -q "^\.mid\.pdf\."' || bad "the long run did not start drawing"
		pg $pgbin/pg_ctl -D "$tmp/pg" -m immediate -w stop >/dev/null 2>&1
		wait $mp
		expect_eq "$?" 2 "PostgreSQL stopped in the middle of a run"
		case $(cat mid.err) in *"registry postgresql://ocop@127.0.0.1:$pgport/ocoplabel: "*) ok ;; *) bad "stopped midway: $(cat mid.err)" ;; esac
		expect_eq "$(ls -a | grep -c 'mid\.pdf')" 0 "no labels, no hidden file, after the database went away"
		pg $pgbin/pg_ctl -D "$tmp/pg" -l "$tmp/pg/server.log" -w -t 60 \
			-o "-p $pgport -k $tmp/pgsock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 ||
			bad "pg_ctl start again: $(tail -5 pg/server.log)"
		run registry runs --registry "$url"
		expect_eq "$(echo "$out" | sed -n 2p | cut -f4)" "open" "the interrupted run is on record, not done"
		# the server stopped: a clear message, exit 2, nothing written
		pg $pgbin/pg_ctl -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1
		run batch -q --today $today p.csv --serialize --registry "$url" -o down.pdf
		expect_eq "$rc" 2 "PostgreSQL stopped"
		case $err in *"registry postgresql://ocop@127.0.0.1:$pgport/ocoplabel: cannot connect to the database server"*) ok ;; *) bad "stopped: $err" ;; esac
		[ ! -e down.pdf ] && ok || bad "labels written without their record (PostgreSQL stopped)"
	fi
fi

finish

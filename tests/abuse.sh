#!/bin/sh
# ocoplabel tests: the server and the batch under abuse (issue 24), each numbered item of the issue a
# case, on the loopback, bounded in count and time: nested JSON (400, the server lives on), a 1 KB
# .ods that amplified to 760 MB and a 300 MB sheet of comments (memory bounds), a million copies and
# 4,000,000,000 repeated rows (refused at once; a batch whose client goes away stops), 160,000 form
# keys (400), 300 slow connections and a header line a second (a normal client still answered, the
# slow one cut), an endless chunked body (413, closed) and unfinished bodies (bytes held bounded), a
# printer that never reads (the others answered, only the operator's printers), a failed send that
# delivers nothing more, SIGINT, SIGTERM and a file-size limit (130 or 2, nothing written), and the
# statuses of item 10.
# Hostile inputs and raw-socket clients: tests/abuse.py.
# Usage: abuse.sh OCOPLABEL SEND_TOOL EXAMPLES_DIR
set -u
bin=$1 send_tool=$2 examples=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
py=/usr/bin/python3
abuse() { "$py" "$here/abuse.py" "$@"; }
tmp=$(mktemp -d)
pids=""   # processes in the background: printers, clients, a server started by hand
at_exit 'rm -rf "$tmp"'
at_exit 'for p in $pids; do kill "$p" 2>/dev/null; done'
cd "$tmp" || exit 1

today="--today 2026-06-01"
ok_fields="-d gtin=8936012345674 -d name=Trà%20hoa%20vàng -d producer=HTX%20Ba%20Chẽ -d address=Ba%20Chẽ -d stars=5 -d growing_area=VN-QNOR-0012 -d packing_facility=VN-QNPH-003"
# code ARGS...: the HTTP status of a curl request (its body in body.txt, its messages in English), at most 20 s
code() { curl -s -o body.txt -w '%{http_code}' --max-time 20 -H 'Accept-Language: en' "$@"; }
# a process that runs (a zombie, ended but not yet waited for, does not)
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }
gone() { ! alive "$1"; }
# kb PID FIELD: a /proc/PID/status figure in kB (VmRSS, VmHWM)
kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\).*/\1/p" "/proc/$1/status"; }
ms() { date +%s%3N; }
# limit NAME: a value of `ocoplabel limits` (the one table the code keeps)
limit() { "$bin" limits | awk -v n="$1" '$1 == n { print $2 }'; }
# json FILE EXPR: a Python expression on the JSON document d of FILE, printed
json() { "$py" -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); print(eval(sys.argv[2]))' "$1" "$2"; }
# raw FILE ARGS...: abuse.py raw to the main server with standard input as the request; the status
raw() { _f=$1; shift; abuse raw "$main_port" "$_f" "$@" | cut -d' ' -f1; }

max_depth=$(limit serve_json_depth)
max_params=$(limit serve_params)
max_labels=$(limit serve_labels)
max_problems=$(limit serve_problems)
max_cell=$(limit serve_cell_chars)
per_client=$(limit serve_client_connections)
head_seconds=$(limit serve_head_seconds)
stop_seconds=$(limit serve_stop_seconds)
print_timeout=$(limit serve_print_timeout)
run_labels=$(limit run_labels)
[ -n "$max_depth" ] && [ -n "$stop_seconds" ] && [ -n "$run_labels" ] || { echo "ocoplabel limits: $("$bin" limits 2>&1)" >&2; exit 1; }

# the server of most cases (lib.sh: main.out, main.err, TMPDIR srv-main/)
serve_start main $today
main_pid=$serve_pid main_port=$port main_base=$base

# ---- 1. JSON nested past the parser's stack: 400, and the server answers the next request ----
if case_begin json; then
abuse body brackets brackets.json
abuse body objects objects.json
for k in brackets objects; do
	expect_eq "$(code -H 'Content-Type: application/json' --data-binary @$k.json "$main_base/api/label")" 400 "JSON of 100,000 [ or 60,000 {\"a\": ($k): 400"
	case $(cat body.txt) in *"nests deeper than $max_depth levels"*) ok ;; *) bad "$k: the message: $(head -c 300 body.txt)" ;; esac
	alive "$main_pid" && ok || bad "$k: the server died"
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields "$main_base/api/check")" 200 "$k: the next request is answered"
done
# brackets inside a string are not nesting: the depth is counted outside strings
expect_eq "$(code -H 'Content-Type: application/json' --data-binary "{\"name\": \"$("$py" -c 'print("[{" * 500)')\", \"gtin\": \"8936012345674\"}" "$main_base/api/check")" 200 "brackets inside a JSON string: read"
fi

# ---- 2. memory: a 1 KB .ods that amplified to 760 MB; a 300 MB sheet of comments ----
if case_begin amplify; then
# one row with a 60,000-digit GTIN repeated 5,000 times (~1 KB): before the fixes a 300 MB report of
# rejected rows and 620 MB to 1.2 GB resident; now a capped report. A server of its own, so that its
# peak (VmHWM) is this case's; measured: about 37 MB peak with both requests at once.
abuse ods-amplify amp.ods
[ "$(wc -c < amp.ods)" -lt 2000 ] && ok || bad "amp.ods is $(wc -c < amp.ods) bytes, not about 1 KB"
serve_start amp $today
amp_pid=$serve_pid
# (about 8 s each on 2 idle cores; bounded generously, the suite may run beside other tests)
curl -s -H 'Accept-Language: en' -o amp-batch.json -w '%{http_code}' --max-time 120 -F file=@amp.ods "$base/api/batch" >amp-batch.code &
c1=$!
curl -s -H 'Accept-Language: en' -o amp-rows.json -w '%{http_code}' --max-time 120 -F file=@amp.ods "$base/api/rows" >amp-rows.code &
c2=$!
wait $c1 $c2
hwm=$(kb "$amp_pid" VmHWM) rss=$(kb "$amp_pid" VmRSS)
echo "amp.ods on /api/batch and /api/rows at once: server VmHWM $hwm kB, VmRSS after $rss kB"
# the bound: 150 MB, four times the peak measured; not under AddressSanitizer, whose quarantine
# and shadow memory keep what the program gave back (tests/sanitize.sh sets OCOP_SANITIZED)
if [ -z "${OCOP_SANITIZED:-}" ]; then
	[ "$hwm" -lt 150000 ] && ok || bad "amp.ods: the server's peak memory $hwm kB, over 150000 kB"
	[ "$rss" -lt 150000 ] && ok || bad "amp.ods: the server keeps $rss kB, over 150000 kB"
fi
expect_eq "$(cat amp-batch.code)" 422 "amp.ods /api/batch: every row rejected: 422"
expect_eq "$(json amp-batch.json '(d["rows"], d["rejected"], len(d["problems"]), d["more_problems"])')" "(5000, 5000, $max_problems, $((5000 - max_problems)))" "amp.ods /api/batch: the problems listed are capped, the rest counted"
expect_eq "$(json amp-batch.json 'max(len(p["message"]) for p in d["problems"]) <= 1000')" True "amp.ods /api/batch: messages cut to 1,000 characters"
[ "$(wc -c < amp-batch.json)" -lt 1000000 ] && ok || bad "amp.ods /api/batch: an answer of $(wc -c < amp-batch.json) bytes"
expect_eq "$(cat amp-rows.code)" 200 "amp.ods /api/rows: the table"
expect_eq "$(json amp-rows.json '(d["counts"]["rows"], len(d["rows"]), d["truncated"], max(len(v) for r in d["rows"] for v in r["values"]))')" "(5000, 2000, True, $((max_cell + 1)))" "amp.ods /api/rows: 2,000 rows listed, cells cut"
[ "$(wc -c < amp-rows.json)" -lt 10000000 ] && ok || bad "amp.ods /api/rows: an answer of $(wc -c < amp-rows.json) bytes"
alive "$amp_pid" && ok || bad "amp.ods: the server died"
serve_stop "$amp_pid"
# a sheet of 300 MiB of comments and white space, 2.5 MB compressed (within every limit: ~125 to 1),
# through `ocoplabel check`: 2.1 GB when libxml2's reader kept them; measured now: 27 MB
sizes=$(abuse xlsx-comments com.xlsx 300)
[ "${sizes% *}" -gt 300000000 ] && [ $((${sizes% *} / ${sizes#* })) -lt 200 ] && ok || bad "com.xlsx: the sheet is not 300 MB within the ratio limit: $sizes"
abuse maxrss com.rss "$bin" check $today com.xlsx >com.out 2>com.err
read -r com_rc com_kb com_s <com.rss
echo "check of a 300 MB sheet of comments: exit $com_rc, max RSS $com_kb kB, $com_s s"
expect_eq "$com_rc:$(head -n 1 com.out)" "0:2 rows, 2 valid, 0 rejected" "com.xlsx: both rows read"
# the bound: 100 MB (the sheet streamed; nothing of the comments kept)
[ "$com_kb" -lt 100000 ] && ok || bad "com.xlsx: check took $com_kb kB, over 100000 kB"
fi

# ---- 3. unbounded work: a million copies, 4,000,000,000 repeated rows ----
if case_begin copies; then
abuse csv million.csv 1000000
[ "$(wc -c < million.csv)" -lt 300 ] && ok || bad "million.csv is not tiny"
expect_eq "$(code -F file=@million.csv "$main_base/api/batch")" 413 "a row of 1,000,000 copies: 413 (over --max-labels)"
case $(cat body.txt) in *"million.csv:2: the file asks for more than $max_labels labels"*) ok ;; *) bad "million copies: the message: $(head -c 300 body.txt)" ;; esac
abuse csv one.csv ""
expect_eq "$(code -F file=@one.csv -F copies=1000000 "$main_base/api/batch")" 413 "copies=1000000 as a parameter: 413"
abuse ods-repeat repeat.ods
for ep in batch rows; do
	expect_eq "$(code -F file=@repeat.ods "$main_base/api/$ep")" 413 "a row repeated 4,000,000,000 times, /api/$ep: refused"
	case $(cat body.txt) in *"beyond the 1048576 rows"*) ok ;; *) bad "repeated rows /api/$ep: the message: $(head -c 300 body.txt)" ;; esac
done
# a sheet of a million rows (a 1 KB .ods: 1,048,000 repeats of a row with a 60,000-digit cell) is
# read no further than a request may print
abuse ods-amplify rows.ods 1048000
serve_start rows $today --max-labels 1000
expect_eq "$(code -F file=@rows.ods "$base/api/rows")" 413 "/api/rows of 1,048,000 rows, --max-labels 1000: 413"
case $(cat body.txt) in *"more than 1000 rows"*) ok ;; *) bad "/api/rows of many rows: the message: $(head -c 300 body.txt)" ;; esac
serve_stop
# an operator's --max-labels lets a million labels through: when the client goes away, the work stops
# (before: it went on for 60 s and wrote a 432 MB PDF)
serve_start gone $today --max-labels 1000000
curl -s -o /dev/null --max-time 60 -F file=@million.csv -F template=thermal-50x30 "$base/api/batch" &
cpid=$!
pids="$pids $cpid"
# shellcheck disable=SC2016
doc='ls -A "$1"/ocoplabel-serve-* 2>/dev/null | grep -q "^\.doc-"'
wait_until 200 sh -c "$doc" sh srv-gone || bad "the server did not start the batch"
kill "$cpid"
t0=$(ms)
wait_until 100 sh -c "! $doc" sh srv-gone || bad "the batch went on after its client had gone"
echo "the client gone: the batch stopped, its document removed, $(($(ms) - t0)) ms later"
expect_eq "$(code "$base/api/fields")" 200 "the server answers after it"
serve_stop
# the command line: 3 rows of 1,000,000 copies are over its default of labels a run, refused at once
abuse csv three.csv 1000000 3
timeout 60 "$bin" batch $today three.csv -o three.pdf >out.txt 2>err.txt
expect_eq "$?:$(cat err.txt)" "2:ocoplabel: three.csv:4: the file asks for more than $run_labels labels (3000000 up to this row); one run makes at most $run_labels" "batch of 3,000,000 labels: refused by the default --max-labels"
[ ! -e three.pdf ] && ok || bad "three.pdf written"
timeout 60 "$bin" batch $today million.csv --max-labels 1000 -o million.pdf >out.txt 2>err.txt
expect_eq "$?:$(cat err.txt)" "2:ocoplabel: million.csv:2: the file asks for more than 1000 labels (1000000 up to this row); one run makes at most 1000" "batch --max-labels 1000 of a million copies"
fi

# ---- 4. parameters: 160,000 form keys, a JSON object of 1,000 members ----
if case_begin params; then
abuse body form form.txt
abuse body members members.json
# refused as the form is read, past serve_params keys (before: all 160,000 set in the record, which the
# issue measured at 55 s; here 1 s and a 422)
expect_eq "$(code -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @form.txt "$main_base/api/label")" 400 "a form of 160,000 keys: 400"
case $(cat body.txt) in *"more than $max_params fields"*) ok ;; *) bad "160,000 keys: the message: $(head -c 300 body.txt)" ;; esac
expect_eq "$(code -H 'Content-Type: application/json' --data-binary @members.json "$main_base/api/check")" 400 "JSON of 1,000 members: 400"
case $(cat body.txt) in *"more than $max_params members"*) ok ;; *) bad "1,000 members: the message: $(head -c 300 body.txt)" ;; esac
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields "$main_base/api/check")" 200 "the server answers after them"
fi

# ---- 5. slow connections: 300 from one address, and one that sends a header line a second ----
if case_begin slowloris; then
# 127.0.0.0/8 is the loopback: the slow clients come from 127.0.0.2 and 127.0.0.3
abuse trickle "$main_port" >trickle.txt &
tpid=$!
pids="$pids $tpid"
abuse slowloris "$main_port" 300 >slow.txt
echo "300 slow connections: $(cat slow.txt)"
expect_eq "$(sed 's/.*status=\([0-9]*\).*/\1/' slow.txt)" 200 "300 slow connections from 127.0.0.2: a request from 127.0.0.1 answered"
# those past the per-client limit are closed at once (before: all 300 held for 60 s)
[ "$(sed 's/^open=\([0-9]*\).*/\1/' slow.txt)" -le "$per_client" ] && ok || bad "more than $per_client slow connections held from one address: $(cat slow.txt)"
printf 'GET /api/fields HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$main_port" >get.txt
expect_eq "$(abuse raw "$main_port" r.txt --bind 127.0.0.2 <get.txt | cut -d' ' -f1)" 200 "127.0.0.2 once its slow connections are closed"
# a header line a second: cut at the head's deadline, not held while it trickles (before: the idle
# timeout began again with each line)
wait_until 300 gone "$tpid" || bad "the trickling client was never cut"
t=$(cat trickle.txt)
case $t in held) bad "a header line a second: held for 30 s" ;; *)
	[ "$t" -ge "$head_seconds" ] && [ "$t" -le $((head_seconds + 4)) ] && ok || bad "a header line a second: cut after $t s (the deadline: $head_seconds s)" ;;
esac
fi

# ---- 6. bodies: an endless chunked body, unfinished bodies held ----
if case_begin chunked; then
serve_start small $today --max-upload 65536
for ep in label batch; do
	got=$(abuse chunked "$port" /api/$ep $((64 << 20)))
	echo "endless chunked body to /api/$ep, --max-upload 65536: $got"
	set -- $got
	expect_eq "$1 $3" "413 closed" "an endless chunked body to /api/$ep: 413 and the connection closed"
	# before: 804 MiB taken in 90 s. The bound: the limit and what the sockets' buffers may hold
	# (about 200 KB here, several MB when the server is slow to read)
	[ "$2" -le $((65536 + (8 << 20))) ] && ok || bad "/api/$ep: $2 bytes sent before the answer"
done
expect_eq "$(code "$base/api/fields")" 200 "the server answers after them"
serve_stop
# 8 bodies of 24 MiB, each short of its Content-Length (unfinished): the server holds at most
# serve_buffered_bytes of them in memory and refuses the others (503)
before=$(kb "$main_pid" VmRSS)
rm -f hold.release
abuse hold "$main_port" 8 24 >hold.txt &
hpid=$!
pids="$pids $hpid"
wait_until 300 test -s hold.txt || bad "the unfinished bodies were not all sent"
during=$(kb "$main_pid" VmRSS)
: >hold.release
wait_until 100 gone "$hpid"
echo "8 unfinished bodies of 24 MiB: $(cat hold.txt); server VmRSS $before kB before, $during kB meanwhile"
case $(cat hold.txt) in *503*) ok ;; *) bad "unfinished bodies: none refused: $(cat hold.txt)" ;; esac
# the bound: 64 MiB held plus a margin (before: 197 MB more, all of them); not under ASan, as above
[ -n "${OCOP_SANITIZED:-}" ] || [ $((during - before)) -lt 120000 ] && ok ||
	bad "unfinished bodies: the server grew by $((during - before)) kB"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields "$main_base/api/check")" 200 "the server answers after them"
fi

# ---- 7. printing: a printer that never reads, printers not configured ----
if case_begin printer; then
# a printer that accepts and never reads (until told: case send); a port that nothing listens on
abuse sleeper stall.port stall.wake stall.got stall.accepted &
pids="$pids $!"
"$py" "$here/listener.py" closed closed.port
wait_until 100 test -s stall.port || bad "the printer did not start"
stall="socket://127.0.0.1:$(cat stall.port)" closed="socket://127.0.0.1:$(cat closed.port)"
# one thread: before, a print held it and the server answered nothing else
serve_start prn $today --threads 1 --printer "$stall" --printer "$closed"
prn_base=$base
# shellcheck disable=SC2086
curl -s -H 'Accept-Language: en' -o print.json -w '%{http_code}' --max-time 30 $ok_fields -d template=thermal-50x30 -d printer="$stall" -d timeout=6 "$prn_base/api/print" >print.code &
cpid=$!
pids="$pids $cpid"
wait_until 100 test -e stall.accepted || bad "the print never reached the printer"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 4 "$prn_base/api/templates")" 200 "while a print waits for the printer: /api/templates answered"
# shellcheck disable=SC2086
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 4 $ok_fields -d format=png "$prn_base/api/label")" 200 "while a print waits for the printer: /api/label answered"
alive "$cpid" && ok || bad "the print was over before the other requests: $(cat print.code)"
wait $cpid
expect_eq "$(cat print.code)" 504 "the printer that never reads: 504 after the timeout"
case $(json print.json 'd["error"]') in *"the job was not printed whole"*) ok ;; *) bad "504: the message: $(cat print.json)" ;; esac
# the printer wakes up: it gets what its buffer had taken, not the job (item 8 through the server)
job=$(json print.json '__import__("re").search(r"[0-9]+ of ([0-9]+) bytes sent", d["error"]).group(1)')
: >stall.wake
wait_until 100 test -s stall.got || bad "the printer did not wake"
echo "the printer woke after the 504: $(cat stall.got) of $job bytes"
[ "$(cat stall.got)" -lt "$job" ] && ok || bad "a print reported failed was received whole: $(cat stall.got) of $job bytes"
# only the operator's printers: another port gets 403 whether something listens there or not
"$py" "$here/listener.py" closed other.port
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer="socket://127.0.0.1:$(cat other.port)" "$prn_base/api/print")" 403 "a closed port not configured: 403"
m1=$(sed "s/$(cat other.port)/PORT/" body.txt)
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer="socket://127.0.0.1:$main_port" "$prn_base/api/print")" 403 "a listening port not configured: 403"
expect_eq "$(sed "s/$main_port/PORT/" body.txt)" "$m1" "a listening and a closed port are told apart by nothing"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer="$closed" -d timeout=2 "$prn_base/api/print")" 502 "a configured printer that refuses: 502"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer="$closed" -d timeout=3600 "$prn_base/api/print")" 400 "timeout=3600: 400"
case $(cat body.txt) in *"from 1 to $print_timeout"*) ok ;; *) bad "timeout=3600: the message: $(cat body.txt)" ;; esac
serve_stop
fi

# ---- 8. a failed send delivers nothing more ----
if case_begin send; then
# a printer that takes the connection and reads nothing until the sender has given up (its 1 s
# timeout), then reads: it gets at most what its kernel had taken, not the job (the connection is
# reset, SO_LINGER 0; before, the kernel delivered all of it once the printer read)
"$py" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 800)' >job.bin
abuse sleeper send.port send.wake send.got &
pids="$pids $!"
wait_until 100 test -s send.port || bad "the printer did not start"
"$send_tool" --timeout 1 "socket://127.0.0.1:$(cat send.port)" job.bin >send.out 2>send.err
rc=$?
case $rc:$(cat send.err) in
"12:send_tool: socket://127.0.0.1:$(cat send.port): the printer did not take the end of the job within 1 s: "*" of 204800 bytes sent; the job was not printed whole [timeout]") ok ;;
*) bad "the send did not fail as it should: $rc: $(cat send.err)" ;;
esac
: >send.wake
wait_until 100 test -s send.got || bad "the printer did not wake"
echo "the printer woke after the failure: $(cat send.got) of 204800 bytes"
[ "$(cat send.got)" -lt 204800 ] && ok || bad "a job reported failed was received whole ($(cat send.got) bytes)"
fi

# ---- 9. signals and a file-size limit: 130 or 2, nothing written; serve stops in its bound ----
if case_begin signals; then
abuse csv million.csv 1000000
for sig in INT TERM; do
	rm -rf "out-$sig"
	mkdir "out-$sig"
	"$bin" batch $today million.csv --max-labels 2000000 -o "out-$sig/labels.pdf" >"sig-$sig.out" 2>"sig-$sig.err" &
	bpid=$!
	pids="$pids $bpid"
	# labels being drawn: the hidden partial file has some
	wait_until 200 sh -c 'for f in "$1"/.labels.pdf.*; do [ -s "$f" ] && exit 0; done; exit 1' sh "out-$sig" || bad "SIG$sig: no labels drawn"
	t0=$(ms)
	kill -"$sig" "$bpid"
	wait_until 100 gone "$bpid" || { bad "SIG$sig: the batch did not stop within 10 s"; kill -KILL "$bpid"; }
	t1=$(ms)
	wait "$bpid"
	expect_eq "$?:$(cat "sig-$sig.err")" "130:ocoplabel: interrupted; nothing was written" "SIG$sig in a batch of a million copies"
	echo "SIG$sig: the batch stopped $((t1 - t0)) ms after it"
	# before: on a signal the run went on for 61 s
	[ $((t1 - t0)) -le 3000 ] && ok || bad "SIG$sig: the batch took $((t1 - t0)) ms to stop"
	expect_eq "$(ls -A "out-$sig")" "" "SIG$sig: no file left in the output folder"
done
# a file-size limit (ulimit -f, 512-byte blocks): the write fails with a message, nothing is left
abuse csv two-k.csv 2000
mkdir out-fsize
sh -c 'ulimit -f 100; exec "$@"' sh "$bin" batch $today two-k.csv -o out-fsize/labels.pdf >fsize.out 2>fsize.err
expect_eq "$?:$(cat fsize.err)" "2:ocoplabel: out-fsize/labels.pdf: cannot write: File too large" "ulimit -f: exit 2 with a message (before: killed by SIGXFSZ)"
expect_eq "$(ls -A out-fsize)" "" "ulimit -f: no partial file"
# serve on SIGTERM while it makes a million labels: the client is answered, the server stops in
# serve_stop_seconds (before: it waited 259 s for the batch, then dropped its answer)
serve_start stop $today --max-labels 1000000
stop_pid=$serve_pid
curl -s -H 'Accept-Language: en' -o stop.body -w '%{http_code}' --max-time 60 -F file=@million.csv -F template=thermal-50x30 -F serialize=1 "$base/api/batch" >stop.code &
cpid=$!
pids="$pids $cpid"
wait_until 200 sh -c 'ls -A "$1"/ocoplabel-serve-* | grep -q "^\.doc-"' sh srv-stop || bad "the server did not start the batch"
t0=$(ms)
kill -TERM "$stop_pid"
wait_until $(((stop_seconds + 10) * 10)) gone "$stop_pid" || { bad "serve did not stop"; kill -KILL "$stop_pid"; }
t1=$(ms)
serve_stop "$stop_pid"
rc=$?
wait "$cpid"
echo "serve stopped $((t1 - t0)) ms after SIGTERM; the client got $(cat stop.code): $(head -c 200 stop.body)"
expect_eq "$rc:$(tail -1 stop.out)" "0:ocoplabel serve: stopped" "serve: a clean stop"
[ $((t1 - t0)) -le $(((stop_seconds + 3) * 1000)) ] && ok || bad "serve took $((t1 - t0)) ms to stop (its bound: $stop_seconds s)"
case $(cat stop.code) in 503|200) ok ;; *) bad "the batch in progress got $(cat stop.code), not an answer" ;; esac
expect_eq "$(ls -A srv-stop)" "" "serve: its temporary folder is gone"
fi

# ---- 10. statuses: no 5xx for what a client sends, no server paths, control bytes refused ----
if case_begin statuses; then
abuse hostile wb
abuse csv one.csv ""
printf 'a,b\n1,2\n' >nocols.csv
# hostile workbooks: 400 or 413 on /api/batch and /api/rows (before: 500 on /api/batch)
for f in laughs.xlsx doctype.ods xxe.xlsx deep.xlsx deep.ods broken.xlsx broken.ods nocols.csv; do
	p=wb/$f
	[ -e "$p" ] || p=$f
	for ep in batch rows; do
		st=$(code -F "file=@$p" "$main_base/api/$ep")
		case $st in 400|413) ok ;; *) bad "$f on /api/$ep: $st: $(head -c 300 body.txt)" ;; esac
		grep -q 'root:' body.txt && bad "$f on /api/$ep: /etc/passwd read" || ok
		# the clerk's file by its name, never the server's copy in its temporary folder
		grep -q "$tmp\|ocoplabel-serve-\|upload-" body.txt && bad "$f on /api/$ep: a server path: $(head -c 300 body.txt)" || ok
	done
done
# a sheet that breaks half-way is its error, not a table of the rows before (before: 200, an empty table)
for f in broken.xlsx broken.ods; do
	expect_eq "$(code -F "file=@wb/$f" "$main_base/api/rows")" 400 "$f: /api/rows: 400"
done
expect_eq "$(code -F file=@wb/invalid.xlsx "$main_base/api/batch")" 422 "no valid row: 422"
expect_eq "$(json body.txt '(d["rows"], d["valid"], len(d["problems"]))')" "(2, 0, 2)" "no valid row: the rows' problems"
# shellcheck disable=SC2086
expect_eq "$(code $ok_fields -d today=2026-02-30 "$main_base/api/label")" 400 "today=2026-02-30 on /api/label"
expect_eq "$(code -F file=@one.csv -F today=2026-02-30 "$main_base/api/batch")" 400 "today=2026-02-30 on /api/batch"
# a bad timeout (to a CUPS queue name: refused before any printer is asked)
for t in abc 0 -5 3600 nan; do
	# shellcheck disable=SC2086
	expect_eq "$(code $ok_fields -d template=thermal-50x30 -d printer=office -d timeout=$t "$main_base/api/print")" 400 "timeout=$t on /api/print"
done
# control bytes in the target: %00 cut the path short (app.js%00.txt was app.js)
for t in /assets/app.js%00.txt /assets/app.js%00 /assets/app.js%01 /assets/app.js%1f /assets/app.js%7F /api/fields%00 /%0a; do
	printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$t" "$main_port" >req.txt
	expect_eq "$(raw r.txt <req.txt)" 400 "GET $t"
done
printf 'GET /assets/app.js HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$main_port" >req.txt
expect_eq "$(raw r.txt <req.txt)" 200 "GET /assets/app.js"
# framing: two different Content-Lengths; a transfer coding other than chunked (before: held 60 s)
printf 'POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\nContent-Length: 40\r\nConnection: close\r\n\r\ngtin=1' "$main_port" >req.txt
expect_eq "$(raw r.txt <req.txt)" 400 "two different Content-Lengths"
printf 'POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\ngtin=1' "$main_port" >req.txt
expect_eq "$(raw r.txt --timeout 5 <req.txt)" 501 "Transfer-Encoding: gzip, at once"
# the resolver without --resolver: a malformed Host is 400 on every path (before: 500)
serve_start res $today --products "$examples/quangninh-products.csv"
for h in 'a b' '<x>' 'ex"ample' 'a/b'; do
	for path in /01/08936012346107 /p/01/08936012346107 /.well-known/gs1resolver; do
		printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$h" >req.txt
		expect_eq "$(abuse raw "$port" r.txt <req.txt | cut -d' ' -f1)" 400 "resolver: Host [$h] on $path"
	done
done
printf 'GET /01/08936012346107 HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >req.txt
expect_eq "$(abuse raw "$port" r.txt <req.txt | cut -d' ' -f1)" 307 "resolver: its own Host"
serve_stop
# --listen 127.0.0.2 without --token: the server makes one (it is not this computer alone)
mkdir srv-l2
TMPDIR=$PWD/srv-l2 "$bin" serve --listen 127.0.0.2 --port 0 $today >l2.out 2>l2.err &
l2_pid=$!
pids="$pids $l2_pid"
wait_until 100 grep -q '^ocoplabel serve: open http://127\.0\.0\.2:' l2.out || bad "--listen 127.0.0.2: no start: $(cat l2.err)"
l2=$(sed -n 's/^ocoplabel serve: open http:\/\/127\.0\.0\.2:\([0-9]*\)\/.*/\1/p' l2.out)
token=$(sed -n 's/^ocoplabel serve: open .*?token=\([0-9a-f]*\) .*/\1/p' l2.out)
[ ${#token} -ge 16 ] && ok || bad "--listen 127.0.0.2: no token printed: $(cat l2.out)"
expect_eq "$(code "http://127.0.0.2:$l2/api/fields")" 401 "--listen 127.0.0.2: no token: 401"
expect_eq "$(code -H "Host: 127.0.0.1:$l2" "http://127.0.0.2:$l2/api/fields")" 401 "--listen 127.0.0.2: no token, Host 127.0.0.1: 401"
expect_eq "$(code -H "Authorization: Bearer $token" "http://127.0.0.2:$l2/api/fields")" 200 "--listen 127.0.0.2: the token: 200"
expect_eq "$(code "http://127.0.0.2:$l2/")" 200 "--listen 127.0.0.2: the page without it"
serve_stop "$l2_pid"
fi

alive "$main_pid" && ok || bad "the main server died"
finish

#!/bin/sh
# The CUPS path of send.h against a real, private cupsd: its own cupsd.conf and cups-files.conf in a
# temporary folder (a Unix socket there and 127.0.0.1 on a free port, its own spool, log, cache and
# state, no browsing, no web interface), a raw queue whose device is CUPS's own socket backend aimed at
# a loopback listener (a raw queue with a file: device writes nothing on CUPS 2.4: cupsd runs no
# filter and no backend for it). A job of every byte value arrives byte for byte; `ocoplabel printers`
# lists the queues with their state, device, description and the default; a missing queue, a queue
# that refuses jobs and an unreachable server give their messages and codes.
# SKIP (77) when cupsd is not installed or cannot start here; CI runs it as root on Debian 12.
set -u
bin=$1    # ocoplabel
tool=$2   # send_tool
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
py=/usr/bin/python3
listener=$here/listener.py
PATH=$PATH:/usr/sbin:/sbin
skip() { echo "SKIP: $*"; exit 77; }
[ -x "$py" ] || skip "$py is missing (Debian package python3)"
command -v cupsd >/dev/null || skip "cupsd is not installed (Debian package cups)"
command -v lpadmin >/dev/null || skip "lpadmin is not installed (Debian package cups-client)"
[ -x /usr/lib/cups/backend/socket ] || skip "CUPS's socket backend is missing (Debian package cups)"

# a short folder: the Unix socket's path must stay under 108 bytes
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cups.XXXXXX")
[ ${#tmp} -lt 80 ] || { rmdir "$tmp"; tmp=$(mktemp -d /tmp/cups.XXXXXX); }
pids=""
cupsd_pid=""
cleanup() {
	[ -n "$cupsd_pid" ] && kill "$cupsd_pid" 2>/dev/null && wait_until 50 gone "$cupsd_pid"
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
gone() { ! kill -0 "$1" 2>/dev/null; }
at_exit cleanup
cd "$tmp" || exit 1

port_file() { wait_until 100 test -s "$1" && cat "$1"; }
"$py" "$listener" closed server.port
server_port=$(port_file server.port)
"$py" "$listener" closed closed.port
closed_port=$(port_file closed.port)

# the server: as root it runs its backends as lp (it refuses to run them as root), else as the user
mkdir -p spool/tmp cache state log
cat >cupsd.conf <<EOF
Listen $tmp/cups.sock
Listen 127.0.0.1:$server_port
LogLevel info
Browsing No
BrowseLocalProtocols none
DefaultAuthType None
WebInterface No
DefaultShared No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
EOF
cat >cups-files.conf <<EOF
ServerRoot $tmp
RequestRoot $tmp/spool
TempDir $tmp/spool/tmp
CacheDir $tmp/cache
StateDir $tmp/state
AccessLog $tmp/log/access_log
ErrorLog $tmp/log/error_log
PageLog $tmp/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
EOF
if [ "$(id -u)" -eq 0 ]; then
	id lp >/dev/null 2>&1 || skip "running as root needs the user lp for cupsd's backends"
	printf 'User lp\nGroup lp\n' >>cups-files.conf
	chown -R lp:lp spool cache state log
	chmod 755 "$tmp"
fi
cupsd -t -c "$tmp/cupsd.conf" -s "$tmp/cups-files.conf" >cupsd-t.out 2>&1 ||
	skip "cupsd refuses the private configuration: $(tail -3 cupsd-t.out)"
cupsd -f -c "$tmp/cupsd.conf" -s "$tmp/cups-files.conf" >cupsd.out 2>&1 &
cupsd_pid=$!
export CUPS_SERVER=$tmp/cups.sock
ready() { lpstat -r 2>/dev/null | grep -q "is running"; }
if ! wait_until 150 ready; then
	gone "$cupsd_pid" && cupsd_pid=""
	skip "the private cupsd did not start: $(tail -3 cupsd.out log/error_log 2>/dev/null | tr '\n' ' ')"
fi

# send ARGS...: runs the tool; sets $rc and $err
send() {
	"$tool" "$@" >out.txt 2>err.txt
	rc=$?
	err=$(cat err.txt)
}

# no queues yet
run printers
expect_eq "$rc:$out:$err" "0:no printer queues:" "printers: no queues"

# q1: a raw queue to a listener on loopback, the default; q2 stopped and refusing jobs
"$py" "$listener" receive q1.got q1.port &
lpid=$!
pids="$pids $lpid"
lport=$(port_file q1.port)
lpadmin -p q1 -E -v "socket://127.0.0.1:$lport" -m raw -D "Nhãn Xprinter XP-365B" -L "Kho Ba Chẽ" 2>lpadmin.err
expect_eq "$?" 0 "lpadmin q1: $(cat lpadmin.err)"
lpadmin -p q2 -E -v "socket://127.0.0.1:$closed_port" -m raw 2>lpadmin.err
expect_eq "$?" 0 "lpadmin q2: $(cat lpadmin.err)"
lpadmin -d q1 && cupsdisable q2 && cupsreject q2 || bad "lpadmin -d, cupsdisable, cupsreject"

run printers
expect_eq "$rc:$err" "0:" "printers: exit"
d1=socket://127.0.0.1:$lport d2=socket://127.0.0.1:$closed_port
dw=${#d1}; [ ${#d2} -gt "$dw" ] && dw=${#d2}
expect_eq "$(sed -n 1p out.txt)" "$(printf "  NAME  %-22s  %-${dw}s  %s" STATE DEVICE DESCRIPTION)" "printers: heading"
expect_eq "$(sed -n 2p out.txt)" "$(printf "* q1    %-22s  %-${dw}s  %s" idle "$d1" 'Nhãn Xprinter XP-365B')" "printers: q1, the default"
expect_eq "$(sed -n 3p out.txt)" "$(printf "  q2    %-22s  %-${dw}s  %s" 'stopped, not accepting' "$d2" q2)" "printers: q2"
expect_eq "$(sed -n 4p out.txt)" "(* the default queue)" "printers: the default explained"
expect_eq "$(wc -l <out.txt | tr -d ' ')" 4 "printers: lines"

# a job of every byte value through the queue: byte for byte at the printer
"$py" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 800 + b"\x00\xff" * 100 + b"^XA^XZ\r\n")' >job.bin
send q1 job.bin
expect_eq "$rc:$err" "0:" "q1: sent"
wait_until 300 gone "$lpid" || bad "q1: the job did not reach the printer within 30 s: $(lpstat -o q1)"
cmp -s job.bin q1.got && ok || bad "q1: the printer did not receive the exact bytes ($(wc -c <q1.got 2>/dev/null) of $(wc -c <job.bin))"
completed() { [ -z "$(lpstat -o q1 2>/dev/null)" ] && [ -n "$(lpstat -W completed -o q1 2>/dev/null)" ]; }
wait_until 100 completed && ok || bad "q1: the job is not completed: $(lpstat -W all -o q1)"

# a queue that does not exist: its message lists those that do
send nosuch job.bin
expect_eq "$rc:$err" "4:send_tool: nosuch: no such printer queue on the CUPS server (its queues: q1, q2) [not_found]" "no such queue"
# a queue that refuses jobs
send q2 job.bin
expect_eq "$rc:$err" "3:send_tool: q2: CUPS refused the job (Destination \"q2\" is not accepting jobs.) [io]" "queue not accepting"

# the CUPS server cannot be reached
CUPS_SERVER=$tmp/none.sock
run printers
expect_eq "$rc:$out:$err" "2::ocoplabel: cannot reach the CUPS server at $tmp/none.sock (No such file or directory): is cupsd running? (CUPS_SERVER names another server)" "printers: no server"
send q1 job.bin
expect_eq "$rc:$err" "3:send_tool: q1: cannot reach the CUPS server at $tmp/none.sock (No such file or directory): is cupsd running? (CUPS_SERVER names another server) [io]" "send: no server"
# the same server through its TCP port
CUPS_SERVER=127.0.0.1:$server_port
run printers
expect_eq "$rc:$(sed -n 2p out.txt | cut -c1-4)" "0:* q1" "printers over TCP"
finish

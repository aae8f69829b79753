#!/bin/sh
# Sending jobs (send.h) to socket:// printers and to devices, end to end through tests/send_tool.c: a
# loopback listener receives the exact bytes (a file, a buffer, pieces; IPv4 and IPv6); a closed port,
# a port that never answers and a printer that stops reading give their messages and codes; a FIFO
# read by a reader receives the exact bytes, a reader that goes away gives an error (no SIGPIPE);
# /dev/null, a regular file, a directory and malformed DESTs are refused. The CUPS path: send-cups.sh.
set -u
tool=$1   # send_tool
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
py=/usr/bin/python3
listener=$here/listener.py
[ -x "$py" ] || { echo "SKIP: $py is missing (Debian package python3)"; exit 77; }
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
at_exit cleanup
cd "$tmp" || exit 1

# send ARGS...: runs the tool; sets $rc and $err
send() {
	"$tool" "$@" >out.txt 2>err.txt
	rc=$?
	err=$(cat err.txt)
}
# listen MODE NAME [ARGS]: starts the listener in the background; sets $port and $lpid
listen() {
	mode=$1 name=$2; shift 2
	rm -f "$name.port"
	if [ "$mode" = receive ]; then
		"$py" "$listener" receive "$name.got" "$name.port" "$@" &
	else
		"$py" "$listener" "$mode" "$name.port" "$@" &
	fi
	lpid=$!
	pids="$pids $lpid"
	wait_until 100 test -s "$name.port" || bad "$name: the listener did not start"
	port=$(cat "$name.port")
}
gone() { ! kill -0 "$1" 2>/dev/null; }

# a job of every byte value (NUL and 0xff among them), about 200 KB, and a big one
"$py" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 800 + b"\x00\xff" * 100 + b"^XA^XZ\r\n")' >job.bin
"$py" -c 'import sys; sys.stdout.buffer.write(b"\xff\x00" * 4500000)' >big.bin
expect_eq "$(wc -c <job.bin | tr -d ' ')" 205008 "the job's size"

# socket://: the exact bytes, by each way of sending
for way in file mem stream; do
	listen receive "$way"
	case $way in
	file) send "socket://127.0.0.1:$port" job.bin ;;
	mem) send --mem "socket://127.0.0.1:$port/" job.bin ;;
	stream) send --stream 4093 "socket://127.0.0.1:$port" job.bin ;;
	esac
	expect_eq "$rc:$err" "0:" "socket ($way): sent"
	wait_until 100 gone "$lpid" || bad "socket ($way): the listener did not finish"
	cmp -s job.bin "$way.got" && ok || bad "socket ($way): the printer did not receive the exact bytes"
done
if "$py" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	listen receive v6 --ipv6
	send "socket://[::1]:$port" job.bin
	expect_eq "$rc:$err" "0:" "socket IPv6: sent"
	wait_until 100 gone "$lpid" || bad "socket IPv6: the listener did not finish"
	cmp -s job.bin v6.got && ok || bad "socket IPv6: the printer did not receive the exact bytes"
else
	echo "note: no IPv6 loopback here; [::1] not tried"
fi

# a closed port: connection refused
listen closed closed
send "socket://127.0.0.1:$port" job.bin
expect_eq "$rc:$err" "3:send_tool: socket://127.0.0.1:$port: connection refused (nothing listens on that port: is it the printer's raw port, usually 9100?) [io]" "closed port"

# a port whose queue is full: the connect gets no answer
listen backlog backlog
send --timeout 1 "socket://127.0.0.1:$port" job.bin
expect_eq "$rc:$err" "12:send_tool: no answer from socket://127.0.0.1:$port within 1 s (is the printer on, and is that its address?) [timeout]" "no answer"
kill "$lpid" 2>/dev/null

# a printer that accepts and never reads: the job stalls, the write times out, part of it was sent
listen stall stall
send --timeout 1 "socket://127.0.0.1:$port" big.bin
case $rc:$err in
"12:send_tool: socket://127.0.0.1:$port: the printer took no data for 1 s (out of paper, cover open, offline?): "*" of 9000000 bytes sent; the job was not printed whole [timeout]") ok ;;
*) bad "stalled printer: got [$rc:$err]" ;;
esac
kill "$lpid" 2>/dev/null

# a printer that reads a little and goes away: an error, not a SIGPIPE (rc 141)
"$py" -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % s.getsockname()[1])
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(60); c, _ = s.accept(); c.recv(1000)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0"); c.close()
' reset.port &
lpid=$!
pids="$pids $lpid"
wait_until 100 test -s reset.port || bad "reset: the listener did not start"
send --timeout 5 "socket://127.0.0.1:$(cat reset.port)" big.bin
case $rc:$err in
"3:send_tool: socket://127.0.0.1:$(cat reset.port): the connection broke ("*"): "*" of 9000000 bytes sent; the job was not printed whole [io]") ok ;;
*) bad "printer gone: got [$rc:$err]" ;;
esac

# malformed DESTs: refused before anything is sent
while IFS='|' read -r dest want; do
	send "$dest" job.bin
	expect_eq "$rc:$err" "1:send_tool: $want [argument]" "DEST '$dest'"
done <<'EOF'
socket://|socket://: no host: give socket://HOST[:PORT], e.g. socket://192.168.1.50:9100
socket://:9100|socket://:9100: no host: give socket://HOST[:PORT], e.g. socket://192.168.1.50:9100
socket://printer:0|socket://printer:0: '0' is not a port number (1 to 65535; raw printing uses 9100)
socket://printer:65536|socket://printer:65536: '65536' is not a port number (1 to 65535; raw printing uses 9100)
socket://printer:91a|socket://printer:91a: '91a' is not a port number (1 to 65535; raw printing uses 9100)
socket://printer:|socket://printer:: '' is not a port number (1 to 65535; raw printing uses 9100)
socket://printer/queue|socket://printer/queue: a socket:// printer has no path or options ('/queue'): give socket://HOST[:PORT]
socket://printer:9100/x|socket://printer:9100/x: a socket:// printer has no path or options ('/x'): give socket://HOST[:PORT]
socket://fe80::1|socket://fe80::1: write an IPv6 address in brackets, as in socket://[::1]:9100
socket://[::1|socket://[::1: an IPv6 address without its closing ']'
ipp://printer/ipp/print|ipp://printer/ipp/print: only socket://HOST[:PORT] is sent to directly; for other printers (ipp://, lpd://, usb://) make a CUPS queue (lpadmin -p NAME -E -v URI) and give its name
my printer|'my printer': not a CUPS queue name (no spaces or control characters), socket://HOST[:PORT] or a device path
EOF
send "" job.bin
expect_eq "$rc:$err" "1:send_tool: no printer given: give a CUPS queue, socket://HOST[:PORT] or a device such as /dev/usb/lp0 [argument]" "empty DEST"

# devices: a FIFO read by a reader gets the exact bytes
mkfifo fifo
cat fifo >fifo.got &
rpid=$!
pids="$pids $rpid"
send --stream 65536 "$tmp/fifo" job.bin
expect_eq "$rc:$err" "0:" "FIFO: sent"
wait_until 100 gone "$rpid" || bad "FIFO: the reader did not finish"
cmp -s job.bin fifo.got && ok || bad "FIFO: the reader did not receive the exact bytes"
# a reader that goes away: an error, not a SIGPIPE
head -c 1000 fifo >/dev/null &
pids="$pids $!"
send "$tmp/fifo" big.bin
case $rc:$err in
"3:send_tool: $tmp/fifo: the reader went away (Broken pipe): "*" of 9000000 bytes sent; the job was not printed whole [io]") ok ;;
*) bad "FIFO reader gone: got [$rc:$err]" ;;
esac
# no reader at all: waited for up to the timeout
send --timeout 0.5 "$tmp/fifo" job.bin
expect_eq "$rc:$err" "12:send_tool: $tmp/fifo: no program opened the FIFO for reading within 0.5 s [timeout]" "FIFO without a reader"

# files that are not printers are refused, and left alone
cp job.bin keep.bin
send /dev/null job.bin
expect_eq "$rc:$err" "1:send_tool: /dev/null: is a character device (1,3: a memory device such as /dev/null), not a printer; give a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO [argument]" "/dev/null"
send "$tmp/keep.bin" job.bin
expect_eq "$rc:$err" "1:send_tool: $tmp/keep.bin: is a regular file, not a printer (use -o to write a file); give a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO [argument]" "regular file"
cmp -s job.bin keep.bin && ok || bad "regular file: it was changed"
send "$tmp" job.bin
expect_eq "$rc:$err" "1:send_tool: $tmp: is a directory, not a printer; give a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO [argument]" "directory"
send /dev/usb/no-such-lp job.bin
expect_eq "$rc:$err" "4:send_tool: /dev/usb/no-such-lp: no such device (is the printer plugged in? USB printers are /dev/usb/lp0, /dev/usb/lp1, ...) [not_found]" "missing device"

# the job file itself: missing, empty
: >empty.bin
send "$tmp/fifo" missing.bin
expect_eq "$rc:$err" "4:send_tool: missing.bin: cannot open the job (No such file or directory) [not_found]" "missing job file"
send "$tmp/fifo" empty.bin
expect_eq "$rc:$err" "1:send_tool: empty.bin: the job is empty: nothing to send [argument]" "empty job file"
finish

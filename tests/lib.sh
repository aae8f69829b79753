# ocoplabel tests — shell helpers shared by the CLI tests (sourced, not run).
fail=0
# Debian's interpreter, whatever python3 is first on PATH (it may lack Debian's modules)
python3() { /usr/bin/python3 "$@"; }
checks=0
ok() { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_eq() {  # got want what
	if [ "$1" = "$2" ]; then ok; else bad "$3: got [$1] want [$2]"; fi
}
finish() {
	echo "$checks checks, $fail failed"
	[ "$fail" -eq 0 ]
}
# decode FILE: one line per symbol, "TYPE:TEXT", sorted; from zbarimg or ZXingReader
zbar() { zbarimg -q "$1" 2>/dev/null | sort; }
# ZXingReader 1.4 aborts while merging results from downscaled passes when a
# label holds a QR code and a linear code; -noscale avoids that pass.
zxing() {
	ZXingReader -noscale -1 "$1" 2>/dev/null | sed -n 's/^[^ ]* \([A-Za-z0-9-]*\) "\(.*\)"$/\1:\2/p' |
		sed 's/^QRCode:/QR-Code:/' | sort
}
# run ARGS...: runs "$bin" ARGS in the current folder; sets $rc, $out (stdout), $err (stderr) and
# $err1 (the first line of stderr: where only the first message matters)
run() {
	"$bin" "$@" >out.txt 2>err.txt
	rc=$?
	out=$(cat out.txt)
	err=$(cat err.txt)
	err1=$(head -1 err.txt)
}
# layout_file FILE: the template or sheet file (e.g. sheets/a4-3x8.ini) that the binary reads:
# OCOPLABEL_TEMPLATE_PATH first, then the source tree ($here: the tests folder)
layout_file() {
	IFS=:
	for dir in ${OCOPLABEL_TEMPLATE_PATH:-} "$here/../templates"; do
		[ -n "$dir" ] && [ -f "$dir/$1" ] && { unset IFS; echo "$dir/$1"; return; }
	done
	unset IFS
}
# wait_until N CMD...: runs CMD until it succeeds, every 0.1 s, at most N times; returns its last status
wait_until() {
	_wait_n=$1; shift
	while ! "$@"; do
		_wait_n=$((_wait_n - 1))
		[ "$_wait_n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# ---- clean-up ----
# at_exit 'COMMANDS': runs COMMANDS (expanded then) when the script exits, the last registered first;
# also when meson stops it (SIGTERM at its timeout) or on Ctrl-C. Use it, not trap ... EXIT, which
# would drop what was registered before (the servers that serve_start stops).
_at_exit=
at_exit() {
	_at_exit="$1
$_at_exit"
	trap 'eval "$_at_exit"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# ---- `ocoplabel serve` ----
# serve_start NAME [ARGS...]: `$bin serve --listen 127.0.0.1 --port 0 ARGS` in the background (port 0:
# the kernel gives a free port, no race with other tests), in the current folder: its standard output
# in NAME.out, its standard error in NAME.err, its temporary folder (TMPDIR) srv-NAME/. Waits, at most
# 30 s of tries, until it prints its address and answers an HTTP request there; sets $port, $base
# (http://127.0.0.1:PORT) and $serve_pid. It is stopped when the script exits, or by serve_stop.
# A server that does not start ends the script with its standard error (exit 1).
_serve_pids=
serve_start() {
	_serve_name=$1
	shift
	mkdir -p "srv-$_serve_name"
	TMPDIR="$PWD/srv-$_serve_name" "$bin" serve --listen 127.0.0.1 --port 0 "$@" \
		>"$_serve_name.out" 2>"$_serve_name.err" &
	serve_pid=$!
	[ -n "$_serve_pids" ] || at_exit 'serve_stop_all'
	_serve_pids="$_serve_pids $serve_pid"
	port='' base=''
	if ! wait_until 300 _serve_ready || ! _serve_answers; then
		echo "$(basename "$0"): the server '$_serve_name' did not start: $(cat "$_serve_name.err")" >&2
		exit 1
	fi
}
# it answers, or it is gone (no use waiting)
_serve_ready() { _serve_answers || ! kill -0 "$serve_pid" 2>/dev/null; }
_serve_answers() {
	if [ -z "$port" ]; then
		port=$(sed -n 's/^ocoplabel serve: open http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)\/.*/\1/p' "$_serve_name.out" | head -1)
		[ -n "$port" ] || return 1
		base="http://127.0.0.1:$port"
	fi
	# any HTTP status will do (000: no answer)
	[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/")" != 000 ]
}
# serve_stop [PID]: stops the server PID (default $serve_pid) with SIGTERM and waits for it to end;
# returns its exit status (0: a clean stop)
serve_stop() {
	_serve_stop_pid=${1:-$serve_pid}
	kill -TERM "$_serve_stop_pid" 2>/dev/null
	wait "$_serve_stop_pid"
	_serve_stop_rc=$?
	_serve_left=
	for _p in $_serve_pids; do [ "$_p" = "$_serve_stop_pid" ] || _serve_left="$_serve_left $_p"; done
	_serve_pids=$_serve_left
	return $_serve_stop_rc
}
serve_stop_all() { for _p in $_serve_pids; do serve_stop "$_p"; done; }

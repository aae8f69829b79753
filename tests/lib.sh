# ocoplabel tests — shell helpers shared by the test scripts (sourced, not run; tests/README.md).
# Source it before anything else (it reads the script's arguments for --case=NAME):
#   here=$(cd "$(dirname "$0")" && pwd)
#   . "$here/lib.sh"
fail=0
# Debian's interpreter, whatever python3 is first on PATH (it may lack Debian's modules)
python3() { /usr/bin/python3 "$@"; }
checks=0
ok() { checks=$((checks + 1)); }
bad() {
	checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $*" >&2
	case " $_cases_failed " in *" ${_case:-setup} "*) ;; *) _cases_failed="$_cases_failed ${_case:-setup}" ;; esac
}
expect_eq() {  # got want what
	if [ "$1" = "$2" ]; then ok; else bad "$3: got [$1] want [$2]"; fi
}
# finish: the last command of a script: prints the count; its status is the script's (0: no failure).
# With a case filter that ran no case of this script: exit 77 (meson: SKIP), never a silent pass.
finish() {
	echo "$checks checks, $fail failed"
	if [ -n "$_case_filter" ] && [ -z "$_cases_run" ] && [ "$_cases" != "$_script" ]; then
		echo "SKIP: $_script: the filter '$_case_filter' ran none of its cases ($_cases)"
		exit 77
	fi
	[ -n "$_case_filter" ] && echo "cases run:$_cases_run"
	if [ "$fail" -ne 0 ] && [ "$_cases" != "$_script" ]; then
		_c=${_cases_failed# }
		echo "failed in:$_cases_failed; run one alone: OCOP_TEST_CASE=${_c%% *} meson test -C build $_script"
	fi
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
# $err1 (the first line of stderr: where only the first message matters), $out1 (the first line of stdout:
# check's summary without the line that names the layout it checked)
run() {
	"$bin" "$@" >out.txt 2>err.txt
	rc=$?
	out=$(cat out.txt)
	out1=$(head -1 out.txt)
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
		echo "$_script: the server '$_serve_name' did not start: $(cat "$_serve_name.err")" >&2
		exit 1
	fi
}
# it answers, or it is gone (no use waiting)
_serve_ready() { _serve_answers || ! kill -0 "$serve_pid" 2>/dev/null; }
_serve_answers() {
	if [ -z "$port" ]; then
		port=$(sed -n 's/^ocoplabel serve: open http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)\/.*/\1/p' "$_serve_name.out" 2>/dev/null | head -1)
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

# ---- cases: the named parts of a script, each can run alone (tests/README.md) ----
#   if case_begin NAME; then
#   	...checks...
#   fi
# The filter: OCOP_TEST_CASE=NAME[,NAME...] in the environment, or --case=NAME among the script's
# arguments (meson test -C build batch --test-args=--case=sheet). A name is a case of the script or the
# script's own name (all its cases). What is outside the cases (the set-up) always runs. A script
# without cases is one case named after it (decode.sh: decode). When the filter names nothing in the
# script, it stops at once with exit 77 (meson: SKIP) and lists its cases. Case names are written out
# (lib.sh reads them from the script): letters, digits, - and _.
_script=$(basename "$0" .sh)
_case_filter=${OCOP_TEST_CASE:-}
for _a in "$@"; do
	case $_a in --case=*) _case_filter="$_case_filter ${_a#--case=}" ;; esac
done
_case_filter=$(echo "$_case_filter" | tr ',' ' ' | xargs)
_cases=
[ -f "$0" ] && _cases=$(sed -n 's/^[[:space:]]*if case_begin \([A-Za-z0-9_-]*\); then$/\1/p' "$0" | xargs)
[ -n "$_cases" ] || _cases=$_script
_case='' _cases_run='' _cases_failed=''
# case_wanted NAME: true when there is no filter, or it names NAME or this script
case_wanted() {
	[ -z "$_case_filter" ] && return 0
	for _c in $_case_filter; do
		if [ "$_c" = "$1" ] || [ "$_c" = "$_script" ]; then return 0; fi
	done
	return 1
}
# case_begin NAME: true when the case NAME is to run (it is then named in the output and in failures)
case_begin() {
	case_wanted "$1" || return 1
	_case=$1
	_cases_run="$_cases_run $1"
	echo "== case $1"
}
if [ -n "$_case_filter" ]; then
	_any=
	for _c in $_cases; do case_wanted "$_c" && _any=1; done
	if [ -z "$_any" ]; then
		echo "SKIP: $_script: no case named '$_case_filter' here; its cases: $_cases"
		exit 77
	fi
fi

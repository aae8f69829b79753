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
# run ARGS...: runs "$bin" ARGS in the current folder; sets $rc, $out (stdout) and $err (stderr)
run() {
	"$bin" "$@" >out.txt 2>err.txt
	rc=$?
	out=$(cat out.txt)
	err=$(cat err.txt)
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
# would drop what was registered before.
_at_exit=
at_exit() {
	_at_exit="$1
$_at_exit"
	trap 'eval "$_at_exit"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

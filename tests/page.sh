#!/bin/sh
# ocoplabel tests: the page of `ocoplabel serve` in headless Chromium (tests/page.py, Selenium), against
# the real server on a free loopback port, stopped at the end.
# Usage: page.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$bin" serve --port 0 --today 2026-06-01 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
n=0
while ! grep -q 'open http' "$tmp/serve.out" 2>/dev/null; do
	n=$((n + 1))
	if [ $n -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
		echo "page.sh: the server did not start: $(cat "$tmp/serve.err")" >&2
		exit 1
	fi
	sleep 0.05
done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$tmp/serve.out" | head -1)
/usr/bin/python3 "$here/page.py" --url "http://127.0.0.1:$port/" --ocoplabel "$bin"

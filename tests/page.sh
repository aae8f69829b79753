#!/bin/sh
# ocoplabel tests: the page of `ocoplabel serve` in headless Chromium (tests/page.py, Selenium), against
# the real server on a free loopback port, stopped at the end, allowed one printer that does not answer.
# Usage: page.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
# a printer the server may send to that does not answer: a loopback port nothing listens on
/usr/bin/python3 "$here/listener.py" closed closed-port.txt
printer="socket://127.0.0.1:$(cat closed-port.txt)"
mkdir tpl
serve_start serve --today 2026-06-01 --printer "$printer" --templates "$tmp/tpl"
/usr/bin/python3 "$here/page.py" --url "$base/" --ocoplabel "$bin" --printer "$printer" --templates-dir "$tmp/tpl"

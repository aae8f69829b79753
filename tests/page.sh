#!/bin/sh
# ocoplabel tests: the page of `ocoplabel serve` in headless Chromium (tests/page.py, Selenium), against
# the real server on a free loopback port, stopped at the end.
# Usage: page.sh OCOPLABEL
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
serve_start serve --today 2026-06-01
/usr/bin/python3 "$here/page.py" --url "$base/" --ocoplabel "$bin"

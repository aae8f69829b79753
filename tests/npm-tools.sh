#!/bin/sh
# ocoplabel tests: installs the test-only tools from the npm registry when they are missing:
# zpl-renderer-js (an independent ZPL renderer, for tests/zpl_render.js). Idempotent.
# The folder: $OCOPLABEL_NPM_DIR, default /usr/local/lib/ocoplabel-test-npm (outside the source tree).
set -eu
dir=${OCOPLABEL_NPM_DIR:-/usr/local/lib/ocoplabel-test-npm}
version=3.4.0
if [ -f "$dir/node_modules/zpl-renderer-js/package.json" ] &&
	grep -q "\"version\": \"$version\"" "$dir/node_modules/zpl-renderer-js/package.json"; then
	exit 0
fi
command -v npm >/dev/null || { echo "npm-tools.sh: npm is not installed (Debian packages nodejs npm)" >&2; exit 1; }
mkdir -p "$dir"
echo "== installing zpl-renderer-js@$version into $dir"
npm install --prefix "$dir" --no-audit --no-fund --no-save "zpl-renderer-js@$version" >/dev/null

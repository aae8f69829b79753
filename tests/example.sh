#!/bin/sh
# Runs examples/render_png and decodes the label it wrote.
set -u
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
"$1" "$tmp/label.png" >/dev/null && ok || bad "example failed"
expect_eq "$(zbar "$tmp/label.png" | tr '\n' ' ')" "EAN-13:8936012345698 QR-Code:https://id.gs1.org/01/08936012345698?vt=VN-QNOR-0047&csdg=VN-QNPH-007 " "example label decodes"
finish

#!/bin/sh
# docs/API.md does not drift: it names every OCOP_API function of the headers, its code block is
# byte-identical to examples/api_example.c, and that program prints the Digital Link and writes a
# label in PNG, PDF and SVG whose codes decode (zbarimg and ZXingReader).
set -u
bin=$1
src=$2   # the source tree
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'

# the lines between "```c" and "```" that follow the BEGIN marker, up to the END marker
awk '/^<!-- BEGIN examples\/api_example.c -->$/ { on = 1; next }
     /^<!-- END examples\/api_example.c -->$/ { on = 0 }
     on && /^```c$/ { code = 1; next }
     on && code && /^```$/ { code = 0; next }
     code { print }' "$src/docs/API.md" >"$tmp/from-doc.c"
[ -s "$tmp/from-doc.c" ] && ok || bad "docs/API.md has no code block between the api_example.c markers"
cmp -s "$tmp/from-doc.c" "$src/examples/api_example.c" && ok ||
	bad "docs/API.md's example differs from examples/api_example.c: $(diff "$src/examples/api_example.c" "$tmp/from-doc.c" | head -5)"

# every public function has its line in the reference
for f in $(grep -h 'OCOP_API' "$src"/include/ocoplabel/*.h "$src"/include/ocoplabel/version.h.in | grep -v '#' |
	sed -n 's/.*[ *]\(ocop_[a-z0-9_]*\)(.*/\1/p'); do
	grep -q "\`$f(" "$src/docs/API.md" && ok || bad "docs/API.md does not mention $f()"
done

url=https://id.gs1.org/01/08936012346107/10/TH2611?11=261101\&17=281101\&vt=VN-QNOR-0012\&csdg=VN-QNPH-003
want="EAN-13:8936012346107 QR-Code:$url "
for f in label.png label.pdf label.svg; do
	"$bin" "$tmp/$f" >"$tmp/out" 2>"$tmp/err"
	expect_eq "$?" 0 "$f: exit status"
	expect_eq "$(cat "$tmp/out")" "$url" "$f: prints the Digital Link"
	expect_eq "$(cat "$tmp/err")" "" "$f: no messages"
done
expect_eq "$(zbar "$tmp/label.png" | tr '\n' ' ')" "$want" "PNG decodes (zbarimg)"
expect_eq "$(zxing "$tmp/label.png" | tr '\n' ' ')" "$want" "PNG decodes (ZXingReader)"
qpdf --check "$tmp/label.pdf" >/dev/null 2>&1 && ok || bad "qpdf --check label.pdf"
pdftoppm -r 300 -gray -png -singlefile "$tmp/label.pdf" "$tmp/pdf"
expect_eq "$(zbar "$tmp/pdf.png" | tr '\n' ' ')" "$want" "PDF decodes (zbarimg)"
expect_eq "$(zxing "$tmp/pdf.png" | tr '\n' ' ')" "$want" "PDF decodes (ZXingReader)"
expect_eq "$(head -c 5 "$tmp/label.svg")" "<?xml" "SVG"

"$bin" "$tmp/label.jpg" >/dev/null 2>"$tmp/err"
expect_eq "$?" 2 "usage: exit status"
[ ! -e "$tmp/label.jpg" ] && ok || bad "usage: a file was written"
finish

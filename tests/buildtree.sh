#!/bin/sh
# A build that is not installed finds the source tree's templates, sheets and fonts without
# OCOPLABEL_TEMPLATE_PATH or OCOPLABEL_FONTS_CONF (src/util/datadir.c), and `meson devenv` runs it with them.
# Usage: buildtree.sh BIN SOURCE BUILD
set -u
bin=$1; src=$2; build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
unset OCOPLABEL_TEMPLATE_PATH OCOPLABEL_FONTS_CONF

run templates
expect_eq "$rc" 0 "templates exit"
case $out in *"$src/templates/product-100x70.ini"*|*product-100x70*) ok ;; *) bad "templates lists no product-100x70: $out" ;; esac
run render -t product-100x70 -o label.png --dpi 203 name="Trà hoa vàng" producer="HTX A" address="Xã B" stars=5 \
	gtin=8936012345674 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
expect_eq "$rc" 0 "render from the build folder exit ($err)"
expect_eq "$err" "" "render from the build folder: no warning (the fonts were found)"
expect_eq "$(zbar label.png)" "EAN-13:8936012345674
QR-Code:https://id.gs1.org/01/08936012345674?vt=VN-QNOR-0012&csdg=VN-QNPH-003" "the label's codes"
run batch "$here/../examples/quangninh-products.csv" --sheet a4-3x8 -o sheet.pdf
expect_eq "$rc" 0 "batch onto a sheet from the build folder ($err)"

# a copy of the program outside the build folder, with its library copied too, is "installed":
# it looks in the installed data folder, not in the source tree
mkdir -p inst/lib
cp "$build/src/libocoplabel.so.3" inst/lib/ && cp "$bin" inst/ocoplabel
out=$(LD_LIBRARY_PATH=$tmp/inst/lib "$tmp/inst/ocoplabel" render -t no-such-template -o x.png name=A 2>&1)
case $out in
*"$src/templates"*) bad "an installed copy searched the source tree: $out" ;;
*/share/ocoplabel/templates*) ok ;;
*) bad "an installed copy: no installed folder named: $out" ;;
esac

if command -v meson >/dev/null 2>&1; then
	v=$(meson devenv -C "$build" sh -c 'echo "$OCOPLABEL_TEMPLATE_PATH|$OCOPLABEL_FONTS_CONF|$(command -v ocoplabel)"' 2>/dev/null)
	expect_eq "$v" "$src/templates|$src/fonts/ocoplabel.conf|$build/src/cli/ocoplabel" "meson devenv"
fi
finish

#!/bin/sh
# valgrind memcheck on the command line with the example files: a sheet PDF of the example
# product file, PNG files, a single label and runs with rejected rows (a CSV report, a workbook).
# No memory errors and no definite or indirect leaks of ours (font-stack caches are suppressed in
# valgrind.supp).
set -u
bin=$1
examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --suppressions="$here/valgrind.supp" "$bin" "$@" >out.txt 2>err.txt
	rc=$?
	[ "$rc" = 99 ] && cat err.txt >&2
	echo "$rc"
}
today=--today=2026-11-29
expect_eq "$(vg batch -q "$today" "$examples/quangninh-products.csv" --sheet a4-3x8 -o sheet.pdf)" 0 "valgrind: sheet PDF"
head -4 "$examples/quangninh-products.csv" > few.csv
expect_eq "$(vg batch -q "$today" few.csv --format png --dpi 203 --thermal --mono -o pngs)" 0 "valgrind: PNG folder"
expect_eq "$(vg render -q "$today" -t small-70x37 -o one.svg name=Trà producer=HTX address="Ba Chẽ" stars=5 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 serial=7)" 0 "valgrind: single SVG"
printf 'name,producer,address,stars,gtin,growing_area,packing_facility\nA,B,C,7,8936012346100,x,y\n"open' > bad.csv
expect_eq "$(vg batch -q "$today" bad.csv -o bad.pdf --report r.csv)" 1 "valgrind: rejected rows (exit 1, no memory errors)"
expect_eq "$(vg check -q "$today" bad.csv --report r.xlsx)" 1 "valgrind: rejected rows into a workbook"
expect_eq "$(vg url --parse 'https://id.gs1.org/01/08936012345674/10/L%2F1?17=271101&vt=VN')" 0 "valgrind: url --parse"
finish

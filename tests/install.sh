#!/bin/sh
# Installs the build into a temporary DESTDIR and uses it as another project would: compiles
# examples/render_png.c with nothing but `pkg-config --cflags --libs ocoplabel`, runs it against the
# installed library, templates and font set-up, and decodes its label. Checks the soname, that the
# library exports exactly the OCOP_API functions of the installed headers (all ocop_*), and that only
# public headers are installed, and that the man page names the project's version. Needs no root;
# writes only under its temporary directory.
set -u
build=$1   # the build directory
src=$2     # the source tree
. "$src/tests/lib.sh"
command -v meson >/dev/null 2>&1 || { echo "meson not found: skipped"; exit 77; }
command -v pkg-config >/dev/null 2>&1 || { echo "pkg-config not found: skipped"; exit 77; }
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
dest=$tmp/dest

# meson install always writes meson-logs/install-log.txt next to the build's meson-private
# folder. To keep even that inside $tmp, install from a shadow of the build directory: links to
# its contents, with a copy of meson-private (small) and a meson-logs folder of its own.
mkdir -p "$tmp/build/meson-logs"
for e in "$build"/* "$build"/.[!.]*; do
	[ -e "$e" ] || continue
	case ${e##*/} in
	meson-logs) ;;
	meson-private) cp -R "$e" "$tmp/build/" ;;
	*) ln -s "$e" "$tmp/build/" ;;
	esac
done
if meson install -C "$tmp/build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1; then ok; else
	bad "meson install: $(tail -5 "$tmp/install.log")"; finish; exit 1
fi

pc=$(find "$dest" -name ocoplabel.pc | head -1)
[ -n "$pc" ] && ok || { bad "no ocoplabel.pc installed"; finish; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
# the .pc names the final prefix; point a copy of it into the DESTDIR
mkdir "$tmp/pkgconfig"
sed "s|^prefix=.*|prefix=$dest$prefix|" "$pc" >"$tmp/pkgconfig/ocoplabel.pc"
export PKG_CONFIG_PATH="$tmp/pkgconfig"
flags=$(pkg-config --cflags --libs ocoplabel) && ok || bad "pkg-config ocoplabel failed"
libdir=$(pkg-config --variable=libdir ocoplabel)
case $libdir in "$dest"/*) ok ;; *) bad "libdir $libdir is not in the DESTDIR" ;; esac

# installed headers: exactly the public ones
expect_eq "$(ls "$dest$prefix/include/ocoplabel" | tr '\n' ' ')" \
	"autolayout.h batch.h common.h document.h epcis.h error.h fields.h language.h limits.h link.h ocoplabel.h printer.h reader.h record.h registry.h render.h resolver.h send.h sheet.h template.h version.h " "installed headers"

# the man page is the one meson configured: its footer names the project's version
man=$(find "$dest" -path '*/man1/ocoplabel.1' | head -1)
expect_eq "$(sed -n 's/^\.TH OCOPLABEL 1 [^ ]* "ocoplabel \([^"]*\)".*/\1/p' "$man")" "$(pkg-config --modversion ocoplabel)" "man page version"

# compile out of tree with the pkg-config flags only; every ocoplabel header comes from the DESTDIR
cp "$src/examples/render_png.c" "$tmp/"
cd "$tmp"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -MD -MF deps.d render_png.c $flags -o render_png 2>cc.log; then ok; else
	bad "compile with pkg-config flags: $(cat cc.log)"; finish; exit 1
fi
tr ' \\' '\n\n' <deps.d | grep 'ocoplabel/' >headers.txt
# ocoplabel.h includes every public header: each of them comes from the DESTDIR
n_headers=$(ls "$dest$prefix/include/ocoplabel" | wc -l)
expect_eq "$(grep -c "^$dest$prefix/include/ocoplabel/" headers.txt)" "$n_headers" "every header from the DESTDIR"
expect_eq "$(grep -vc "^$dest" headers.txt)" 0 "no ocoplabel header from elsewhere"

lib=$libdir/libocoplabel.so
expect_eq "$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" "libocoplabel.so.3" "soname"
expect_eq "$(readlink "$lib")" "libocoplabel.so.3" "libocoplabel.so -> libocoplabel.so.3"
[ -f "$libdir/libocoplabel.so.3" ] && ok || bad "no libocoplabel.so.3"
# exported: ocop_* only, and exactly the functions the installed headers declare OCOP_API
nm -D --defined-only "$lib" | awk '{ print $NF }' | sort >exported.txt
expect_eq "$(grep -v '^ocop_' exported.txt | tr '\n' ' ')" "" "symbols other than ocop_*"
grep -h 'OCOP_API' "$dest$prefix"/include/ocoplabel/*.h | grep -v '#' |
	sed -n 's/.*[ *]\(ocop_[a-z0-9_]*\)(.*/\1/p' | sort >declared.txt
expect_eq "$(comm -3 exported.txt declared.txt | tr '\n\t' '  ')" "" "exported = declared OCOP_API functions"
[ "$(wc -l <exported.txt)" -gt 50 ] && ok || bad "only $(wc -l <exported.txt) symbols exported"

# run against the installed library and data, not the build tree's
export LD_LIBRARY_PATH="$libdir"
export OCOPLABEL_TEMPLATE_PATH="$dest$prefix/share/ocoplabel/templates"
export OCOPLABEL_FONTS_CONF="$dest$prefix/share/ocoplabel/fonts/ocoplabel.conf"
expect_eq "$(ldd ./render_png | sed -n 's/^[[:space:]]*libocoplabel.so.3 => \([^ ]*\) .*/\1/p')" "$libdir/libocoplabel.so.3" "runs with the installed library"
out=$(./render_png label.png 2>err.txt)
expect_eq "$?" 0 "render_png exit status"
expect_eq "$out" "wrote label.png ($(wc -c <label.png | tr -d ' ') bytes) with libocoplabel $(pkg-config --modversion ocoplabel)" "render_png output"
expect_eq "$(cat err.txt)" "" "render_png stderr"
want="EAN-13:8936012345698 QR-Code:https://id.gs1.org/01/08936012345698?vt=VN-QNOR-0047&csdg=VN-QNPH-007 "
expect_eq "$(zbar label.png | tr '\n' ' ')" "$want" "label decodes (zbarimg)"
expect_eq "$(zxing label.png | tr '\n' ' ')" "$want" "label decodes (ZXingReader)"
finish

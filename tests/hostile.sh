#!/bin/sh
# Hostile input: each case gets its own clear message and exit status, never a crash; after every
# failing case the input is unchanged and no partial output exists (no file, no temporary file).
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); pub=
at_exit 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp" ${pub:+"$pub"}'
cd "$tmp"
today=--today=2026-11-29
hdr='name,producer,address,stars,gtin,growing_area,packing_facility'
good='Trà,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003'
# a valid record for render
set -- name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003

# only the output named and the inputs may exist: no hidden temporary files left anywhere here
leftovers() { ls -A | grep -v -e '\.csv$' -e '\.ini$' -e '\.txt$' -e '^out\.pdf$' -e '^ro$' -e '^small$' | tr '\n' ' '; }
# lib.sh's run: $rc, and $err1, the first line of standard error, is what these cases compare

mk() { printf '%s\n' "$hdr" > "$1"; }

# ---- product files: FILE | how to make it | exit | first line of stderr ----
if case_begin products; then
mk utf8.csv; printf '%s\nTr\303,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$good" >> utf8.csv
mk overlong.csv; printf '%s\nA\300\257B,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$good" >> overlong.csv
mk nul.csv; printf '%s\nTrà,HTX,Ba\000Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' "$good" >> nul.csv
mk bigfield.csv; { printf '"'; head -c 10485760 /dev/zero | tr '\0' 'a'; printf '",HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n%s\n' "$good"; } >> bigfield.csv
python3 -c 'print(",".join("c%d" % i for i in range(100000)))' > wide.csv
mk quote-eof.csv; printf '%s\n"Trà,HTX,Ba Chẽ,5' "$good" >> quote-eof.csv
mk bom-middle.csv; printf '%s\n\357\273\277%s\n%s\n' "$good" "$hdr" "$good" >> bom-middle.csv
while IFS='|' read -r f want_rc want_err; do
	before=$(md5sum < "$f")
	run batch "$today" "$f" -o out.pdf
	expect_eq "$rc" "$want_rc" "$f exit"
	expect_eq "$err1" "$want_err" "$f message"
	expect_eq "$(md5sum < "$f")" "$before" "$f unchanged"
	# a row rejected: the other rows are written (exit 1); a file rejected: nothing (exit 2)
	if [ "$want_rc" = 2 ]; then [ ! -e out.pdf ] && ok || bad "$f: output written"; fi
	expect_eq "$(leftovers)" "" "$f: nothing left behind"
	rm -f out.pdf
done <<'TABLE'
utf8.csv|1|utf8.csv:3: name: not valid UTF-8 at byte 3 (save the file as UTF-8)
overlong.csv|1|overlong.csv:3: name: not valid UTF-8 at byte 2 (save the file as UTF-8)
nul.csv|1|nul.csv:3: address: contains a NUL byte (the file may not be text)
bigfield.csv|1|bigfield.csv:2: name: a field longer than 65536 bytes (the limit)
wide.csv|2|ocoplabel: wide.csv:1: row: more than 1024 columns (the limit)
quote-eof.csv|1|quote-eof.csv:3: row: a quoted field opened on this line is never closed (missing ")
bom-middle.csv|1|bom-middle.csv:3: row: starts with a byte-order mark (U+FEFF), as a file does: was another file joined on here? Remove the mark (and a second header line)
missing.csv|2|ocoplabel: missing.csv: cannot open: No such file or directory
TABLE
# after the 10 MB field the next row is read as a row: one label written
run batch "$today" bigfield.csv -o out.pdf
expect_eq "$(sed -n 1p out.txt)" "2 rows, 1 valid, 1 rejected" "the row after a 10 MB field"
rm -f out.pdf
# memory stays small on a 10 MB field (the field is not kept)
rss=$(/usr/bin/time -f '%M' "$bin" check -q "$today" bigfield.csv 2>&1 >/dev/null | tail -1)
[ "$rss" -lt 100000 ] && ok || bad "10 MB field: $rss KB resident"
fi

# ---- templates: FILE | contents | message ----
if case_begin templates; then
printf '[element x]\ntype=text\ntext=a\nx=1\ny=1\nwidth=5\nheight=5\n' > nolabel.ini
printf '[label]\nwidth=-5\nheight=30\n' > negative.ini
printf '[label]\nwidth=1e308\nheight=30\n' > enormous.ini
printf '[label]\nwidth=50\nheight=30\n[element q]\ntype=qr\nx=10\ny=10\nwidth=1e9\nheight=10\n' > element.ini
printf '[label]\nwidth=50\nheight=30\n[lable]\n' > section.ini
head -c 2000000 /dev/zero | tr '\0' '#' > huge.ini
while IFS='|' read -r f want_err; do
	run render "$today" -t "./$f" -o out.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
		growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
	expect_eq "$rc:$err1" "2:$want_err" "template $f"
	[ ! -e out.pdf ] && ok || bad "template $f: output written"
done <<'TABLE'
nolabel.ini|ocoplabel: ./nolabel.ini: missing the [label] section (width, height, description)
negative.ini|ocoplabel: ./negative.ini: [label] width: -5 is out of range (5 to 2000)
enormous.ini|ocoplabel: ./enormous.ini: [label] width: 1e+308 is out of range (5 to 2000)
element.ini|ocoplabel: ./element.ini: [element q] width: 1e+09 is out of range (0.5 to 50)
section.ini|ocoplabel: ./section.ini: [lable]: unknown section; sections are [label] and [element NAME]
huge.ini|ocoplabel: ./huge.ini: template is 2000000 bytes; at most 1048576 are allowed
TABLE
fi

# ---- a logo that is not an image ----
if case_begin logo; then
echo "not an image" > logo.txt
run render "$today" --logo logo.txt -o out.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
expect_eq "$rc:$err1" "2:ocoplabel: logo logo.txt: not a PNG or SVG image" "logo not an image"
printf '\211PNG\r\n\032\n broken' > broken.png.txt
run render "$today" --logo broken.png.txt -o out.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
case "$rc:$err1" in "2:ocoplabel: logo broken.png.txt: not a readable PNG image"*) ok ;; *) bad "broken PNG logo: $rc:$err1" ;; esac
[ ! -e out.pdf ] && ok || bad "logo: output written"
# a PNG whose header claims 60000 x 60000 pixels: refused before it is decoded
python3 - <<'EOF'
import struct, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
open("bomb.png.txt", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
EOF
run render "$today" --logo bomb.png.txt -o out.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
expect_eq "$rc:$err1" "2:ocoplabel: logo bomb.png.txt: the image has more than 16777216 pixels; scale it down" "logo: decompression bomb"
head -c 9000000 /dev/zero > big.png.txt
run render "$today" --logo big.png.txt -o out.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
expect_eq "$rc:$err1" "2:ocoplabel: logo big.png.txt: 9000000 bytes; at most 8388608 are allowed" "logo: too big a file"
fi

# ---- outputs that cannot be written ----
if case_begin outputs; then
mk ok.csv; printf '%s\n' "$good" >> ok.csv
# a folder without write permission (as an unprivileged user when the tests run as root)
mkdir ro && chmod 555 ro
# That user may not be able to read the checkout or the build (a clone in a mode-700 folder, as
# mktemp -d makes): it runs a copy of the program with the libraries of the build, the templates,
# the fonts set-up and LeakSanitizer's suppressions (the sanitizer build), all in a folder under
# /tmp that everyone can read. Its working folder is $tmp, which it only needs to enter.
if [ "$(id -u)" = 0 ]; then
	pub=$(mktemp -d /tmp/ocoplabel-hostile.XXXXXX)
	mkdir "$pub/lib" "$pub/templates"
	cp "$bin" "$pub/ocoplabel"
	ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
		case $lib in /lib/* | /usr/*) ;; *) cp "$lib" "$pub/lib/" ;; esac
	done
	for d in $(echo "${OCOPLABEL_TEMPLATE_PATH:-}" | tr ':' ' '); do cp -R "$d/." "$pub/templates/"; done
	[ -f "${OCOPLABEL_FONTS_CONF:-}" ] && cp "$OCOPLABEL_FONTS_CONF" "$pub/fonts.conf"
	# LSAN_OPTIONS with its suppressions file copied too
	lsan=
	IFS=:
	for o in ${LSAN_OPTIONS:-}; do
		case $o in suppressions=*) cp "${o#suppressions=}" "$pub/lsan.supp" && o=suppressions=$pub/lsan.supp ;; esac
		lsan=${lsan:+$lsan:}$o
	done
	unset IFS
	chmod -R a+rX "$pub"
fi
as_user() {
	if [ -z "$pub" ]; then "$bin" "$@"; return; fi
	LD_LIBRARY_PATH=$pub/lib OCOPLABEL_TEMPLATE_PATH=$pub/templates \
		OCOPLABEL_FONTS_CONF=$pub/fonts.conf LSAN_OPTIONS=$lsan \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$pub/ocoplabel" "$@"
}
chmod 755 "$tmp"
as_user render "$today" -o ro/x.pdf "$@" >out.txt 2>err.txt
expect_eq "$?:$(cat err.txt)" "2:ocoplabel: ro/x.pdf: cannot write: Permission denied" "folder without write permission"
as_user batch "$today" ok.csv -o ro/x.pdf >out.txt 2>err.txt
expect_eq "$?:$(cat err.txt)" "2:ocoplabel: ro/x.pdf: cannot write: Permission denied" "batch: folder without write permission"
expect_eq "$(ls -A ro)" "" "nothing in the read-only folder"
# a full disk: writes fail part-way (file size limit: EFBIG); the same path as ENOSPC
(trap '' XFSZ; ulimit -f 16; "$bin" batch "$today" ok.csv --copies 500 -o full.pdf >out.txt 2>err.txt; echo $? > rc.txt)
expect_eq "$(cat rc.txt):$(cat err.txt)" "2:ocoplabel: full.pdf: cannot write: File too large" "disk full during a batch"
(trap '' XFSZ; ulimit -f 16; "$bin" batch "$today" ok.csv --copies 50 --format png -o fulldir >out.txt 2>err.txt; echo $? > rc.txt)
case "$(cat rc.txt):$(cat err.txt)" in "2:ocoplabel: fulldir/"*": cannot write: File too large") ok ;; *) bad "disk full, PNG folder: $(cat rc.txt):$(cat err.txt)" ;; esac
# a small tmpfs when this machine allows mounting one (a real ENOSPC)
mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
	"$bin" batch "$today" ok.csv --copies 500 -o small/x.pdf >out.txt 2>err.txt
	expect_eq "$?:$(cat err.txt)" "2:ocoplabel: small/x.pdf: cannot write: No space left on device" "tmpfs full"
	expect_eq "$(ls -A small)" "" "nothing left on the full tmpfs"
	umount small
fi
expect_eq "$(leftovers)" "" "no partial outputs after write failures"
# never write over a device node
ln -s /dev/null dev.pdf
run render "$today" -o dev.pdf "$@"
expect_eq "$rc:$err1" "2:ocoplabel: dev.pdf: exists and is not a regular file; refusing to replace it" "device node refused"
rm dev.pdf
fi

# ---- a font that is not installed: the label is made with a fallback and a warning ----
if case_begin font; then
sed 's/^font=Noto Sans$/font=Nonexistent Sans/' "$here/../templates/product-100x70.ini" > nofont.ini
run render "$today" -t ./nofont.ini -o font.pdf "$@"
case "$rc:$err1" in "0:warning: font: font 'Nonexistent Sans' is not installed; using '"*"' instead") ok ;; *) bad "missing font: $rc:$err1" ;; esac
rm -f font.pdf
fi
finish

#!/bin/sh
# ocoplabel tests: the Debian packages (debian/, issue 31). From a clean copy of the source tree (git archive
# HEAD: what is committed, not the working tree's changes) in a temporary folder: dpkg-buildpackage -us -uc -b
# with DEB_BUILD_OPTIONS=nocheck (the suite runs on its own; the build checks the symbols file at -c4);
# lintian with no error and no warning (the overrides in debian/ say why); a symbol gone from the library
# fails dpkg-gensymbols; every package extracted with dpkg -x into one temporary root, then the installed
# ocoplabel (its library and data from that root) makes the labels of the example, which zbarimg decodes,
# and speaks Vietnamese from the installed catalogue; the installed `ocoplabel serve` with the installed
# /etc/ocoplabel/serve.conf on a free loopback port answers its page with the token; the installed unit
# passes `systemd-analyze verify` with nothing to say, and its `systemd-analyze security` exposure is printed
# (and must stay under 2.0).
# Usage: package.sh SOURCE_ROOT
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$1
for tool in dpkg-buildpackage dh lintian fakeroot systemd-analyze dpkg-gensymbols zbarimg curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (./quickstart.sh test installs debhelper, dpkg-dev, lintian, fakeroot, systemd)"
		exit 77
	fi
done
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
export LANG=C.UTF-8 LANGUAGE=

# ---- the packages, built from a clean copy ----
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	[ -z "$(git -C "$src" status --porcelain -- . ':!build*' 2>/dev/null)" ] ||
		echo "note: the working tree has changes that are not committed; the packages are built from HEAD"
	mkdir ocoplabel
	git -C "$src" archive --format=tar HEAD | tar -C ocoplabel -xf -
else
	cp -a "$src" ocoplabel
	rm -rf ocoplabel/build*
fi
start=$(date +%s)
(cd ocoplabel && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) > build.log 2>&1
rc=$?
echo "dpkg-buildpackage -us -uc -b (nocheck): status $rc in $(($(date +%s) - start)) s"
expect_eq "$rc" 0 "dpkg-buildpackage"
if [ "$rc" -ne 0 ]; then
	tail -40 build.log >&2
	finish
	exit 1
fi
for p in libocoplabel3 libocoplabel-dev ocoplabel ocoplabel-data; do
	expect_eq "$(ls ${p}_"$version"_*.deb 2>/dev/null | wc -l)" 1 "the package $p"
done
expect_eq "$(ls ocoplabel-server_"$version"_all.deb 2>/dev/null | wc -l)" 1 "the package ocoplabel-server"

if case_begin lintian; then
	# as root lintian says so first; that line is not a finding
	lintian --fail-on error,warning --pedantic -I ocoplabel_"$version"_*.changes > lintian.txt 2>&1
	expect_eq "$?" 0 "lintian: no error, no warning"
	expect_eq "$(grep -E '^[EW]: ' lintian.txt)" "" "lintian's errors and warnings"
	grep -E '^[IPN]: ' lintian.txt | sed 's/^/lintian: /'
fi

if case_begin symbols; then
	# the library exports ocop_* and nothing else, every one in the symbols file
	lib=ocoplabel/debian/libocoplabel3/usr/lib/$multiarch/libocoplabel.so.3
	expect_eq "$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -vc '^ocop_')" 0 "only ocop_* exported"
	expect_eq "$(nm -D --defined-only "$lib" | awk '{print $3}' | sort | tr '\n' ' ')" \
		"$(sed -n 's/^ \(ocop_[A-Za-z0-9_]*\)@Base .*/\1/p' "$src/debian/libocoplabel3.symbols" | sort | tr '\n' ' ')" \
		"debian/libocoplabel3.symbols lists every exported symbol"
	# an ABI break: a symbol of an earlier version that the library lacks fails dpkg-gensymbols at the build's
	# level (one added and gone within this version is not a break)
	sed 's/^ ocop_error_last@Base .*/&\n ocop_gone_function@Base 0.4.0/' "$src/debian/libocoplabel3.symbols" > broken.symbols
	(cd ocoplabel && dpkg-gensymbols -c4 -plibocoplabel3 -Pdebian/libocoplabel3 -v"$version" -I../broken.symbols \
		-O/dev/null) > gensymbols.txt 2>&1
	expect_eq "$?" 1 "a symbol gone fails dpkg-gensymbols"
	expect_eq "$(grep -c '^+#MISSING: .*# ocop_gone_function@Base' gensymbols.txt)" 1 "it names the symbol"
fi

# ---- installed into a temporary root ----
root=$tmp/root
for d in *.deb; do
	case $d in *-dbgsym_*) continue ;; esac
	dpkg -x "$d" "$root"
done
# the installed program, its library and data from the root (the paths built in are /usr/...)
cat > installed.sh <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$root/usr/lib/$multiarch" OCOPLABEL_TEMPLATE_PATH="$root/usr/share/ocoplabel/templates" \\
OCOPLABEL_FONTS_CONF="$root/usr/share/ocoplabel/fonts/ocoplabel.conf" OCOPLABEL_LOCALEDIR="$root/usr/share/locale" \\
exec "$root/usr/bin/ocoplabel" "\$@"
EOF
chmod +x installed.sh
bin=$tmp/installed.sh

if case_begin installed; then
	# its NEEDED entry, not ldd's search: `./quickstart.sh examples` may have put a libocoplabel.so.3 in
	# /usr/local, which ldd would find
	expect_eq "$(readelf -d "$root/usr/bin/ocoplabel" | grep -c 'NEEDED.*\[libocoplabel\.so\.3\]')" 1 \
		"the program links the library by its soname (found through LD_LIBRARY_PATH here)"
	expect_eq "$(LD_LIBRARY_PATH="$root/usr/lib/$multiarch" ldd "$root/usr/bin/ocoplabel" | grep -c "$root/usr/lib/$multiarch/libocoplabel.so.3")" 1 \
		"the extracted library is the one used"
	# no path of the build folder in what is installed (-Dsource_data=false)
	expect_eq "$(grep -l "$tmp/ocoplabel" "$root/usr/bin/ocoplabel" "$root/usr/lib/$multiarch/libocoplabel.so.3" | wc -l)" 0 \
		"no build path in the binaries"
	expect_eq "$(grep -c '/usr/share/ocoplabel' "$root/usr/lib/$multiarch/libocoplabel.so.3")" 1 "the library's data folder is /usr/share/ocoplabel"
	for f in usr/share/man/man1/ocoplabel.1.gz usr/share/man/vi/man1/ocoplabel.1.gz usr/share/locale/vi/LC_MESSAGES/ocoplabel.mo \
		usr/share/ocoplabel/fonts/ocoplabel.conf usr/share/ocoplabel/templates/product-100x70.ini \
		usr/include/ocoplabel/ocoplabel.h "usr/lib/$multiarch/pkgconfig/ocoplabel.pc" usr/share/doc/libocoplabel-dev/API.md.gz \
		etc/ocoplabel/serve.conf lib/systemd/system/ocoplabel.service usr/lib/sysusers.d/ocoplabel-server.conf; do
		if [ -s "$root/$f" ]; then ok; else bad "installed: $f is missing"; fi
	done
	expect_eq "$(zcat "$root/usr/share/man/vi/man1/ocoplabel.1.gz" | grep -c '^\.TH')" 1 "the Vietnamese manual page"
	# the labels of the example, one PNG a row, decoded
	csv="$src/examples/quangninh-products.csv"
	"$bin" batch "$csv" --format png --dpi 300 --name-pattern '{gtin}-{lot}' -o png >batch.out 2>batch.err
	expect_eq "$?" 0 "installed ocoplabel batch: status ($(head -3 batch.err))"
	rows=$(($(wc -l < "$csv") - 1))
	expect_eq "$(ls png/*.png 2>/dev/null | wc -l)" "$rows" "a PNG a row"
	decoded=0
	for f in png/*.png; do
		gtin=$(basename "$f" | cut -d- -f1)
		codes=$(zbar "$f")
		if echo "$codes" | grep -qx "EAN-13:${gtin#0}" && echo "$codes" | grep -q "^QR-Code:.*/01/0*$gtin"; then
			decoded=$((decoded + 1))
		else
			bad "$f: decoded [$codes]"
		fi
	done
	expect_eq "$decoded" "$rows" "every label's EAN-13 and QR decode (zbarimg)"
	expect_eq "$(grep -c 'warning: font' batch.err)" 0 "the fonts of the templates are there"
	# the installed catalogue: the same refusal in Vietnamese
	"$bin" render --template no-such-template >/dev/null 2>en.txt
	LANGUAGE=vi "$bin" render --template no-such-template >/dev/null 2>vi.txt
	if [ -s vi.txt ] && ! cmp -s en.txt vi.txt; then ok; else bad "no Vietnamese from the installed catalogue: [$(cat vi.txt)]"; fi
fi

if case_begin serve; then
	# what postinst and systemd make on a real system: the token, the state folder's templates/
	mkdir -p "$root/var/lib/ocoplabel/templates"
	od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$root/etc/ocoplabel/token"
	token=$(cat "$root/etc/ocoplabel/token")
	# the installed settings, with the address and port of a test (the file's 0.0.0.0:8080 would be open to the
	# network and maybe taken) and the root's token and templates in place of /etc and /var/lib
	serve_start installed --config "$root/etc/ocoplabel/serve.conf" --token-file "$root/etc/ocoplabel/token" \
		--templates "$root/var/lib/ocoplabel/templates"
	expect_eq "$(grep -c "?token=$token " installed.out)" 1 "the token of the token file"
	expect_eq "$(curl -s -o page.html -w '%{http_code}' --max-time 20 "$base/?token=$token")" 200 "the page with the token"
	expect_eq "$(grep -ci '<html' page.html)" 1 "the page is HTML"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "Authorization: Bearer $token" "$base/api/templates")" 200 \
		"the API with the token"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$base/api/templates")" 401 "the API without it"
	kill -HUP "$serve_pid"
	wait_until 100 grep -q 'SIGHUP' installed.out
	expect_eq "$?" 0 "systemctl reload's SIGHUP is taken"
	serve_stop
	expect_eq "$?" 0 "a clean stop on SIGTERM (systemctl stop)"
fi

if case_begin unit; then
	unit=$root/lib/systemd/system/ocoplabel.service
	# systemd-analyze verify --root: the root needs the units the service refers to (sysinit.target...) and
	# /bin/kill of ExecReload; man ocoplabel(1) of Documentation= is found through MANPATH
	mkdir -p "$root/bin"
	for u in /lib/systemd/system/*.target /lib/systemd/system/*.slice; do
		[ -e "$root/lib/systemd/system/${u##*/}" ] || cp -P "$u" "$root/lib/systemd/system/"
	done
	cp /bin/kill "$root/bin/kill"
	MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" /lib/systemd/system/ocoplabel.service > verify.txt 2>&1
	expect_eq "$?" 0 "systemd-analyze verify"
	expect_eq "$(cat verify.txt)" "" "systemd-analyze verify says nothing"
	systemd-analyze security --offline=yes "$unit" > security.txt 2>&1
	score=$(sed -n 's/^→ Overall exposure level for ocoplabel.service: \([0-9.]*\) .*/\1/p' security.txt)
	echo "systemd-analyze security --offline=yes: exposure $score"
	grep '✗' security.txt | sed 's/  */ /g; s/^/  /'
	if [ -n "$score" ] && awk "BEGIN { exit !($score < 2.0) }"; then ok; else bad "exposure [$score]: $(tail -1 security.txt)"; fi
	expect_eq "$(sed -n 's/^ExecStart=//p' "$unit")" "/usr/bin/ocoplabel serve --config /etc/ocoplabel/serve.conf" "ExecStart"
	expect_eq "$(sed -n 's/^User=//p' "$unit")" "ocoplabel" "its user"
	expect_eq "$(grep -c '^u ocoplabel ' "$root/usr/lib/sysusers.d/ocoplabel-server.conf")" 1 "the user is made by sysusers.d"
fi

finish

#!/bin/sh
# ocoplabel quick start on Debian 12 (run as root, or as a user with sudo):
#   ./quickstart.sh examples   install what is missing, build, install, render the example labels
#   ./quickstart.sh test       install what is missing, build and run the test suite
set -eu
cd "$(dirname "$0")"
mode=${1:-}
case $mode in examples|test) ;; *) echo "usage: $0 examples|test" >&2; exit 2 ;; esac

build_pkgs="build-essential meson ninja-build pkg-config libglib2.0-dev libcairo2-dev libpango1.0-dev
 libfontconfig-dev libharfbuzz-dev libfreetype-dev zlib1g-dev libpng-dev libqrencode-dev libzint-dev librsvg2-dev libcups2-dev
 libzip-dev libxml2-dev libxlsxwriter-dev libmicrohttpd-dev libjson-glib-dev libsqlite3-dev libpq-dev gettext
 fonts-noto-core fonts-ocr-b fonts-dejavu-core"
test_pkgs="zbar-tools zxing-cpp-tools poppler-utils qpdf imagemagick python3 valgrind clang libclang-rt-14-dev
 ghostscript mupdf-tools cups cups-client python3-openpyxl python3-odf
 curl chromium chromium-driver python3-selenium nginx-light locales postgresql sqlite3
 debhelper dpkg-dev lintian fakeroot systemd"
# node and npm for the test-only npm tools: Debian's, unless a node with npm is installed already
# (a NodeSource nodejs package carries its own npm and conflicts with Debian's)
command -v npm >/dev/null 2>&1 || test_pkgs="$test_pkgs nodejs npm"
pkgs=$build_pkgs
[ "$mode" = test ] && pkgs="$pkgs $test_pkgs"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing
fi

# the test-only tools from the npm registry (an independent ZPL renderer, axe-core, ajv with GS1's EPCIS schemas)
[ "$mode" = test ] && tests/npm-tools.sh
# the Vietnamese locale, for the tests of the command line in Vietnamese (LANG=vi_VN.UTF-8); ocoplabel
# itself needs none: without it the command line speaks English, and the server chooses per request
if [ "$mode" = test ] && ! locale -a 2>/dev/null | grep -qx 'vi_VN.utf8'; then
	echo "== generating the locale vi_VN.UTF-8"
	as_root localedef -i vi_VN -c -f UTF-8 vi_VN.UTF-8
fi

[ -f build/build.ninja ] || meson setup build --prefix=/usr/local
meson compile -C build

if [ "$mode" = test ]; then
	# the suite, then the suite under ASan+UBSan, then each fuzzer for a short bounded time
	status=0
	meson test -C build --print-errorlogs || status=1
	echo "== the test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
	tests/sanitize.sh || status=1
	echo "== fuzzing, 20 s per target"
	tests/fuzz/run.sh 20 || status=1
	exit $status
fi

echo "== installing ocoplabel into /usr/local"
as_root meson install -C build --quiet
as_root ldconfig
echo "== rendering the example labels"
examples/labels.sh ocoplabel examples/out

#!/bin/sh
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer: a clang build of the library,
# CLI, examples and tests in build-asan/, then the suite (valgrind and the install test are not
# defined in this build: they cannot run under ASan) but for the tests in suite 'rasterise'
# (decode, print, printpath, margins) and 'package' (it builds the Debian packages from the committed tree
# with its own compiler flags: nothing of this build runs in it), whose time goes to Ghostscript, MuPDF, poppler and the
# decoders rasterising and reading our output: the same library paths run under ASan in
# test_render, cli, batch, printjob and the others, and those four run in the plain suite. Leaks are checked (LeakSanitizer) with the
# font-stack caches suppressed (tests/lsan.supp); any UB stops the run. Stacks are taken by the
# fast (frame-pointer) unwinder, the default: the full unwinder on every malloc made the batch test
# take 592 s instead of 69 s under ASan.
set -eu
cd "$(dirname "$0")/.."
[ -f build-asan/build.ninja ] || CC=clang meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug >/dev/null
ninja -C build-asan >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# memory bounds (tests/abuse.sh) are the plain build's: ASan keeps freed memory in quarantine
export OCOP_SANITIZED=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
exec meson test -C build-asan --print-errorlogs --no-suite rasterise --no-suite package

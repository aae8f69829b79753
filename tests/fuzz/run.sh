#!/bin/sh
# Builds the libFuzzer targets with clang, AddressSanitizer and UBSan in build-fuzz/ and runs each
# for SECONDS (default 60) from its seed corpus in tests/fuzz/corpus/TARGET, with its dictionary
# tests/fuzz/TARGET.dict when it has one. New inputs and temporary files go to a scratch folder (not
# the repository). A crash stops with its reproducer path; add it to the seed corpus and a
# regression test. Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-fuzz_reader fuzz_template fuzz_link fuzz_render fuzz_workbook fuzz_resolve fuzz_http fuzz_params}
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false \
	-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
ninja -C build-fuzz >/dev/null
export OCOPLABEL_TEMPLATE_PATH="$PWD/templates" OCOPLABEL_FONTS_CONF="$PWD/fonts/ocoplabel.conf"
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
results=build-fuzz/results.txt   # one line per target: NAME ok|FAIL, for .ci/run
: > "$results"
for t in $targets; do
	mkdir -p "$scratch/$t"
	echo "== $t for ${secs}s"
	dict=tests/fuzz/${t#fuzz_}.dict   # the words of a target's input, when it has them
	[ -f "$dict" ] && set -- -dict="$dict" || set --
	TMPDIR="$scratch" UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
	./build-fuzz/tests/fuzz/$t "$@" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="build-fuzz/$t-" -print_final_stats=1 "$scratch/$t" "tests/fuzz/corpus/${t#fuzz_}" \
		>"build-fuzz/$t.log" 2>&1 || true
	grep -E '^(#[0-9]+[[:space:]]*DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
		"build-fuzz/$t.log" || true
	for f in build-fuzz/$t-crash-* build-fuzz/$t-leak-* build-fuzz/$t-timeout-* build-fuzz/$t-oom-*; do
		if [ -e "$f" ]; then
			# the report itself (a leak found at exit has no input to replay it from): its stacks
			sed -n '/==[0-9]*==ERROR/,/^SUMMARY/p' "build-fuzz/$t.log" | head -n 200
			echo "$t: failing input $f (the whole output: build-fuzz/$t.log)"
			echo "$t FAIL" >> "$results"
			exit 1
		fi
	done
	echo "$t ok" >> "$results"
done
echo "fuzzing: no failures"

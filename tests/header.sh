#!/bin/sh
# Compiles one public header alone, strictly, as C11 and (when a C++ compiler is present) as C++11.
set -eu
h=$1; src_inc=$2; build_inc=$3
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
printf '#include <ocoplabel/%s>\nint main(void) { return 0; }\n' "$h" > "$tmp/t.c"
cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$src_inc" -I"$build_inc" -c "$tmp/t.c" -o "$tmp/t.o"
if command -v c++ >/dev/null 2>&1; then
	cp "$tmp/t.c" "$tmp/t.cpp"
	c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$src_inc" -I"$build_inc" -c "$tmp/t.cpp" -o "$tmp/t2.o"
fi
echo "ok: $h"

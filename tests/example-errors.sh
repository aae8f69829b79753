#!/bin/sh
# Runs examples/errors: the exact report on standard error and the exit status for a valid record,
# invalid fields (all errors at once, each with its field), a warning, a URL too long for the QR box,
# text that is not UTF-8, a missing template and a usage error.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'

check() {  # what want_status want_stdout want_stderr -- args...
	what=$1 status=$2 stdout=$3 stderr=$4
	shift 5
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	expect_eq "$?" "$status" "$what: exit status"
	expect_eq "$(cat "$tmp/out")" "$stdout" "$what: stdout"
	expect_eq "$(cat "$tmp/err")" "$stderr" "$what: stderr"
}
long=https://example.com/$(printf '%0400d' 0)

check valid 0 "Ruốc hàu Vân Đồn: valid for template small-70x37" "" --

check "two errors" 1 "" "error: stars: 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark [not_certified]
error: gtin: '893601234567' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674 [no_check_digit]
invalid record: 2 error(s), the first in field stars (code not_certified): 2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark" \
	-- stars=2 gtin=893601234567

check "three fields" 1 "" "error: producer: the producer (cooperative or enterprise) is required [required]
error: growing_area: the growing-area code 'VN QN 47' may contain only letters A-Z, digits and '-'; found ' ' at character 3 [charset]
error: production_date: the production date '31/02/2026' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd [date]
invalid record: 3 error(s), the first in field producer (code required): the producer (cooperative or enterprise) is required" \
	-- "growing_area=vn qn 47" producer= production_date=31/02/2026

check "warning only" 0 "Ruốc hàu Vân Đồn: valid for template small-70x37" \
	"warning: ocop_cert_date: the OCOP certificate expires on 15/01/2027, in 47 days [expires_soon]" -- ocop_cert_date=2024-01-15

check "URL too long" 1 "" "error: trace_url: the URL is too long for this label: 420 characters, but a QR code in the 18.5 mm box of element 'qr' with modules of at least 0.25 mm holds at most 287 (version 12, error correction M), 133 too many; shorten the URL (resolver, lot, codes), lower the error correction or use a larger label [does_not_fit]
invalid record for template small-70x37: trace_url: the URL is too long for this label: 420 characters, but a QR code in the 18.5 mm box of element 'qr' with modules of at least 0.25 mm holds at most 287 (version 12, error correction M), 133 too many; shorten the URL (resolver, lot, codes), lower the error correction or use a larger label" \
	-- "trace_url=$long"

check "not UTF-8" 2 "" "invalid UTF-8: name: not valid UTF-8 at byte 2 (save the file as UTF-8)" -- "name=$(printf 'a\377b')"

check "missing template" 2 "" "not found: /nonexistent/x.ini: cannot open template: No such file or directory" -- --template=/nonexistent/x.ini

check usage 2 "" "usage: $bin [--template=NAME] [FIELD=VALUE]..." -- stars
finish

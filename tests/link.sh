#!/bin/sh
# Traceability URLs from the command line: ocoplabel url and url --parse, the round trip through a
# printed QR code (both decoders), Vietnamese trace URLs, QR sizing messages, and a serialised run
# of 500 labels whose QR codes are all different with consecutive serials.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29


# ---- ocoplabel url ----
run url gtin=8936012345674 lot=TH2611 production_date=01/11/2026 expiry_date=2028-11-01 \
	growing_area=vn-qnor-0012 packing_facility=VN-QNPH-003
expect_eq "$rc:$out" "0:https://id.gs1.org/01/08936012345674/10/TH2611?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003" "url"
run url --resolver https://truyxuat.quangninh.gov.vn/ gtin=89360125 serial=A1
expect_eq "$out" "https://truyxuat.quangninh.gov.vn/01/00000089360125/21/A1" "url --resolver, EAN-8"
run url gtin=8936012345674 lot='!"%&'"'"'()*+,-./:;<=>?_'
expect_eq "$out" "https://id.gs1.org/01/08936012345674/10/%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F_" "every CSET 82 special"
run url gtin=8936012345674 trace_url="https://truyxuat.quangninh.gov.vn/sản-phẩm?lô=1"
expect_eq "$out" "https://truyxuat.quangninh.gov.vn/s%E1%BA%A3n-ph%E1%BA%A9m?l%C3%B4=1" "a given URL, percent-encoded"
run url gtin=8936012345674 lot='Lô 1'
expect_eq "$rc:$err" "1:ocoplabel: lot: 'Lô 1' has 'ô' at position 2; GS1 allows only A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_ in a lot number (AI 10)" "lot outside CSET 82"
run url gtin=8936012345675
expect_eq "$rc:$err" "1:ocoplabel: gtin: wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)" "url: bad GTIN, the message of render"
run url --parse "https://id.gs1.org/01/08936012345674/10/L%2F1%25/21/0042?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003&4321=1"
expect_eq "$out" "resolver=https://id.gs1.org
gtin=8936012345674
lot=L/1%
serial=0042
production_date=01/11/2026
expiry_date=01/11/2028
growing_area=VN-QNOR-0012
packing_facility=VN-QNPH-003
4321=1" "url --parse"
run url --parse "https://id.gs1.org/gtin/8936012345674"
expect_eq "$rc:$err" "1:ocoplabel: 'https://id.gs1.org/gtin/8936012345674' is not a GS1 Digital Link: no /01/{GTIN} in its path" "url --parse: not a Digital Link"
# GS1's rules (tests/test_link.c has the reference's vectors): 14 digits after /01/, the date window, day 00
run url --parse "https://id.gs1.org/01/8936012345674"
expect_eq "$rc:$err" "1:ocoplabel: '8936012345674': the GTIN after /01/ must be 14 digits; write this 13-digit GTIN with leading zeros: 08936012345674" "url --parse: a GTIN-13 in /01/"
run url --parse --today 2026-11-29 "https://id.gs1.org/01/08936012345674?11=770101&17=761200&x"
expect_eq "$rc:$out" "0:resolver=https://id.gs1.org
gtin=8936012345674
production_date=01/01/1977
expiry_date=00/12/2076" "url --parse: GS1's window in 2026, day 00 kept, a parameter without ="
run url --today 2026-11-29 gtin=8936012345674 production_date=00/12/2076 expiry_date=31/12/1976
expect_eq "$rc:$err" "1:ocoplabel: expiry_date: '31/12/1976' cannot go into a Digital Link: its two-digit year (YYMMDD) is read as a year from 1977 to 2076 (GS1's window around 2026)" "url: a date outside the window"
run url --today 2030-01-01 gtin=8936012345674 production_date=00/12/2076
expect_eq "$rc:$out" "0:https://id.gs1.org/01/08936012345674?11=761200" "url: day 00, --today"
run url --today tomorrow gtin=8936012345674
expect_eq "$rc:$err" "2:ocoplabel: today: 'tomorrow' is not a date (yyyy-mm-dd)" "url: a bad --today"

# ---- round trip: fields -> label -> QR (zbarimg, ZXingReader) -> url --parse -> the same fields ----
set -- name="Ruốc hàu Vân Đồn" producer="HTX Vân Đồn" address="Vân Đồn, Quảng Ninh" stars=3 \
	gtin=8936012346121 lot="RH/26%11" serial="S-0001" production_date=05/11/2026 expiry_date=05/05/2027 \
	growing_area=VN-QNOR-0047 packing_facility=VN-QNPH-007
for t in product-100x70 small-70x37; do
	"$bin" render -q "$today" -t $t --resolver https://truyxuat.quangninh.gov.vn --dpi 300 -o rt.png "$@" || bad "render $t"
	for dec in zbar zxing; do
		u=$($dec rt.png | sed -n 's/^QR-Code://p')
		"$bin" url --parse "$u" > parsed.txt || bad "parse $u"
		expect_eq "$(cat parsed.txt)" "resolver=https://truyxuat.quangninh.gov.vn
gtin=8936012346121
lot=RH/26%11
serial=S-0001
production_date=05/11/2026
expiry_date=05/05/2027
growing_area=VN-QNOR-0047
packing_facility=VN-QNPH-007" "round trip $t $dec"
	done
done

# ---- QR sizing: a URL too long for the label is refused with the excess ----
long="https://truyxuat.quangninh.gov.vn/$(printf '%0286d' 0)"
run render "$today" -t small-70x37 -o long.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 trace_url="$long"
expect_eq "$rc" 1 "too long a URL"
expect_eq "$(head -1 err.txt)" "trace_url: the URL is too long for this label: 320 characters, but a QR code in the 18.5 mm box of element 'qr' with modules of at least 0.25 mm holds at most 287 (version 12, error correction M), 33 too many; shorten the URL (resolver, lot, codes), lower the error correction or use a larger label" "too long a URL message"
[ ! -e long.pdf ] && ok || bad "no file for a URL too long"
run render "$today" -t small-70x37 --qr-ec L -o long.pdf name=Trà producer=HTX address="Ba Chẽ" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003 trace_url="$long"
expect_eq "$rc" 0 "--qr-ec L makes it fit"

# ---- a serialised run: 500 labels, 500 different QR codes, consecutive serials ----
printf 'name,producer,address,stars,gtin,growing_area,packing_facility,lot,Số lượng\n' > s.csv
printf 'Trà hoa vàng,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,300\n' >> s.csv
printf 'Miến dong,HTX Miến,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,MD2610,200\n' >> s.csv
run batch "$today" s.csv -t small-70x37 --thermal --format png --dpi 203 -o units --serialize --serial-start 41 --serial-format 'QN%06d'
expect_eq "$rc" 0 "serialised run exit"
expect_eq "$out" "2 rows, 2 valid, 0 rejected
500 labels written to units/ as PNG files
serials 41 to 540; continue with --serial-start 541" "serialised run summary"
zbarimg -q units/*.png 2>/dev/null | sed -n 's/^QR-Code://p' > qr.txt
expect_eq "$(wc -l < qr.txt)" 500 "500 QR codes decoded"
expect_eq "$(sort -u qr.txt | wc -l)" 500 "500 different payloads"
sed -n 's|.*/21/QN\([0-9]*\)?.*|\1|p' qr.txt | sort -n > serials.txt
seq -f '%06g' 41 540 > want.txt
cmp -s serials.txt want.txt && ok || bad "serials 41..540 consecutive, each once"
expect_eq "$(sed -n 1p qr.txt)" "https://id.gs1.org/01/08936012346107/10/TH2611/21/QN000041?vt=VN-QNOR-0012&csdg=VN-QNPH-003" "first unit's URL"
# the other decoder on a sample of the files (it reads one file per run)
for n in 00001 00300 00301 00500; do
	expect_eq "$(zxing units/$n.png | sed -n 's/^QR-Code://p')" "$(zbar units/$n.png | sed -n 's/^QR-Code://p')" "ZXingReader agrees on $n"
done
expect_eq "$(zbar units/00301.png | grep -c 'Miến\|/21/QN000341?')" 1 "row 2 continues the serials"
# the serial is printed under the QR code
"$bin" batch -q "$today" s.csv -t small-70x37 -o units.pdf --serialize --serial-start 41 --serial-format 'QN%06d' --copies 1
expect_eq "$(pdftotext -f 1 -l 1 units.pdf - | grep -c '(21) QN000041')" 1 "serial printed"

# a serial that would pass 20 characters is refused before anything is drawn
run batch "$today" s.csv -o big.pdf --serialize --serial-format 'ABCDEFGHIJK%d' --serial-start 999999999
expect_eq "$rc" 2 "serial too long exit"
expect_eq "$err" "ocoplabel: the run needs 500 serials from 999999999: the last one is too long: serial: 'ABCDEFGHIJK1000000498' is 21 characters; GS1 allows at most 20 in a serial number (AI 21)" "serial too long message"
[ ! -e big.pdf ] && ok || bad "nothing written when serials are too long"
# rows with their own serial or trace URL cannot be serialised
printf 'name,producer,address,stars,gtin,growing_area,packing_facility,serial\nTrà,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,X1\n' > own.csv
run batch "$today" own.csv -o own.pdf --serialize
expect_eq "$rc:$err" "1:own.csv:2: serial: the row has its own serial, but the run numbers every label; leave the serial empty" "own serial refused"
run batch "$today" own.csv -o own.pdf --serial-start 5
expect_eq "$rc" 2 "--serial-start without --serialize"
finish

#!/bin/sh
# Print-grade codes: (1) a print simulation: the example product file at 300 dpi, blurred (Gaussian,
# sigma 0.7 pixel) and with 5 % Gaussian noise, must still decode with both decoders: the decode
# rate is printed; (2) pixel exactness: in 203 dpi 1-bit PNGs every bar of the EAN-13 is a whole
# number of dots, exactly the planned module multiple times the bar's module width; (3) the GS1
# limits refuse what would not scan.
set -u
bin=$1
examples=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29
csv=$examples/quangninh-products.csv

# ---- (1) print simulation ----
python3 "$here/gs1dl.py" --csv "$csv" > urls.txt
python3 -c 'import csv,sys; [print(r["gtin"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]' "$csv" > gtins.txt
total=0 zb=0 zx=0
for t in product-100x70 small-70x37; do
	"$bin" batch -q "$today" "$csv" -t $t --format png --dpi 300 -o "sim-$t" || bad "batch $t"
	i=0
	while read -r g; do
		i=$((i + 1))
		n=$(printf '%05d' $i)
		u=$(sed -n "${i}p" urls.txt)
		convert "sim-$t/$n.png" -blur 0x0.7 -depth 8 pgm:b.pgm
		python3 "$here/noise.py" b.pgm n.pgm 0.05 $i
		convert n.pgm n.png
		a=$(zbar n.png); b=$(zxing n.png)
		for want in "EAN-13:$g" "QR-Code:$u"; do
			total=$((total + 1))
			case "
$a
" in *"
$want
"*) zb=$((zb + 1)) ;; *) bad "zbarimg lost $want in $t $n after blur and noise" ;; esac
			case "
$b
" in *"
$want
"*) zx=$((zx + 1)) ;; *) bad "ZXingReader lost $want in $t $n after blur and noise" ;; esac
		done
	done < gtins.txt
done
echo "print simulation (blur 0.7 px, noise 5 %, 300 dpi): zbarimg $zb/$total, ZXingReader $zx/$total symbols decoded"
expect_eq "$zb:$zx" "$total:$total" "every symbol survives the print simulation"
[ "$total" -eq 48 ] && ok || bad "print simulation covered $total symbols, not 48"

# ---- (2) whole dots: bar widths in a 203 dpi 1-bit PNG ----
# EAN-13 module widths of the bars of GTIN g, left to right (the tests' own encoder)
bars() {
	python3 - "$1" <<'EOF'
import sys
g = sys.argv[1]
L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
G = ["".join("1" if c == "0" else "0" for c in l)[::-1] for l in L]
R = ["".join("1" if c == "0" else "0" for c in l) for l in L]
parity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"][int(g[0])]
bits = "101" + "".join((L if p == "L" else G)[int(d)] for p, d in zip(parity, g[1:7])) + "01010" + "".join(R[int(d)] for d in g[7:13]) + "101"
runs, cur, n = [], None, 0
for b in bits:
    if b == cur:
        n += 1
    else:
        if cur == "1":
            runs.append(n)
        cur, n = b, 1
if cur == "1":
    runs.append(n)
print(" ".join(map(str, runs)))
EOF
}
# dark runs (pixel widths) in row Y of PNG from x=X0 to X1: the EAN's bars
runs() {
	convert "$1" -crop "$(($4 - $3))x1+$3+$2" +repage -depth 8 gray:- | python3 -c '
import sys
row = sys.stdin.buffer.read()
runs, n = [], 0
for v in row + b"\xff":
    if v < 128:
        n += 1
    elif n:
        runs.append(n)
        n = 0
print(" ".join(map(str, runs)))'
}
set -- name="Trà hoa vàng Ba Chẽ" producer="HTX Trà hoa vàng Ba Chẽ" address="Ba Chẽ, Quảng Ninh" stars=5 \
	gtin=8936012346107 growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
want=$(bars 8936012346107)
# template | flags | dots per module | a row through the bars (y mm) | x range (mm) of the EAN box
while IFS='|' read -r t flags k ymm x0 x1; do
	"$bin" render -q $flags --mono --dpi 203 -t $t -o px.png "$@" || bad "render $t"
	# IHDR: bit depth 1, colour type 0 (gray)
	expect_eq "$(python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d[24], d[25])' px.png)" "1 0" "$t: 1-bit PNG"
	mm() { python3 -c "print(int($1 / 25.4 * 203))"; }
	got=$(runs px.png "$(mm $ymm)" "$(mm $x0)" "$(mm $x1)")
	scaled=$(for w in $got; do
		if [ $((w % k)) -eq 0 ]; then printf '%s ' $((w / k)); else printf '%s/%s ' "$w" "$k"; fi
	done)
	expect_eq "$scaled" "$want " "$t at 203 dpi: every bar is k=$k dots per module"
done <<'ROWS'
small-70x37||3|29|1|43.5
product-100x70||3|50|37.5|80
thermal-50x30||2|23|1.3|30.1
thermal-60x40||2|30|1.3|30.1
thermal-100x50||3|35|1|43.5
ROWS
# 300 dpi gray: 4 dots in the small template, no grey pixels on the bars' row
"$bin" render -q --dpi 300 -t small-70x37 -o g.png "$@"
row=$(convert g.png -crop "$(python3 -c 'print(int(42.5/25.4*300))')x1+$(python3 -c 'print(int(1/25.4*300))')+$(python3 -c 'print(int(29/25.4*300))')" +repage -depth 8 gray:- | python3 -c '
import sys; print(sorted(set(sys.stdin.buffer.read())))')
expect_eq "$row" "[0, 255]" "no grey edges on the bars at 300 dpi"

# ---- (3) limits ----
sed 's/^module=0.375$/module=0.25/' "$here/../templates/product-100x70.ini" > small-x.ini
run render -t ./small-x.ini -o x.pdf "$@"
expect_eq "$rc" 2 "EAN module under 80 % refused"
expect_eq "$err" "ocoplabel: ./small-x.ini: [element ean] the EAN module is 0.250 mm (76 % of 0.330 mm); GS1 allows 80 % to 200 % (0.264 to 0.660 mm; 75 % only in the thermal profile)" "EAN module message"
run render --thermal -t ./small-x.ini -o x.pdf "$@"
expect_eq "$rc" 0 "75 % allowed with --thermal"
# the small template as it was (a 38.5 mm EAN box): at 203 dpi only 2 dots (76 %) fit
sed 's/^module=0.375$/module=0.339/; s/^width=42.5$/width=38.5/' "$here/../templates/small-70x37.ini" > narrow.ini
run render --dpi 203 -t ./narrow.ini -o x.png "$@"
expect_eq "$rc" 2 "a 38.5 mm EAN box at 203 dpi needs the thermal profile"
case $err in *"at 203 dpi no whole number of dots gives an EAN module that GS1 allows"*"use the thermal profile (--thermal)"*) ok ;;
	*) bad "203 dpi message: $err" ;; esac
sed 's/^min_size=4.8$/min_size=4.5/' "$here/../templates/small-70x37.ini" > tiny.ini
run render -t ./tiny.ini -o x.pdf "$@"
expect_eq "$rc:$err" "2:ocoplabel: ./tiny.ini: [element producer] min_size 4.5 pt gives capital letters 1.13 mm high; mandatory text needs at least 1.2 mm (Decree 43/2017), so min_size 4.8 pt or more" "letters under 1.2 mm refused"
run render -t thermal-50x30 -o x.pdf name=Trà producer="Hợp tác xã nông nghiệp và dịch vụ tổng hợp Thanh Lâm" \
	address="Thôn Khe Tâm, xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh, Việt Nam" stars=5 gtin=8936012346107 \
	growing_area=VN-QNOR-0012 packing_facility=VN-QNPH-003
expect_eq "$rc" 1 "mandatory text that does not fit is refused"
case $err in "address: the text "*"does not fit its 33.2x7 mm box even at 4.8 pt"*) ok ;; *) bad "fit message: $err" ;; esac
# the smallest roll label takes ordinary names, 31 characters or in capitals, with net quantity and
# origin, without a warning (the names of issue 12's first-use report)
for n in "Trà hoa vàng túi lọc Ba Chẽ 20g" "BÁNH GẠO LỨT HẠT SEN QUẢNG NINH"; do
	run render -t thermal-50x30 --dpi 203 --mono -o n.png "$@" name="$n" net_quantity="250 g" lot=TH2611 \
		production_date=01/11/2026 expiry_date=01/11/2027
	expect_eq "$rc:$err" "0:" "thermal-50x30 takes the name '$n'"
done
run render --bwr 0.3mm -o x.pdf "$@"
expect_eq "$rc" 2 "--bwr out of range"
# a bar width reduction of one dot narrows every bar by one dot
"$bin" render -q --mono --dpi 203 --bwr 0.125mm -t product-100x70 -o bwr.png "$@"
got=$(runs bwr.png "$(python3 -c 'print(int(50/25.4*203))')" "$(python3 -c 'print(int(37.5/25.4*203))')" "$(python3 -c 'print(int(80/25.4*203))')")
expect_eq "$(for w in $got; do printf '%s ' $(((w + 1) / 3)); done)" "$want " "--bwr: each bar one dot narrower"
# the optional '>' light-margin indicator: printed in the right quiet zone, codes still decode
sed 's/^module=0.375$/module=0.375\nlight_margin=true/' "$here/../templates/product-100x70.ini" > lm.ini
"$bin" render -q --dpi 300 -t ./lm.ini -o lm.png "$@" || bad "render light margin"
"$bin" render -q --dpi 300 -t product-100x70 -o nolm.png "$@"
cmp -s lm.png nolm.png && bad "light margin indicator not drawn" || ok
expect_eq "$(zbar lm.png | grep EAN)" "EAN-13:8936012346107" "light margin: zbarimg"
expect_eq "$(zxing lm.png | grep EAN)" "EAN-13:8936012346107" "light margin: ZXingReader"
finish

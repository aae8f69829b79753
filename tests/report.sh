#!/bin/sh
# ocoplabel --report FILE.xlsx: the rejected rows as a workbook, read back by openpyxl (a real reader,
# Debian's /usr/bin/python3): the sheet, the headings as the product file writes them, each row's
# number and its values as text (a GTIN's 13 digits intact), the bad cells filled light red with a
# note and no fill elsewhere, the fields and messages the CSV report gives; check and batch alike;
# rows refused while drawing, for any --jobs; .XLSX; bytes no reader takes; a failed run leaves no
# report and no temporary file; the reports in the run's language (the sheet, the headings and the
# fields in Vietnamese under vi_VN.UTF-8, English under C as scripts read them).
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
$py -c 'import openpyxl' 2>/dev/null || { echo "SKIP: /usr/bin/python3 has no openpyxl (python3-openpyxl)"; exit 77; }
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp"
today=--today=2026-11-29
dump() { $py "$here/xlsx_dump.py" "$1"; }
# hidden files left in a folder (the reports' temporary names start with a dot)
hidden() { ls -A "$1" | grep -c '^\.'; }

# ---- the rejected rows of a product file with Vietnamese headings, an extra column, a multi-line value ----
{
	printf '%s\r\n' "Tên sản phẩm;Chủ thể;Địa chỉ;Hạng sao;Mã vạch;Mã số vùng trồng;Mã số cơ sở đóng gói;Ghi chú"
	printf '%s\n%s\r\n' "Trà hoa vàng;HTX Ba Chẽ;\"Thôn 1" "Ba Chẽ\";7;8936012346100;VN-QNOR-0012;VN-QNPH-003;mới"
	printf '%s\r\n' "Miến dong;HTX;Bình Liêu;4;8936012346114;VN-QNOR-0031;VN-QNPH-005;"
	printf '%s\r\n' "Ruốc hàu;HTX;Vân Đồn;3;8936012346121"
	printf '%s\r\n' ";HTX;Vân Đồn;3;8936012346114;VN-QNOR-0031;VN-QNPH-005;"
} > p.csv
run batch "$today" p.csv -o p.pdf --report rejected.xlsx
expect_eq "$rc" 1 "batch --report .xlsx: exit"
expect_eq "$(tail -1 out.txt)" "3 rejected rows listed in rejected.xlsx" "batch --report .xlsx: summary"
dump rejected.xlsx > got.txt 2>&1
cat > want.txt <<'EOF'
sheet: Rejected rows
freeze: A2
filter: A1:K4
A1 s bold fill=FFDDEBF7: Line
B1 s bold fill=FFDDEBF7: Tên sản phẩm
C1 s bold fill=FFDDEBF7: Chủ thể
D1 s bold fill=FFDDEBF7: Địa chỉ
E1 s bold fill=FFDDEBF7: Hạng sao
F1 s bold fill=FFDDEBF7: Mã vạch
G1 s bold fill=FFDDEBF7: Mã số vùng trồng
H1 s bold fill=FFDDEBF7: Mã số cơ sở đóng gói
I1 s bold fill=FFDDEBF7: Ghi chú
J1 s bold fill=FFDDEBF7: Field
K1 s bold fill=FFDDEBF7: Message
A2 n: 2
B2 s: Trà hoa vàng
C2 s: HTX Ba Chẽ
D2 s: Thôn 1\nBa Chẽ
E2 s fill=FFFFC7CE color=FF9C0006 note='7' is not a star rating; write 3, 4 or 5: 7
F2 s fill=FFFFC7CE color=FF9C0006 note=wrong check digit in '8936012346100': the last digit should be 7 (8936012346107): 8936012346100
G2 s: VN-QNOR-0012
H2 s: VN-QNPH-003
I2 s: mới
J2 s: stars, gtin
K2 s: '7' is not a star rating; write 3, 4 or 5; wrong check digit in '8936012346100': the last digit should be 7 (8936012346107)
A3 n: 5
B3 s: Ruốc hàu
C3 s: HTX
D3 s: Vân Đồn
E3 s: 3
F3 s: 8936012346121
J3 s: row
K3 s: 5 fields, but the header has 8 (check the separator ';' and the quotes)
A4 n: 6
B4 blank fill=FFFFC7CE color=FF9C0006 note=the product name is required: 
C4 s: HTX
D4 s: Vân Đồn
E4 s: 3
F4 s: 8936012346114
G4 s: VN-QNOR-0031
H4 s: VN-QNPH-005
J4 s: name
K4 s: the product name is required
EOF
cmp -s got.txt want.txt && ok || bad "the workbook as openpyxl reads it: $(diff want.txt got.txt)"
# the line, fields and messages are the CSV report's, exactly
run batch "$today" p.csv -o p2.pdf --report rejected.csv
$py - > same.txt 2>&1 <<'EOF'
import csv, openpyxl
ws = openpyxl.load_workbook("rejected.xlsx").active
sheet = [(r[0], r[-2], r[-1]) for r in ws.iter_rows(min_row=2, values_only=True)]
with open("rejected.csv", encoding="utf-8-sig", newline="") as f:
    rows = [(int(r["line"]), r["field"], r["message"]) for r in csv.DictReader(f, delimiter=";")]
print("same" if sheet == rows and len(rows) == 3 else f"differ: {sheet} {rows}")
EOF
expect_eq "$(cat same.txt)" same "workbook and CSV report: the same lines, fields and messages"
# check writes the same workbook, byte for byte (SOURCE_DATE_EPOCH fixes its date); .XLSX is a workbook too
run check "$today" p.csv --report check.xlsx
expect_eq "$rc" 1 "check --report .xlsx: exit"
cmp -s rejected.xlsx check.xlsx && ok || bad "check and batch write the same workbook"
run check "$today" p.csv --report UPPER.XLSX
expect_eq "$rc:$(dump UPPER.XLSX | sed -n 1p)" "1:sheet: Rejected rows" "--report X.XLSX is a workbook"
cmp -s rejected.xlsx UPPER.XLSX && ok || bad ".XLSX and .xlsx reports differ"
expect_eq "$(hidden .)" 0 "no temporary file left beside the reports"

# no rejected row: the heading row alone, filtered
head -1 p.csv > ok.csv
sed -n 4p p.csv >> ok.csv
run check "$today" ok.csv --report none.xlsx
expect_eq "$rc:$(dump none.xlsx | sed -n '3p;$p' | tr '\n' '|')" "0:filter: A1:K1|K1 s bold fill=FFDDEBF7: Message|" "no rejected row: the heading row"

# ---- the reports in the run's language: in Vietnamese the sheet, the headings and the fields ----
# (the locale vi_VN.UTF-8 and the Vietnamese catalogue of the build are needed: skipped without them)
if locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\{0,1\}8'; then
	LC_ALL=vi_VN.UTF-8 LANGUAGE= "$bin" check "$today" p.csv --report vi.csv >/dev/null 2>&1
	LC_ALL=vi_VN.UTF-8 LANGUAGE= "$bin" check "$today" p.csv --report vi.xlsx >/dev/null 2>&1
	if [ "$(head -1 vi.csv)" = "$(printf '\357\273\277line;field;message;name\r')" ]; then
		echo "SKIP (Vietnamese reports): the build's Vietnamese catalogue has no words for the report"
	else
		expect_eq "$(sed -n '1p;3p' vi.csv | cut -d';' -f1,2 | tr '\n' '|')" \
			"$(printf '\357\273\277Dòng;Trường|5;Dòng|')" "Vietnamese CSV report: headings, the whole row's field"
		expect_eq "$(sed -n 1p vi.csv | cut -d';' -f3,4)" "$(printf 'Lỗi;Tên sản phẩm\r')" "Vietnamese CSV report: headings"
		expect_eq "$(sed -n 2p vi.csv | cut -d';' -f2)" "Hạng sao, Mã số mã vạch (GTIN)" "Vietnamese CSV report: fields by their names"
		expect_eq "$(dump vi.xlsx | grep -E '^(sheet|A1|J1|K1|J2)' | tr '\n' '|')" \
			"sheet: Dòng bị loại|A1 s bold fill=FFDDEBF7: Dòng|J1 s bold fill=FFDDEBF7: Trường|K1 s bold fill=FFDDEBF7: Lỗi|J2 s: Hạng sao, Mã số mã vạch (GTIN)|" \
			"Vietnamese workbook report: sheet, headings, fields"
	fi
	# English on request, whatever the locale
	LC_ALL=vi_VN.UTF-8 LANGUAGE=en "$bin" check "$today" p.csv --report en.csv >/dev/null 2>&1
	expect_eq "$(head -1 en.csv)" "$(printf '\357\273\277line;field;message;name\r')" "LANGUAGE=en: the CSV report's header in English"
else
	echo "SKIP (Vietnamese reports): no vi_VN.UTF-8 locale"
fi

# bytes that no reader takes (not UTF-8, a control character) still give a workbook Excel opens
printf 'name,producer,address,stars,gtin,growing_area,packing_facility\n' > bytes.csv
printf 'Tr\340 x,HTX\001,Ba Ch\341\272\275,5,8936012346107,VN-QNOR-0012,VN-QNPH-003\n' >> bytes.csv
run check "$today" bytes.csv --report bytes.xlsx
expect_eq "$rc:$(dump bytes.xlsx | grep -E '^(B|C)2 ' | tr '\n' '|')" "1:B2 s fill=FFFFC7CE color=FF9C0006 note=not valid UTF-8 at byte 3 (save the file as UTF-8): Tr� x|C2 s: HTX�|" \
	"bytes that are not text: U+FFFD"

# ---- rows refused while drawing (text that does not fit), their values from the record: any --jobs ----
python3 "$here/../bench/gen-products.py" 12 jobs.csv --urls
python3 - <<'EOF'
lines = open("jobs.csv", encoding="utf-8", newline="").read().split("\r\n")
lines[0] += ",Số lượng"
for i in range(1, len(lines)):
    if lines[i]:
        lines[i] += ",2" if i == 7 else ","
lines[7] = lines[7].replace('"Xã', '"' + "Thôn Khe Tâm rất xa, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, " * 3 + 'xã')
open("jobs.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
for j in 1 4; do
	run batch "$today" jobs.csv --jobs $j -t thermal-100x50 -o late-j$j.pdf --report late-j$j.xlsx
	expect_eq "$rc:$(sed -n 1p out.txt)" "1:12 rows, 11 valid, 1 rejected" "late refusal with --jobs $j"
done
cmp -s late-j1.xlsx late-j4.xlsx && ok || bad "late refusal: workbooks differ between --jobs 1 and 4"
run check "$today" -t thermal-100x50 jobs.csv --report late-check.xlsx
cmp -s late-j4.xlsx late-check.xlsx && ok || bad "late refusal: the record's values are not those check read"
$py - > late.txt 2>&1 <<'EOF'
import csv, openpyxl
ws = openpyxl.load_workbook("late-j4.xlsx").active
rows = list(ws.iter_rows(min_row=2))
with open("jobs.csv", encoding="utf-8", newline="") as f:
    src = list(csv.reader(f))
r = rows[0]
values = [c.value or "" for c in r[1:-2]]
bad = [ws.cell(1, c.column).value for c in r if c.fill.fill_type]
print(len(rows), r[0].value, values == src[7], bad, r[-2].value, r[3].comment.text == r[-1].value, values[-1])
EOF
expect_eq "$(cat late.txt)" "1 8 True ['address'] address True 2" "late refusal: row 8 with its values, the address cell marked"

# ---- a failed run leaves no report ----
run check "$today" p.csv --report nodir/rejected.xlsx
expect_eq "$rc:$(tail -1 err.txt)" "2:ocoplabel: nodir/rejected.xlsx: the folder 'nodir' does not exist; create it with mkdir -p nodir" "report in a missing folder"
: > notdir
run check "$today" p.csv --report notdir/rejected.xlsx
expect_eq "$rc:$(tail -1 err.txt)" "2:ocoplabel: notdir/rejected.xlsx: cannot write the report: Not a directory" "report in a file, not a folder"
mkdir folder.xlsx
run check "$today" p.csv --report folder.xlsx
expect_eq "$rc:$(tail -1 err.txt)" "2:ocoplabel: folder.xlsx: exists and is not a regular file; refusing to replace it" "report over a folder"
# the disk fills (ulimit -f) while the workbook is written, or while the PDF is
mkdir full
(trap '' XFSZ; ulimit -f 4; "$bin" check "$today" p.csv --report full/rejected.xlsx >out.txt 2>err.txt; echo $? > rc.txt)
expect_eq "$(cat rc.txt):$(tail -1 err.txt)" "2:ocoplabel: full/rejected.xlsx: cannot write the report: File too large" "full disk: check's workbook"
expect_eq "$(ls -A full | wc -l)" 0 "full disk: no report, no temporary file"
(trap '' XFSZ; ulimit -f 24; "$bin" batch "$today" p.csv --copies 50 -o full/p.pdf --report full/rejected.xlsx >out.txt 2>err.txt; echo $? > rc.txt)
expect_eq "$(cat rc.txt):$(ls -A full | wc -l)" "2:0" "full disk: the PDF fails, no report either"
run batch "$today" p.csv -o p.pdf --report p.csv
expect_eq "$rc" 2 "the product file is never the report"

finish

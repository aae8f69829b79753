#!/bin/sh
# Makes tests/data/lo-products.xlsx and tests/data/lo-products.ods from tests/data/lo-products.csv with
# LibreOffice itself (soffice --headless --convert-to), then reads both back with openpyxl and odfpy
# and compares every cell with tests/data/lo-products.json.
#
# The two workbooks are COMMITTED: LibreOffice (libreoffice-calc-nogui, some hundreds of MB) is too
# heavy for the CI run, so the tests use the committed files and never run this script. Run it again
# only when lo-products.csv changes (needs soffice and Debian's /usr/bin/python3 with python3-openpyxl
# and python3-odf), check the diff of lo-products.json, and commit the new files.
#
# The CSV import filter options (the 5th token lists a type per column: 1 standard, 2 text, 4 DMY date):
#   44 comma, 34 double quote, 76 UTF-8, 1 = start at line 1,
#   columns 9, 10, 12 (NSX, HSD, Ngày chứng nhận) type 4: dd/mm/yyyy read as date cells,
#   column 5 (Mã vạch, the GTIN) type 1 (standard): read as the NUMBER 8936012346107,
#   every other column standard; 1066 = Vietnamese (vi-VN) for the parsing.
# LibreOffice shows the dates in its default en-US format (xlsx numFmt "mm/dd/yy", ods text "11/01/26"):
# a reader must use the date value, never the displayed text.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a private profile, without the thumbnail LibreOffice would otherwise put in the .ods (smaller files)
mkdir -p "$tmp/profile/user"
cat > "$tmp/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
EOF
filter='CSV:44,34,76,1,1/1/2/1/3/1/4/1/5/1/6/1/7/1/8/1/9/4/10/4/11/1/12/4,1066'
for fmt in xlsx ods; do
	soffice -env:UserInstallation="file://$tmp/profile" --headless --infilter="$filter" \
		--convert-to "$fmt" --outdir "$tmp" "$here/lo-products.csv" >/dev/null
	cp "$tmp/lo-products.$fmt" "$here/lo-products.$fmt"
done
unzip -l "$here/lo-products.xlsx" | grep -q 'xl/worksheets/sheet1.xml'
unzip -l "$here/lo-products.ods" | grep -q 'content.xml'

/usr/bin/python3 - "$here" <<'EOF'
import datetime, json, sys, zipfile
import openpyxl
from odf.opendocument import load
from odf import table, text
from odf.namespaces import OFFICENS, TABLENS

here = sys.argv[1]
want = json.load(open(here + "/lo-products.json", encoding="utf-8"))["fixtures"]


def show(v):
    if isinstance(v, datetime.datetime):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def compare(name, heads, rows):
    m = want[name]
    assert heads == m["headings"], (name, heads)
    fields = m["fields"]
    got = [{"row": n, "hidden": False, "values": {fields[i]: v for i, v in enumerate(r) if v != ""}}
           for n, r in rows]
    assert got == m["rows"], (name, got, m["rows"])
    print("%s: %d rows as lo-products.json says" % (name, len(got)))


ws = openpyxl.load_workbook(here + "/lo-products.xlsx").worksheets[0]
assert ws.title == want["lo-products.xlsx"]["sheet"]
vals = [[show(c.value) if c.value is not None else "" for c in r] for r in ws.iter_rows()]
compare("lo-products.xlsx", vals[0], [(i + 2, r) for i, r in enumerate(vals[1:])])

doc = load(here + "/lo-products.ods")
t = doc.spreadsheet.getElementsByType(table.Table)[0]
assert t.getAttribute("name") == want["lo-products.ods"]["sheet"]
out = []
for r in t.getElementsByType(table.TableRow):
    cells = []
    for c in r.getElementsByType(table.TableCell):
        k = c.attributes.get((OFFICENS, "value-type"))
        if k == "float":
            v = show(float(c.attributes[(OFFICENS, "value")]))
        elif k == "date":
            v = datetime.datetime.strptime(c.attributes[(OFFICENS, "date-value")][:10], "%Y-%m-%d").strftime("%d/%m/%Y")
        else:
            v = "\n".join(str(p) for p in c.getElementsByType(text.P))
        cells += [v] * int(c.attributes.get((TABLENS, "number-columns-repeated"), "1"))
    if any(cells):
        out.append(cells[:len(want["lo-products.ods"]["headings"])])
compare("lo-products.ods", out[0], [(i + 2, r) for i, r in enumerate(out[1:])])
EOF
ls -l "$here/lo-products.xlsx" "$here/lo-products.ods"

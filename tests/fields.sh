#!/bin/sh
# The field lists of the documents against the library's field table (as `ocoplabel render --help`
# prints it): the FIELDS section of the man page, its list of Vietnamese headings, and README's
# field paragraph name every record field, and no other.
set -u
bin=$1 root=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d); at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
run render --help
expect_eq "$rc" 0 "render --help"
echo "$out" | sed -n 's/^  \([a-z_][a-z_]*\)  .*/\1/p' > table.txt
[ "$(wc -l < table.txt)" -ge 20 ] && ok || bad "render --help lists the fields: $(cat table.txt)"
/usr/bin/python3 - "$root/src/cli/ocoplabel.1.in" "$root/README.md" table.txt > result.txt <<'PY'
import re, sys
man = open(sys.argv[1], encoding="utf-8").read()
readme = open(sys.argv[2], encoding="utf-8").read()
table = open(sys.argv[3]).read().split()
def text(s):
    return re.sub(r"\\\[u([0-9A-F]{4})\]", lambda m: chr(int(m.group(1), 16)), s).replace("\\-", "-")
# FIELDS: each entry is a .TP line followed by .B NAME or .BR NAME ", " NAME ...
sec = man[man.index("\n.SH FIELDS\n"):]
sec = sec[:sec.index("\n.SH ", 1)]
names = []
for m in re.finditer(r"\n\.TP\n\.BR? ([^\n]*)", sec):
    names += [n for n in re.findall(r"[a-z_]+", m.group(1).replace('", "', " "))]
extra = [n for n in names if n not in table]
missing = [n for n in table if n not in names]
print("man FIELDS: missing %s, not fields %s" % (missing, extra) if missing or extra else "OK man FIELDS")
# PRODUCT FILES: "Heading (field)" pairs name fields of the table
prod = text(man[man.index("\n.SH PRODUCT FILES\n"):])
prod = prod[:prod.index("Other columns")]
named = set(re.findall(r"\(([a-z_]+)\)", prod))
unknown = sorted(n for n in named if n not in table + ["copies"])
print("man PRODUCT FILES: not fields %s" % unknown if unknown else "OK man PRODUCT FILES")
# README: the "Fields:" paragraph
par = readme[readme.index("\nFields: "):]
par = par[:par.index("\n\n")]
listed = re.findall(r"`([a-z_]+)`", par)
missing = [n for n in table if n not in listed]
extra = [n for n in listed if n not in table]
print("README Fields: missing %s, not fields %s" % (missing, extra) if missing or extra else "OK README Fields")
PY
while read -r l; do
	case $l in OK*) ok ;; *) bad "$l" ;; esac
done < result.txt
finish

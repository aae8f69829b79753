#!/usr/bin/python3
"""The limits table is one fact: `ocoplabel limits --tsv` (the library's table) and the tables of
README.md (every limit) and docs/HTTP.md (the server's) say the same names, values and words, and
`ocoplabel limits` prints each one. Usage: limits_doc.py OCOPLABEL SOURCE_ROOT"""
import os
import re
import subprocess
import sys

binary, root = sys.argv[1], sys.argv[2]
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg, file=sys.stderr)


def value_of(text):
    """'64 KiB' -> 65536, '1,024 columns' -> 1024, '200 to 1' -> 200"""
    m = re.fullmatch(r"([\d,]+) (KiB|MiB|GiB|.+)", text.strip())
    if not m:
        return None
    n = int(m.group(1).replace(",", ""))
    return n << {"KiB": 10, "MiB": 20, "GiB": 30}.get(m.group(2), 0)


tsv = subprocess.run([binary, "limits", "--tsv"], capture_output=True, text=True, check=True).stdout
limits = {}
for line in tsv.splitlines():
    scope, name, value, unit, what = line.split("\t")
    limits[name] = (scope, int(value), unit, what)
if len(limits) < 30:
    fail(f"`ocoplabel limits --tsv` gave {len(limits)} limits")
text = subprocess.run([binary, "limits"], capture_output=True, text=True, check=True).stdout
for name, (scope, value, unit, what) in limits.items():
    if not re.search(rf"^  {name} +{value} {re.escape(unit)} +{re.escape(what)}$", text, re.M):
        fail(f"`ocoplabel limits` does not print {name} {value} {unit}")


def check_table(path, want, with_scope):
    rows = {}
    row = re.compile(r"^\| (?:([^|`]+) \| )?`(\w+)` \| ([^|]+) \| (.+) \|$")
    header = "| scope | name | limit | what |" if with_scope else "| name | limit | what |"
    lines = open(os.path.join(root, path), encoding="utf-8").read().split("\n")
    if header not in lines:
        fail(f"{path}: no table headed '{header}'")
        return 0
    for line in lines[lines.index(header) + 2:]:
        if not line.startswith("|"):
            break
        m = row.match(line)
        if not m:
            fail(f"{path}: a row of the limits table that is not '| ... | `name` | limit | what |': {line}")
            continue
        rows[m.group(2)] = (m.group(1), m.group(3), m.group(4))
    for name in want:
        scope, value, unit, what = limits[name]
        if name not in rows:
            fail(f"{path}: no row for {name}")
            continue
        got_scope, got_value, got_what = rows[name]
        if with_scope and got_scope != scope:
            fail(f"{path}: {name}: scope '{got_scope}', the table says '{scope}'")
        if value_of(got_value) != value:
            fail(f"{path}: {name}: '{got_value}', the table says {value} {unit}")
        if got_what != what:
            fail(f"{path}: {name}: '{got_what}', the table says '{what}'")
    for name in rows:
        if name not in want:
            fail(f"{path}: a row for {name}, which is not a limit of this table")
    return len(rows)


n_readme = check_table("README.md", list(limits), True)
server = [n for n, v in limits.items() if v[0] == "server"]
n_http = check_table("docs/HTTP.md", server, False)
print(f"{len(limits)} limits; README.md {n_readme} rows, docs/HTTP.md {n_http} rows; {failures} failed")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""The architecture in the tree holds (docs/DESIGN.md): every library file is in a folder of its
concern, a folder includes only its own private headers and those of the folders src/meson.build
lets it use (the same table meson builds with), the clients use the public API only, private
headers stay small, and no command-line file grows past 400 lines.
Usage: arch.py SOURCE_ROOT"""
import os
import re
import sys

root = sys.argv[1]
src = os.path.join(root, "src")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


# the rules as src/meson.build states them: 'folder': [[deps], ['folder', ...]]
meson = open(os.path.join(src, "meson.build"), encoding="utf-8").read()
rules_text = meson[meson.index("folder_rules = {"):meson.index("}", meson.index("folder_rules = {"))]
rules = {}
for m in re.finditer(r"'(\w+)':\s*\[\[[^\]]*\],\s*\[([^\]]*)\]\]", rules_text):
    rules[m.group(1)] = re.findall(r"'(\w+)'", m.group(2))
if len(rules) < 10:
    fail(f"could not read folder_rules from src/meson.build (found {sorted(rules)})")
# the clients: the command line starts the web server (serve.h); neither reaches into the library
clients = {"cli": ["cli", "serve"], "serve": ["serve"]}

# 1. no .c file directly in src/; every folder is a library folder or a client
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    if os.path.isfile(path) and name.endswith(".c"):
        fail(f"src/{name} is not in a folder of its concern")
    if os.path.isdir(path) and name not in rules and name not in clients:
        fail(f"src/{name}/ is neither a library folder of src/meson.build nor a client")

# which folder each private header belongs to
header_folder = {}
for folder in list(rules) + list(clients):
    for name in os.listdir(os.path.join(src, folder)):
        if name.endswith(".h"):
            if name in header_folder:
                fail(f"two private headers named {name}: src/{header_folder[name]}/ and src/{folder}/")
            header_folder[name] = folder

# 2. include edges follow the rules; clients include public headers and their own only
edges = {}
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for folder in list(rules) + list(clients):
    allowed = set(rules.get(folder) or clients[folder])
    for name in sorted(os.listdir(os.path.join(src, folder))):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(src, folder, name), encoding="utf-8").read()
        for inc in include.findall(text):
            if inc.startswith("ocoplabel/"):
                continue
            base = os.path.basename(inc)
            owner = header_folder.get(base)
            if owner is None:
                continue  # a generated or third-party header
            if owner != folder:
                edges.setdefault((folder, owner), set()).add(f"{name} -> {base}")
            if owner not in allowed:
                fail(f"src/{folder}/{name} includes {base} of src/{owner}/, against the direction of src/meson.build")

# 3. private headers stay small: the shared core and every folder's
for name, folder in sorted(header_folder.items()):
    n = sum(1 for _ in open(os.path.join(src, folder, name), encoding="utf-8"))
    if n >= 150:
        fail(f"src/{folder}/{name} has {n} lines; private headers stay under 150")

# 4. no command-line file over 400 lines
for name in sorted(os.listdir(os.path.join(src, "cli"))):
    if name.endswith((".c", ".h")):
        n = sum(1 for _ in open(os.path.join(src, "cli", name), encoding="utf-8"))
        if n > 400:
            fail(f"src/cli/{name} has {n} lines; a command-line file stays at 400 or fewer")

# the measurements, for the record
for folder in list(rules) + list(clients):
    files = [f for f in os.listdir(os.path.join(src, folder)) if f.endswith(".c")]
    sizes = sorted((sum(1 for _ in open(os.path.join(src, folder, f), encoding="utf-8")), f) for f in files)
    print(f"{folder}: {len(files)} .c files, largest {sizes[-1][1]} ({sizes[-1][0]} lines)" if sizes else f"{folder}: no .c")
print("include edges between folders:")
for (a, b), why in sorted(edges.items()):
    print(f"  {a} -> {b} ({len(why)})")

print(f"{'ok' if not failures else str(len(failures)) + ' failed'}")
sys.exit(1 if failures else 0)

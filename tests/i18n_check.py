#!/usr/bin/python3
"""The catalogue is whole: every text a person reads in src/ is marked for translation, every marked
text has its Vietnamese in po/vi.po (none fuzzy, formats checked by msgfmt --check), and the committed
template po/ocoplabel.pot has the texts the sources have today.

A string literal in src/ that reads as words (two words of letters) is either marked (_(), N_(),
C_(), or an argument of the functions po/meson.build names with --keyword) or carries a comment
starting NOTR right before its line that says why it is not for people (a printer command, an HTTP
header, a JSON key).

Usage: i18n_check.py SOURCE_ROOT [--list]   (--list: print every unmarked literal, for marking)"""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
listing = "--list" in sys.argv
failures = []


def fail(msg):
    failures.append(msg)


def xgettext_args():
    """the --keyword and --flag arguments of po/meson.build: one list for meson and this check"""
    text = open(os.path.join(root, "po", "meson.build"), encoding="utf-8").read()
    return [a for a in re.findall(r"'(--(?:keyword|flag|from-code)=[^']*)'", text)]


def po_entries(text):
    """(msgctxt, msgid) -> (msgstr, flags, references) of a PO/POT text"""
    entries = {}
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().split("\n")
        refs, flags, fields, cur = [], set(), {}, None
        for line in lines:
            if line.startswith("#:"):
                refs += line[2:].split()
            elif line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
                if m:
                    cur = m.group(1)
                    fields[cur] = m.group(2)
                elif line.startswith('"') and cur:
                    fields[cur] += line[1:-1]
        if "msgid" in fields and fields["msgid"] != "":
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries[(fields.get("msgctxt"), fields["msgid"])] = (msgstr, flags, refs)
            if "msgid_plural" in fields:
                plurals.add(fields["msgid_plural"])
    return entries


plurals = set()  # the plural forms of the marked texts (an ngettext's second string, on a line of its own)


files = open(os.path.join(root, "po", "POTFILES"), encoding="utf-8").read().split()
listed = set(files)
for folder in sorted(os.listdir(os.path.join(root, "src"))):
    d = os.path.join(root, "src", folder)
    if os.path.isdir(d):
        for name in sorted(os.listdir(d)):
            if name.endswith(".c") and f"src/{folder}/{name}" not in listed:
                fail(f"src/{folder}/{name} is not in po/POTFILES")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "fresh.pot")
    every = os.path.join(tmp, "every.pot")
    run = dict(cwd=root, capture_output=True, text=True)
    r = subprocess.run(["xgettext", "-o", pot, "--force-po"] + xgettext_args() + files, **run)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
        sys.exit(1)
    subprocess.run(["xgettext", "-a", "--from-code=UTF-8", "--add-comments=NOTR", "-o", every, "--force-po"]
                   + files, check=True, **run)
    fresh = po_entries(open(pot, encoding="utf-8").read())
    marked_refs = {ref for (_, _, refs) in fresh.values() for ref in refs}

    # 1. texts for people are marked
    words = re.compile(r"[A-Za-z\u00C0-\u1EF9]{2,}[ ,.;:'!?()-]+[A-Za-z\u00C0-\u1EF9]{2,}")
    every_text = open(every, encoding="utf-8").read()
    unmarked = []
    for block in re.split(r"\n\s*\n", every_text):
        if "\n#. NOTR" in "\n" + block:
            continue
        e = po_entries(block)
        for (ctx, msgid), (_, _, refs) in e.items():
            if not words.search(msgid) or msgid in plurals:
                continue
            for ref in refs:
                if ref not in marked_refs:
                    unmarked.append((ref, msgid))
    for ref, msgid in sorted(unmarked):
        shown = msgid if len(msgid) < 90 else msgid[:87] + "..."
        fail(f"{ref}: not marked for translation: \"{shown}\"")

    # 2. the committed template has today's texts
    committed = po_entries(open(os.path.join(root, "po", "ocoplabel.pot"), encoding="utf-8").read())
    for key in sorted(set(fresh) - set(committed), key=str):
        fail(f"po/ocoplabel.pot lacks {key[1][:70]!r}: run ninja -C build ocoplabel-pot")
    for key in sorted(set(committed) - set(fresh), key=str):
        fail(f"po/ocoplabel.pot has {key[1][:70]!r}, which no source has: run ninja -C build ocoplabel-pot")

    # 3. every language of LINGUAS: msgfmt --check, every text translated, none fuzzy
    for lang in open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8").read().split():
        po = os.path.join(root, "po", f"{lang}.po")
        r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po], **run)
        if r.returncode != 0:
            fail(f"msgfmt --check po/{lang}.po: {r.stderr.strip()}")
        stats = r.stderr.strip()
        if "untranslated" in stats or "fuzzy" in stats:
            fail(f"po/{lang}.po: {stats}")
        have = po_entries(open(po, encoding="utf-8").read())
        for key in sorted(set(fresh) - set(have), key=str):
            fail(f"po/{lang}.po has no translation of {key[1][:70]!r} (ninja -C build ocoplabel-update-po)")
        for key, (msgstr, flags, _) in have.items():
            if key in fresh and not msgstr:
                fail(f"po/{lang}.po: {key[1][:70]!r} is not translated")

if listing:
    for ref, msgid in sorted(unmarked):
        print(f"{ref}\t{msgid}")
for f in failures[:200]:
    print("FAIL:", f, file=sys.stderr)
if len(failures) > 200:
    print(f"... and {len(failures) - 200} more", file=sys.stderr)
print(f"{len(fresh)} texts marked; {len(unmarked)} unmarked literals; {len(failures)} failed")
sys.exit(1 if failures else 0)

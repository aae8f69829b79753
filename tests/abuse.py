#!/usr/bin/python3
"""Helpers of tests/abuse.sh (issue 24): hostile inputs written at test time, and clients that speak
HTTP badly on purpose, over raw sockets. Standard library only; run with Debian's /usr/bin/python3.
Every client is bounded in time and in bytes, and closes what it opened.

Files:
  abuse.py body KIND OUT             a request body: brackets (100,000 '['), objects (60,000 '{"a":'),
                                     members (a JSON object of 1,000 members), form (160,000 keys, urlencoded)
  abuse.py csv OUT COPIES [ROWS]     a valid product CSV of ROWS (default 1) rows of COPIES copies each
  abuse.py ods-amplify OUT [N]       one row with a 60,000-digit GTIN, table:number-rows-repeated="N" (default
                                     5000; about 1 KB whatever N)
  abuse.py ods-repeat OUT            a valid row repeated 4,000,000,000 times
  abuse.py xlsx-comments OUT MIB     a valid sheet padded with MIB MiB of comments and whitespace (streamed,
                                     about 125:1); prints the part's uncompressed and compressed sizes
  abuse.py hostile DIR               laughs.xlsx, doctype.ods, xxe.xlsx, deep.xlsx, deep.ods, broken.xlsx,
                                     broken.ods (a sheet whose XML breaks half-way), invalid.xlsx (no valid row)

Clients (PORT on 127.0.0.1 unless said):
  abuse.py raw PORT OUT [--timeout S] [--bind IP]   sends standard input as it is, reads the answer into OUT;
                                     prints "STATUS SECONDS" (000 without an answer)
  abuse.py chunked PORT PATH CAP     a chunked body that never ends, 16 KiB chunks, stopped at CAP bytes or 20 s;
                                     prints "STATUS SENT CLOSED" (CLOSED: the server closed the connection)
  abuse.py hold PORT N MIB           N connections each send MIB MiB of a JSON body whose Content-Length says
                                     more, and wait; prints "answered=K statuses=..." (a body that is never
                                     finished); they stay open until the file hold.release exists (30 s at most)
  abuse.py slowloris PORT N          N connections from 127.0.0.2, each a partial header line, held open; a
                                     normal GET /api/fields from 127.0.0.1 meanwhile; prints "open=K status=S seconds=T"
  abuse.py trickle PORT              one connection from 127.0.0.3 that sends a header line a second (30 at
                                     most); prints the seconds until the server closed it (or "held")
  abuse.py sleeper PORTFILE WAKE OUT [ACCEPTED]  a printer (a 4 KiB receive buffer) that accepts one connection
                                     (then writes the file ACCEPTED), reads nothing until the file WAKE exists
                                     (60 s at most), then reads all it is sent and writes the count to OUT

Measures:
  abuse.py maxrss OUT CMD ARGS...    runs CMD; writes "EXIT MAXRSS_KB SECONDS" to OUT (getrusage of the child)
"""
import os
import resource
import select
import socket
import sys
import time
import zipfile

ZIP_TIME = (2026, 11, 1, 8, 0, 0)
HEADER = ["name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility"]
GOOD = ["Trà hoa vàng", "HTX Ba Chẽ", "Ba Chẽ, Quảng Ninh", "5", "8936012345674", "VN-QNOR-0012", "VN-QNPH-003"]
LIMIT = 60  # no helper lives longer


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- workbooks

def zip_parts(path, parts, stored=()):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCREL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx_frame():
    """The parts of a one-sheet workbook but its sheet, xl/worksheets/sheet1.xml."""
    return [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">'
         '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>'
         % (RELS, DOCREL)),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s" xmlns:r="%s">'
         '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (MAIN, DOCREL)),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">'
         '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
         % (RELS, DOCREL)),
    ]


def col(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def xlsx_row(r, values):
    cells = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(i), r, esc(v))
                    for i, v in enumerate(values))
    return '<row r="%d">%s</row>' % (r, cells)


def xlsx_sheet(rows, prolog="", inside=""):
    body = "".join(xlsx_row(i + 1, v) for i, v in enumerate(rows))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n%s<worksheet xmlns="%s"><sheetData>%s%s'
            '</sheetData></worksheet>' % (prolog, MAIN, body, inside))


def xlsx(path, sheet):
    zip_parts(path, xlsx_frame() + [("xl/worksheets/sheet1.xml", sheet.encode())])


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def ods_row(values, repeat=None):
    cells = "".join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % esc(v)
                    for v in values)
    rep = ' table:number-rows-repeated="%s"' % repeat if repeat else ""
    return "<table:table-row%s>%s</table:table-row>" % (rep, cells)


def ods_content(rows_xml, prolog="", inside=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n%s<office:document-content %s office:version="1.2">'
            '<office:body><office:spreadsheet><table:table table:name="Sheet1">%s%s</table:table>'
            '</office:spreadsheet></office:body></office:document-content>' % (prolog, ODS_NS, rows_xml, inside))


def ods(path, content):
    """mimetype first and stored, as LibreOffice writes it; then content.xml and the manifest."""
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="%s"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>' % ODS_MIME)
    zip_parts(path, [("mimetype", ODS_MIME), ("content.xml", content.encode()),
                     ("META-INF/manifest.xml", manifest)], stored=("mimetype",))


def ods_amplify(out, n):
    # a GTIN of 60,000 digits: each of the n rows is rejected with a message about it
    bad = list(GOOD)
    bad[4] = "8" * 60000
    ods(out, ods_content(ods_row(HEADER) + ods_row(bad, repeat=n)))


def ods_repeat(out):
    ods(out, ods_content(ods_row(HEADER) + ods_row(GOOD, repeat=4000000000)))


def xlsx_comments(out, mib):
    """The sheet: the header, a good row, MIB MiB of comments and whitespace, a last good row. Written
    through zipfile's streaming writer, 1 MiB at a time. Each comment has a counter, so the part
    deflates about 125:1, under the 200:1 ratio limit."""
    head = xlsx_sheet([HEADER, GOOD]).split("</sheetData>")[0]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in xlsx_frame():
            z.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
        zi = zipfile.ZipInfo("xl/worksheets/sheet1.xml", ZIP_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zi, "w", force_zip64=True) as w:
            w.write(head.encode())
            # comments of 640 bytes and white space, a counter in each: about 125 to 1
            pad, k, written = " " * 600, 0, 0
            while written < mib << 20:
                piece = "".join("<!-- %08x %s-->\n%s" % (k + j, pad, " " * 16) for j in range(1024)).encode()
                w.write(piece)
                written += len(piece)
                k += 1024
            w.write((xlsx_row(3, GOOD) + "</sheetData></worksheet>").encode())
    with zipfile.ZipFile(out) as z:
        i = z.getinfo("xl/worksheets/sheet1.xml")
        print(i.file_size, i.compress_size)


def hostile(d):
    os.makedirs(d, exist_ok=True)
    P = lambda n: os.path.join(d, n)  # noqa: E731
    # billion laughs: nested entities, &lol9; in a cell
    laughs = '<!DOCTYPE worksheet [<!ENTITY lol "lol">%s]>\n' % "".join(
        '<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % (i - 1 if i > 1 else "")) * 10) for i in range(1, 10))
    xlsx(P("laughs.xlsx"), xlsx_sheet([HEADER], laughs, xlsx_row(2, GOOD).replace("Trà hoa vàng", "&lol9;")))
    # a plain document type, in an ODS
    ods(P("doctype.ods"), ods_content(ods_row(HEADER) + ods_row(GOOD), "<!DOCTYPE office:document-content>\n"))
    # an external entity
    xxe = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    xlsx(P("xxe.xlsx"), xlsx_sheet([HEADER], xxe, xlsx_row(2, GOOD).replace("Trà hoa vàng", "&e;")))
    # elements nested 100,000 deep inside the sheet
    # (each part under 1 MiB: the compression ratio is not what refuses them)
    n = 50000
    xlsx(P("deep.xlsx"), xlsx_sheet([HEADER, GOOD], "", "<x>" * n + "</x>" * n))
    ods(P("deep.ods"), ods_content(ods_row(HEADER) + ods_row(GOOD) + "<text:p>" * n + "</text:p>" * n))
    # a sheet whose XML breaks off after its third row (the zip itself is whole)
    rows = [HEADER] + [GOOD] * 40
    s = xlsx_sheet(rows)
    xlsx(P("broken.xlsx"), s[:s.index('<row r="4">') + 30])
    c = ods_content(ods_row(HEADER) + ods_row(GOOD) * 40)
    ods(P("broken.ods"), c[:c.index("<table:table-row>", c.index("<table:table-row>") + 1) + 300])
    # every row invalid (a wrong check digit)
    bad = list(GOOD)
    bad[4] = "8936012345675"
    xlsx(P("invalid.xlsx"), xlsx_sheet([HEADER, bad, bad]))


def body(kind, out):
    with open(out, "wb") as f:
        if kind == "brackets":
            f.write(b"[" * 100000)
        elif kind == "objects":
            f.write(b'{"a":' * 60000)
        elif kind == "members":
            f.write(("{%s}" % ", ".join('"k%d": "v"' % i for i in range(1000))).encode())
        elif kind == "form":
            f.write("&".join("k%06d=v" % i for i in range(160000)).encode())
        else:
            sys.exit("abuse.py body: unknown kind " + kind)


def csv_file(out, copies, rows=1):
    with open(out, "w", encoding="utf-8") as f:
        f.write(",".join(HEADER + ["copies"]) + "\n")
        for _ in range(rows):
            f.write(",".join('"%s"' % v for v in GOOD) + ",%s\n" % copies)


# ---------------------------------------------------------------- clients

def connect(port, bind=None, timeout=20):
    s = socket.socket()
    if bind:
        s.bind((bind, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s


def read_answer(s, deadline):
    """What the server sends until it closes or until the deadline; b"" when nothing."""
    got = b""
    while time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            break
        try:
            b = s.recv(65536)
        except OSError:
            break
        if not b:
            break
        got += b
        # a whole answer with a Content-Length: done
        if b"\r\n\r\n" in got:
            head, rest = got.split(b"\r\n\r\n", 1)
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:") and len(rest) >= int(line.split(b":")[1]):
                    return got
    return got


def status_of(answer):
    parts = answer.split(b" ", 2)
    return parts[1].decode() if len(parts) > 1 and answer.startswith(b"HTTP/") else "000"


def raw(port, out, timeout=20.0, bind=None):
    req = sys.stdin.buffer.read()
    t0 = time.monotonic()
    s = connect(port, bind, timeout)
    try:
        s.sendall(req)
    except OSError:
        pass
    got = read_answer(s, t0 + timeout)
    s.close()
    with open(out, "wb") as f:
        f.write(got.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in got else got)
    print(status_of(got), "%.1f" % (time.monotonic() - t0))


def chunked(port, path, cap):
    """Sends chunks until the server answers or closes; never more than cap bytes, never past 20 s."""
    t0 = time.monotonic()
    s = connect(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    s.sendall(("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\n\r\n" % (path, port)).encode())
    data = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
    sent, got, broken = 0, b"", False
    s.setblocking(False)
    while sent < cap and time.monotonic() - t0 < 20:
        r, w, _ = select.select([s], [s], [], 1)
        if r:
            break
        if w:
            try:
                sent += s.send(data)
            except BlockingIOError:
                pass
            except OSError:
                broken = True
                break
    s.setblocking(True)
    got = read_answer(s, time.monotonic() + 5)
    # closed: the answer is followed by the end of the stream (or a reset), not by silence
    closed = broken
    if not closed:
        try:
            s.settimeout(5)
            closed = s.recv(1) == b""
        except socket.timeout:
            closed = False
        except OSError:
            closed = True
    s.close()
    print(status_of(got), sent, "closed" if closed else "open")


def hold(port, n, mib):
    socks, statuses = [], []
    piece = b'{"name": "' + b"x" * ((1 << 20) - 10)
    for _ in range(n):
        s = connect(port, timeout=10)
        s.sendall(("POST /api/label HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                   "Content-Length: %d\r\n\r\n" % (port, (mib + 4) << 20)).encode())
        socks.append(s)
    for s in socks:
        s.setblocking(False)
    left = {s: mib << 20 for s in socks}
    t0 = time.monotonic()
    while left and time.monotonic() - t0 < 20:
        _, w, _ = select.select([], list(left), [], 1)
        for s in w:
            try:
                k = s.send(piece[:min(len(piece), left[s])])
            except BlockingIOError:
                continue
            except OSError:
                del left[s]  # refused: the server closed it
                continue
            left[s] -= k
            if left[s] <= 0:
                del left[s]
    for s in socks:
        s.setblocking(True)
        got = read_answer(s, time.monotonic() + 0.5)
        statuses.append(status_of(got))
    print("answered=%d statuses=%s" % (sum(st != "000" for st in statuses), ",".join(sorted(statuses))))
    sys.stdout.flush()
    # the bodies stay unfinished until the test has measured the server
    t0 = time.monotonic()
    while not os.path.exists("hold.release") and time.monotonic() - t0 < 30:
        time.sleep(0.05)
    for s in socks:
        s.close()


def slowloris(port, n):
    socks, refused = [], 0
    for i in range(n):
        try:
            s = connect(port, "127.0.0.2", 5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Slow-%d: " % (port, i))
            socks.append(s)
        except OSError:
            refused += 1
    # a normal request from another address meanwhile
    t0 = time.monotonic()
    try:
        c = connect(port, "127.0.0.1", 10)
        c.sendall(b"GET /api/fields HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port)
        status = status_of(read_answer(c, t0 + 10))
        c.close()
    except OSError:
        status = "000"
    seconds = time.monotonic() - t0
    # how many the server still holds open: those past the per-client limit are closed at once
    def still_open():
        k = 0
        for s in socks:
            r, _, _ = select.select([s], [], [], 0)
            if not r:
                k += 1
                continue
            try:
                if s.recv(1, socket.MSG_PEEK):
                    k += 1
            except OSError:
                pass
        return k
    t1 = time.monotonic()
    k = still_open()
    while k > 16 and time.monotonic() - t1 < 3:
        time.sleep(0.1)
        k = still_open()
    for s in socks:
        s.close()
    print("open=%d status=%s seconds=%.1f refused=%d" % (k, status, seconds, refused))


def trickle(port):
    t0 = time.monotonic()
    s = connect(port, "127.0.0.3", 5)
    s.sendall(b"GET /api/fields HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
    for i in range(30):
        r, _, _ = select.select([s], [], [], 1)
        if r:
            try:
                if s.recv(1) == b"":
                    break
            except OSError:
                break
            continue
        try:
            s.sendall(b"X-Line-%d: 1\r\n" % i)
        except OSError:
            break
    else:
        print("held")
        return
    s.close()
    print("%.0f" % (time.monotonic() - t0))


def tell(portfile, port):
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)


def sleeper(portfile, wake, out, accepted):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    s.settimeout(LIMIT)
    tell(portfile, s.getsockname()[1])
    c, _ = s.accept()
    if accepted:
        open(accepted, "w").close()
    t0 = time.monotonic()
    while not os.path.exists(wake) and time.monotonic() - t0 < LIMIT:
        time.sleep(0.05)
    # awake: everything the sender's kernel still delivers, until the end, a reset or 5 s of silence
    n = 0
    c.settimeout(5)
    while True:
        try:
            b = c.recv(65536)
        except OSError:
            break
        if not b:
            break
        n += len(b)
    with open(out + ".tmp", "w") as f:
        f.write("%d\n" % n)
    os.rename(out + ".tmp", out)


def maxrss(out, cmd):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    _, st = os.waitpid(pid, 0)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as f:
        f.write("%d %d %.1f\n" % (os.waitstatus_to_exitcode(st), ru.ru_maxrss, time.monotonic() - t0))


def main():
    a = sys.argv[1:]
    cmd = a[0] if a else ""
    if cmd == "body":
        body(a[1], a[2])
    elif cmd == "csv":
        csv_file(a[1], a[2], int(a[3]) if len(a) > 3 else 1)
    elif cmd == "ods-amplify":
        ods_amplify(a[1], int(a[2]) if len(a) > 2 else 5000)
    elif cmd == "ods-repeat":
        ods_repeat(a[1])
    elif cmd == "xlsx-comments":
        xlsx_comments(a[1], int(a[2]))
    elif cmd == "hostile":
        hostile(a[1])
    elif cmd == "raw":
        opts = dict(zip(a[3::2], a[4::2]))
        raw(int(a[1]), a[2], float(opts.get("--timeout", 20)), opts.get("--bind"))
    elif cmd == "chunked":
        chunked(int(a[1]), a[2], int(a[3]))
    elif cmd == "hold":
        hold(int(a[1]), int(a[2]), int(a[3]))
    elif cmd == "slowloris":
        slowloris(int(a[1]), int(a[2]))
    elif cmd == "trickle":
        trickle(int(a[1]))
    elif cmd == "sleeper":
        sleeper(a[1], a[2], a[3], a[4] if len(a) > 4 else None)
    elif cmd == "maxrss":
        maxrss(a[1], a[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

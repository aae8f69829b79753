#!/usr/bin/python3
"""A stand-in for `ocoplabel serve` that follows docs/HTTP.md, for working on the page
(tests/page.py --mock starts it; the test suite, tests/page.sh, uses the real server).

  tests/mock_server.py --binary build/src/cli/ocoplabel [--port N] [--token T]
                       [--printer NAME=URI ...] [--max-upload BYTES]

It listens on 127.0.0.1 only (port 0: any free port) and prints the address to open as its
first line of standard output. The page's assets come from src/serve/assets/; labels, checks,
rows and batches come from the real `ocoplabel` binary (render, url, check, batch), so the
previews are real labels and the messages are the CLI's. What a mock cannot know it fakes:
problem codes are guessed from the message, /api/rows reads CSV and XLSX (openpyxl) but not
ODS, and --printer NAME=URI lists a pretend CUPS queue that prints to URI.
"""
import argparse
import csv
import email.parser
import email.policy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "..", "src", "serve", "assets")

# The field table of src/core/fields.c, as GET /api/fields gives it (copies among the "columns").
GROUPS = ["Thực phẩm", "Đồ uống", "Thảo dược", "Thủ công mỹ nghệ", "Sinh vật cảnh", "Dịch vụ du lịch cộng đồng"]
FIELDS = [
    # name, heading, other headings, what, required, kind
    ("name", "Tên sản phẩm", ["Tên SP", "Sản phẩm"], "the product name", True, "text"),
    ("producer", "Chủ thể", ["Cơ sở sản xuất", "Tên chủ thể", "Nhà sản xuất"],
     "the producer (cooperative or enterprise)", True, "text"),
    ("address", "Địa chỉ", ["Địa chỉ chủ thể"], "the producer's address", True, "text"),
    ("stars", "Hạng sao", ["Số sao", "Xếp hạng", "Hạng"], "the OCOP star rating", True, "number"),
    ("gtin", "Mã vạch", ["Mã GTIN", "EAN", "EAN13", "EAN 13", "Mã số mã vạch"],
     "the barcode number (GTIN, 13 digits)", True, "number"),
    ("growing_area", "Mã số vùng trồng", ["Vùng trồng", "PUC"], "growing-area code", True, "code"),
    ("packing_facility", "Mã số cơ sở đóng gói", ["Mã số CSĐG", "Cơ sở đóng gói", "PHC"],
     "packing-facility code", True, "code"),
    ("product_group", "Nhóm sản phẩm", ["Nhóm", "Nhóm ngành", "Ngành", "Nhóm OCOP"], "the product group", False,
     "choice"),
    ("trace_url", "URL truy xuất", ["Link truy xuất", "Đường dẫn truy xuất"], "the traceability URL", False, "url"),
    ("lot", "Số lô", ["Lô", "Lô sản xuất"], "the lot number", False, "gs1"),
    ("serial", "Số seri", ["Số sê ri", "Số serial", "Mã seri"], "the serial number", False, "gs1"),
    ("variant", "", [], "the consumer product variant", False, "gs1"),
    ("production_date", "NSX", ["Ngày sản xuất"], "the production date", False, "date"),
    ("expiry_date", "HSD", ["Hạn sử dụng"], "the expiry date", False, "date"),
    ("net_quantity", "Khối lượng tịnh", ["Khối lượng", "KL tịnh", "Thể tích thực"], "the net quantity", False,
     "text"),
    ("origin", "Xuất xứ", [], "the origin", False, "text"),
    ("ingredients", "Thành phần", ["Thành phần nguyên liệu", "Nguyên liệu"], "the list of ingredients", False,
     "text"),
    ("instructions", "Hướng dẫn sử dụng, bảo quản",
     ["Hướng dẫn sử dụng và bảo quản", "Hướng dẫn sử dụng", "Hướng dẫn bảo quản", "HDSD", "Hướng dẫn"],
     "the text of the instructions", False, "text"),
    ("warnings", "Cảnh báo", ["Cảnh báo an toàn", "Lưu ý", "Thông tin cảnh báo"], "the text of the warnings", False,
     "text"),
    ("ocop_cert_date", "Ngày chứng nhận", ["Ngày cấp chứng nhận", "Ngày chứng nhận OCOP"],
     "the OCOP certificate date", False, "date"),
    ("ocop_cert_no", "Số giấy chứng nhận", ["Số chứng nhận", "Số GCN", "Số giấy chứng nhận OCOP"],
     "the OCOP certificate number", False, "text"),
    ("copies", "Số lượng", ["Số bản"], "the number of labels", False, "number"),
]
# each field's name in words (label, label_en), as the page shows it
LABELS = {
    "name": ("Tên sản phẩm", "Product name"),
    "producer": ("Chủ thể", "Producer"),
    "address": ("Địa chỉ", "Address"),
    "stars": ("Hạng sao", "Star rating"),
    "gtin": ("Mã số mã vạch (GTIN)", "Barcode number (GTIN)"),
    "growing_area": ("Mã số vùng trồng", "Growing-area code"),
    "packing_facility": ("Mã số cơ sở đóng gói", "Packing-facility code"),
    "product_group": ("Nhóm sản phẩm", "Product group"),
    "trace_url": ("URL truy xuất", "Traceability URL"),
    "lot": ("Số lô", "Lot number"),
    "serial": ("Số seri", "Serial number"),
    "variant": ("Biến thể", "Product variant"),
    "production_date": ("Ngày sản xuất", "Production date"),
    "expiry_date": ("Hạn sử dụng", "Expiry date"),
    "net_quantity": ("Khối lượng tịnh", "Net quantity"),
    "origin": ("Xuất xứ", "Origin"),
    "ingredients": ("Thành phần", "Ingredients"),
    "instructions": ("Hướng dẫn sử dụng, bảo quản", "Instructions for use and storage"),
    "warnings": ("Cảnh báo", "Warnings"),
    "ocop_cert_date": ("Ngày chứng nhận", "OCOP certificate date"),
    "ocop_cert_no": ("Số giấy chứng nhận", "OCOP certificate number"),
    "copies": ("Số lượng", "Number of labels"),
}
COLUMNS = {"copies"}  # product-file columns that are not record fields
FIELD_NAMES = {f[0] for f in FIELDS}
URL_FIELDS = ["gtin", "variant", "lot", "serial", "production_date", "expiry_date", "growing_area",
              "packing_facility", "trace_url"]
# request keys that are options, not record fields
OPTIONS = {"format", "template", "dpi", "today", "printer_profile", "printer_codes", "copies", "printer",
           "timeout", "sheet", "first", "serialize", "serial_start", "serial_format", "worksheet", "skip_hidden"}
FORMATS = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml",
           "tspl": "application/vnd.ocoplabel.tspl", "zpl": "application/vnd.ocoplabel.zpl"}


def fold(s):
    """ocop_fold(): lower case, accents off, runs of space, '_' and '-' as one space."""
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_\-\ufeff]+", s.lower())).strip()


HEADINGS = {}
for _f in FIELDS:
    for _h in [_f[1]] + _f[2]:
        if _h:
            HEADINGS.setdefault(fold(_h), _f[0])
for _f in FIELDS:
    HEADINGS.setdefault(fold(_f[0]), _f[0])


def guess_code(message):
    m = message.lower()
    for words, code in (("check digit", "check_digit"), ("is required", "required"), ("missing", "required"),
                        ("in the future", "future"), ("expired", "expired"), ("expires", "expires_soon"),
                        ("decree 43", "decree43"), ("star", "stars"), ("digits", "length"), ("date", "date")):
        if words in m:
            return code
    return "invalid"


def diagnostics(stderr):
    """The CLI's 'FIELD: message' and 'warning: FIELD: message' lines; 'ocoplabel: ...' lines apart."""
    errors, warnings, other = [], [], []
    for line in stderr.splitlines():
        m = re.match(r"^(warning: )?([a-z_][a-z0-9_]*): (.*)$", line)
        if m and m.group(2) != "ocoplabel":
            d = {"field": m.group(2), "code": guess_code(m.group(3)), "message": m.group(3)}
            (warnings if m.group(1) else errors).append(d)
        elif line.startswith("ocoplabel: ") and "label not written" not in line:
            other.append(line[len("ocoplabel: "):])
    return errors, warnings, other


class Mock:
    def __init__(self, args):
        self.binary = os.path.abspath(args.binary) if os.sep in args.binary else args.binary
        self.token = args.token
        self.max_upload = args.max_upload
        self.printers = []
        for p in args.printer or []:
            name, _, uri = p.partition("=")
            self.printers.append({"name": name, "state": "idle", "accepting": True, "uri": uri,
                                  "description": "mock queue printing to " + uri, "default": not self.printers})
        self.reports = {}
        self.lock = threading.Lock()

    def run(self, *argv, timeout=120):
        return subprocess.run([self.binary, *argv], capture_output=True, timeout=timeout)

    def templates(self):
        out = self.run("templates").stdout.decode()
        templates, sheets, profiles, part = [], [], [], None
        for line in out.splitlines():
            if line.startswith("Label templates"):
                part = "t"
            elif line.startswith("Sheet layouts"):
                part = "s"
            elif line.startswith("Printer profiles"):
                part = "p"
            elif line.startswith("  ") and part == "t":
                m = re.match(r"\s+(\S+)\s+([\d.]+) x ([\d.]+)\s+mm\s+(.*)", line)
                if m:
                    templates.append({"name": m[1], "width_mm": float(m[2]), "height_mm": float(m[3]),
                                      "description": m[4]})
            elif line.startswith("  ") and part == "s":
                m = re.match(r"\s+(\S+)\s+(\d+) labels?\s+(.*?)(?: \(template (\S+)\))?$", line)
                if m:
                    sheets.append({"name": m[1], "labels": int(m[2]), "description": m[3], "template": m[4] or ""})
            elif line.startswith("  ") and part == "p":
                m = re.match(r"\s+(\S+)\s+(TSPL|ZPL)\s+(\d+) dpi\s+(.*)", line)
                if m:
                    profiles.append({"name": m[1], "language": m[2].lower(), "dpi": int(m[3]), "description": m[4]})
        return {"templates": templates, "sheets": sheets, "printer_profiles": profiles}

    def printer_list(self):
        if self.printers:
            return {"printers": self.printers}
        r = self.run("printers", timeout=20)
        if r.returncode != 0:
            return {"printers": [], "error": r.stderr.decode().strip().removeprefix("ocoplabel: ")}
        printers = []
        for line in r.stdout.decode().splitlines():
            parts = line.split()
            if parts:
                default = parts[0] == "*"
                parts = parts[1:] if default else parts
                printers.append({"name": parts[0], "state": parts[1] if len(parts) > 1 else "", "accepting": True,
                                 "uri": "", "description": " ".join(parts[2:]), "default": default})
        return {"printers": printers}

    def destination(self, name):
        for p in self.printers:
            if p["name"] == name:
                return p["uri"]
        return name


def record_argv(fields):
    return [f"{k}={v}" for k, v in fields.items() if k not in OPTIONS and v != ""]


def label_options(fields, with_format=True):
    argv = []
    fmt = fields.get("format") or "pdf"
    if with_format:
        argv += ["--format", fmt]
    for key, flag in (("template", "-t"), ("dpi", "--dpi"), ("today", "--today"),
                      ("printer_profile", "--printer-profile")):
        if fields.get(key):
            argv += [flag, fields[key]]
    if fields.get("printer_codes") in ("1", "true", "on"):
        argv.append("--printer-codes")
    return argv


def batch_options(fields):
    argv = label_options(fields, with_format=False)
    for key, flag in (("sheet", "--sheet"), ("first", "--first"), ("copies", "--copies"),
                      ("serial_start", "--serial-start"), ("serial_format", "--serial-format"),
                      ("worksheet", "--worksheet")):
        if fields.get(key):
            argv += [flag, fields[key]]
    if fields.get("serialize") in ("1", "true", "on"):
        argv.append("--serialize")
    if fields.get("skip_hidden") in ("1", "true", "on"):
        argv.append("--skip-hidden")
    return argv


def summary(stderr):
    counts = {"rows": 0, "valid": 0, "rejected": 0, "labels": 0}
    m = re.search(r"(\d+) rows?, (\d+) valid, (\d+) rejected", stderr)
    if m:
        counts.update(rows=int(m[1]), valid=int(m[2]), rejected=int(m[3]))
    m = re.search(r"(\d+) labels? (?:on|written)", stderr)
    if m:
        counts["labels"] = int(m[1])
    return counts


def file_problems(stderr, path):
    """FILE:LINE: [warning: ]FIELD: message lines of check and batch, by line."""
    problems, general = [], []
    p = re.escape(path)
    for line in stderr.splitlines():
        m = re.match(rf"^{p}:(\d+): (warning: )?([a-z_][a-z0-9_]*): (.*)$", line)
        if m:
            problems.append({"row": int(m[1]), "field": m[3], "code": guess_code(m[4]), "message": m[4],
                             "severity": "warning" if m[2] else "error"})
            continue
        m = re.match(rf"^{p}: (warning: )?(.*)$", line)
        if m:
            general.append(m[2])
        elif line.startswith("ocoplabel: "):
            general.append(line[len("ocoplabel: "):])
    return problems, general


def cell_text(v):
    import datetime
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return str(v)


def read_table(path, data, worksheet):
    """(header, [(row number, values)]) of a CSV or XLSX file; None for another kind."""
    if data[:2] == b"PK":
        try:
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:
            return None
        if worksheet:
            ws = wb.worksheets[int(worksheet) - 1] if worksheet.isdigit() and int(worksheet) <= len(
                wb.worksheets) else wb[worksheet] if worksheet in wb.sheetnames else None
        else:
            ws = wb.worksheets[0]
        if ws is None:
            return None
        header, rows = None, []
        for i, r in enumerate(ws.iter_rows(values_only=True), start=1):
            values = [cell_text(v) for v in r]
            if not any(values):
                continue
            if header is None:
                header = values
            else:
                rows.append((i, values))
        return header or [], rows
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    sep = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header, rows, line = None, [], 1
    for r in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in r):
            continue
        if header is None:
            header = r
        else:
            rows.append((start, r))
    return header or [], rows


class Handler(BaseHTTPRequestHandler):
    server_version = "ocoplabel-mock"
    mock: Mock = None

    def log_message(self, fmt, *args):
        if os.environ.get("MOCK_LOG"):
            sys.stderr.write("mock: " + fmt % args + "\n")

    # replies
    def send(self, status, body, ctype, headers=()):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page aborted the request (a newer preview started)

    def json(self, status, obj, headers=()):
        self.send(status, json.dumps(obj, ensure_ascii=False).encode(), "application/json; charset=utf-8", headers)

    def error(self, status, message):
        self.json(status, {"error": message})

    # the rules every request follows
    def allowed(self):
        port = self.server.server_address[1]
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self.error(403, f"Host '{host}' is not this server")
            return False
        origin = self.headers.get("Origin")
        if self.command == "POST" and origin is not None and origin not in (
                f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            self.error(403, f"Origin '{origin}' is not this server")
            return False
        # The page and its assets are loaded by the browser without a header; only the API needs the token.
        if self.mock.token and self.path.startswith("/api/"):
            if self.headers.get("Authorization") != "Bearer " + self.mock.token:
                self.error(401, "this server needs its token: open the address it printed, with ?token=")
                return False
        return True

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > self.mock.max_upload:
            self.error(413, f"the request body of {n} bytes is over the limit of {self.mock.max_upload}")
            self.close_connection = True
            return None
        data = self.rfile.read(n)
        ctype = self.headers.get("Content-Type", "")
        fields, files = {}, {}
        try:
            if ctype.startswith("application/json"):
                obj = json.loads(data or b"{}")
                if not isinstance(obj, dict):
                    raise ValueError("a JSON object is needed")
                fields = {k: "" if v is None else str(v) for k, v in obj.items()}
            elif ctype.startswith("multipart/form-data"):
                msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                    b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + data)
                if not msg.is_multipart():
                    raise ValueError("a multipart body without its parts")
                for part in msg.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    filename = part.get_filename()
                    payload = part.get_payload(decode=True) or b""
                    if filename is not None:
                        files[name] = (filename, payload)
                    else:
                        fields[name] = payload.decode("utf-8")
            else:
                fields = dict(parse_qsl(data.decode("utf-8"), keep_blank_values=True))
        except (ValueError, UnicodeDecodeError) as e:
            self.error(400, f"malformed request: {e}")
            return None
        fmt = fields.get("format")
        if fmt and fmt not in FORMATS:
            self.error(400, f"unknown format '{fmt}' (pdf, png, svg, tspl or zpl)")
            return None
        return fields, files

    # methods
    def do_GET(self):
        if not self.allowed():
            return
        path = urlsplit(self.path).path
        assets = {"/": ("index.html", "text/html; charset=utf-8"),
                  "/assets/app.js": ("app.js", "text/javascript; charset=utf-8"),
                  "/assets/style.css": ("style.css", "text/css; charset=utf-8")}
        if path in assets:
            name, ctype = assets[path]
            with open(os.path.join(ASSETS, name), "rb") as f:
                return self.send(200, f.read(), ctype)
        if path == "/api/fields":
            def entry(f):
                return {"name": f[0], "heading": f[1], "label": LABELS[f[0]][0], "label_en": LABELS[f[0]][1],
                        "what": f[3], "required": f[4], "kind": f[5], "choices": GROUPS if f[5] == "choice" else []}
            return self.json(200, {"fields": [entry(f) for f in FIELDS if f[0] not in COLUMNS],
                                   "columns": [entry(f) for f in FIELDS if f[0] in COLUMNS]})
        if path == "/api/templates":
            return self.json(200, self.mock.templates())
        if path == "/api/printers":
            return self.json(200, self.mock.printer_list())
        m = re.match(r"^/api/report/([0-9a-f]+)$", path)
        if m:
            with self.mock.lock:
                report = self.mock.reports.get(m[1])
            return self.json(200, report) if report else self.error(404, "no such report (kept 10 minutes)")
        if path in ("/api/check", "/api/label", "/api/batch", "/api/rows", "/api/print"):
            return self.error(405, "use POST")
        return self.error(404, "not found")

    do_HEAD = do_GET

    def do_POST(self):
        if not self.allowed():
            return
        path = urlsplit(self.path).path
        handlers = {"/api/check": self.check, "/api/label": self.label, "/api/batch": self.batch,
                    "/api/rows": self.rows, "/api/print": self.print_}
        if path not in handlers:
            known = path in ("/", "/assets/app.js", "/assets/style.css", "/api/fields", "/api/templates",
                             "/api/printers") or path.startswith("/api/report/")
            return self.error(405 if known else 404, "use GET" if known else "not found")
        parsed = self.body()
        if parsed is not None:
            handlers[path](*parsed)

    def check(self, fields, files):
        mock = self.mock
        r = mock.run("render", "-o", "-", *label_options(fields), *record_argv(fields))
        errors, warnings, other = diagnostics(r.stderr.decode())
        errors += [{"field": "", "code": "invalid", "message": m} for m in other]
        url_argv = [f"{k}={fields[k]}" for k in URL_FIELDS if fields.get(k)]
        u = mock.run("url", *(["-t", fields["template"]] if fields.get("template") else []), *url_argv)
        url = u.stdout.decode().strip() if u.returncode == 0 else None
        self.json(200, {"ok": r.returncode == 0, "errors": errors, "warnings": warnings, "url": url})

    def label(self, fields, files):
        fmt = fields.get("format") or "pdf"
        r = self.mock.run("render", "-o", "-", *label_options(fields), *record_argv(fields))
        if r.returncode == 0:
            name = re.sub(r"[^A-Za-z0-9._-]", "_", fields.get("gtin") or "label") + "." + fmt
            return self.send(200, r.stdout, FORMATS[fmt], [("Content-Disposition", f'inline; filename="{name}"')])
        errors, _, other = diagnostics(r.stderr.decode())
        if r.returncode == 1 and errors:
            return self.json(422, {"errors": errors})
        self.error(400, "; ".join(other) or r.stderr.decode().strip())

    def upload(self, files, tmp):
        if "file" not in files:
            self.error(400, "the form has no 'file'")
            return None
        filename, data = files["file"]
        base = re.sub(r"[^\w.\- ]", "_", os.path.basename(filename or "products")) or "products"
        path = os.path.join(tmp, base)
        with open(path, "wb") as f:
            f.write(data)
        return path, data

    def rows(self, fields, files):
        with tempfile.TemporaryDirectory() as tmp:
            up = self.upload(files, tmp)
            if not up:
                return
            path, data = up
            argv = []
            for key, flag in (("template", "-t"), ("worksheet", "--worksheet"), ("today", "--today")):
                if fields.get(key):
                    argv += [flag, fields[key]]
            if fields.get("skip_hidden") in ("1", "true", "on"):
                argv.append("--skip-hidden")
            r = self.mock.run("check", *argv, path)
            stderr = r.stderr.decode() + r.stdout.decode()  # the summary is on standard output
            problems, general = file_problems(stderr, path)
            if r.returncode == 2:
                return self.error(400, "; ".join(general) or stderr.strip())
            table = read_table(path, data, fields.get("worksheet"))
            if table is None:
                return self.error(400, "the mock server lists the rows of CSV and XLSX files only")
            header, rows = table
            by_row = {}
            for p in problems:
                by_row.setdefault(p["row"], []).append({k: p[k] for k in ("field", "code", "message", "severity")})
            listed = [{"row": n, "values": values, "problems": by_row.get(n, [])} for n, values in rows[:2000]]
            self.json(200, {"header": header, "fields": [HEADINGS.get(fold(h)) for h in header], "rows": listed,
                            "counts": {k: v for k, v in summary(stderr).items() if k != "labels"},
                            "truncated": len(rows) > 2000})

    def batch(self, fields, files):
        fmt = fields.get("format") or "pdf"
        if fmt == "svg":
            return self.error(400, "a batch is pdf, tspl, zpl or png (a zip of PNG files)")
        with tempfile.TemporaryDirectory() as tmp:
            up = self.upload(files, tmp)
            if not up:
                return
            path, _ = up
            out = os.path.join(tmp, "out" if fmt == "png" else "out." + fmt)
            r = self.mock.run("batch", "--format", fmt, *batch_options(fields), path, "-o", out)
            stderr = r.stderr.decode() + r.stdout.decode()  # the summary is on standard output
            problems, general = file_problems(stderr, path)
            counts = summary(stderr)
            errors = [p for p in problems if p["severity"] == "error"]
            if r.returncode == 2 or not os.path.exists(out):
                if r.returncode == 1 and counts["valid"] == 0:
                    return self.json(422, {"error": "no row is valid", "rows": errors})
                return self.error(400, "; ".join(general) or stderr.strip())
            rid = uuid.uuid4().hex
            with self.mock.lock:
                self.mock.reports[rid] = {**{k: counts[k] for k in ("rows", "valid", "rejected")},
                                          "problems": [{k: p[k] for k in ("row", "field", "code", "message")}
                                                       for p in errors]}
                while len(self.mock.reports) > 32:
                    self.mock.reports.pop(next(iter(self.mock.reports)))
            stem = os.path.splitext(os.path.basename(path))[0]
            if fmt == "png":
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w") as z:
                    for name in sorted(os.listdir(out)):
                        z.write(os.path.join(out, name), name)
                body, ctype, name = buf.getvalue(), "application/zip", stem + ".zip"
            else:
                with open(out, "rb") as f:
                    body = f.read()
                ctype, name = FORMATS[fmt], f"{stem}.{fmt}"
            headers = [("Content-Disposition", f'attachment; filename="{name}"'),
                       ("X-Ocoplabel-Rows", str(counts["rows"])), ("X-Ocoplabel-Valid", str(counts["valid"])),
                       ("X-Ocoplabel-Rejected", str(counts["rejected"])),
                       ("X-Ocoplabel-Labels", str(counts["labels"])), ("X-Ocoplabel-Report", "/api/report/" + rid)]
            self.send(200, body, ctype, headers)

    def print_(self, fields, files):
        if not fields.get("printer"):
            return self.error(400, "no printer given")
        fmt = fields.get("format") or "pdf"
        dest = self.mock.destination(fields["printer"])
        with tempfile.TemporaryDirectory() as tmp:
            if "file" in files:
                up = self.upload(files, tmp)
                if not up:
                    return
                path = up[0]
            else:
                # one label: a one-row product file, so that copies work as in a batch
                path = os.path.join(tmp, "label.csv")
                record = {k: v for k, v in fields.items() if k not in OPTIONS and v != ""}
                with open(path, "w", encoding="utf-8", newline="") as f:
                    w = csv.writer(f)
                    w.writerow(record.keys())
                    w.writerow(record.values())
            out = os.path.join(tmp, "job." + fmt)
            argv = ["--format", fmt, *batch_options(fields), "--printer", dest, "-o", out]
            if fields.get("timeout"):
                argv += ["--timeout", fields["timeout"]]
            r = self.mock.run("batch", *argv, path)
            stderr = r.stderr.decode() + r.stdout.decode()
            problems, general = file_problems(stderr, path)
            counts = summary(stderr)
            errors = [{k: p[k] for k in ("field", "code", "message")} for p in problems if p["severity"] == "error"]
            if "file" not in files and errors:
                return self.json(422, {"errors": errors})
            if r.returncode != 0 and (r.returncode == 2 or counts["valid"] == 0):
                return self.json(502, {"error": "; ".join(general) or stderr.strip()})
            self.json(200, {"sent": os.path.getsize(out) if os.path.exists(out) else 0, "printer": fields["printer"],
                            "labels": counts["labels"]})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", required=True, help="the ocoplabel program")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token")
    ap.add_argument("--printer", action="append", metavar="NAME=URI", help="a pretend CUPS queue")
    ap.add_argument("--max-upload", type=int, default=32 * 1024 * 1024)
    args = ap.parse_args()
    if os.sep not in args.binary and not shutil.which(args.binary):
        sys.exit(f"mock_server.py: no program '{args.binary}'")
    Handler.mock = Mock(args)
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    url = f"http://127.0.0.1:{httpd.server_address[1]}/" + (f"?token={args.token}" if args.token else "")
    print(url, flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()

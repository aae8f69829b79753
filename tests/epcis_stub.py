#!/usr/bin/python3
"""ocoplabel tests: a stub of an EPCIS 2.0 repository's capture interface (EPCIS 2.0, 12.x, the REST
binding's /capture: POST an EPCIS document, 202 Accepted with the capture job's Location, GET the job for
its status: captureID, running, success, errors; a 4xx with an RFC 7807 problem document).

    epcis_stub.py DIR        listens on 127.0.0.1 at a free port; writes DIR/port when it listens, and
                             every request it receives to DIR/requests.jsonl (method, path, headers,
                             the body's SHA-256 and length)

The first part of the path chooses how it answers:
    /ok/capture        202 + Location /ok/capture/N; the job is "running" on the first look, then
                       finished with success
    /fail/capture      202 + Location; the job ends with success false and a problem in "errors"
    /bad/capture       400 application/problem+json (type epcisException:ValidationException)
    /auth/capture      401 problem unless "Authorization: Bearer secret-token", then as /ok
    /noloc/capture     202 without a Location
    /silent/capture    reads the request and never answers (the client's timeout must end it)
It stops on SIGTERM.
"""
import hashlib
import http.server
import json
import os
import signal
import sys
import threading
import time

out = sys.argv[1]
lock = threading.Lock()
jobs = {}  # id -> looks so far


def log(handler, body):
    rec = {"method": handler.command, "path": handler.path, "headers": dict(handler.headers.items()),
           "sha256": hashlib.sha256(body).hexdigest(), "length": len(body)}
    with lock, open(os.path.join(out, "requests.jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, obj=None, ctype="application/json", headers=()):
        data = json.dumps(obj).encode() if obj is not None else b""
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if obj is not None:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def problem(self, status, title, detail, kind):
        self.answer(status, {"type": "epcisException:" + kind, "title": title, "status": status,
                             "detail": detail, "instance": self.path}, "application/problem+json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        log(self, body)
        mode = self.path.strip("/").split("/")[0]
        if not self.path.endswith("/capture"):
            return self.problem(404, "Not found", "no such resource", "ResourceNotFoundException")
        if self.headers.get("GS1-EPCIS-Version") != "2.0.0":
            return self.problem(406, "Version not supported", "GS1-EPCIS-Version", "NotAcceptableException")
        if mode == "silent":
            time.sleep(3600)
            return
        if mode == "bad":
            return self.problem(400, "Invalid EPCIS document",
                                "eventList/0/bizStep: not a CBV business step", "ValidationException")
        if mode == "auth" and self.headers.get("Authorization") != "Bearer secret-token":
            return self.problem(401, "Unauthorized", "a valid bearer token is required", "SecurityException")
        try:
            json.loads(body)
        except ValueError:
            return self.problem(400, "Not JSON", "the body is not JSON", "ValidationException")
        if mode == "noloc":
            return self.answer(202)
        with lock:
            n = len(jobs) + 1
            jobs[n] = 0
        self.answer(202, headers=[("Location", "/%s/capture/%d" % (mode, n))])

    def do_GET(self):
        log(self, b"")
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[1] != "capture" or not parts[2].isdigit() or int(parts[2]) not in jobs:
            return self.problem(404, "Not found", "no such capture job", "ResourceNotFoundException")
        n = int(parts[2])
        with lock:
            jobs[n] += 1
            looks = jobs[n]
        job = {"captureID": str(n), "createdAt": "2026-12-07T10:00:00Z", "running": looks < 2,
               "captureErrorBehaviour": "rollback", "errors": []}
        if looks >= 2:
            job["finishedAt"] = "2026-12-07T10:00:01Z"
            job["success"] = parts[0] != "fail"
            if parts[0] == "fail":
                job["errors"] = [{"type": "epcisException:CaptureLimitExceededException",
                                  "title": "Capture limit exceeded", "status": 413,
                                  "detail": "the repository takes 1 event at a time"}]
        else:
            job["success"] = True
        self.answer(200, job)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
server.serve_forever()

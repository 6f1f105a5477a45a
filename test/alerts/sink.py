#!/usr/bin/python3
"""A webhook sink for csat-alertd's tests, on 127.0.0.1.

    sink.py PORTFILE LOGFILE [CONTROLFILE]

Listens on a free port (written to PORTFILE once listening), HTTP/1.1 with
keep-alive, one thread per connection.  Every request is appended to LOGFILE
as one JSON line {"t", "key", "status", "path", "headers", "body"} once it
is answered.  CONTROLFILE, re-read on every request, sets how to answer:

    ok           200 (also when the file is missing or empty)
    500, 429 ... that status
    hang         never answer (the client times out)
    close        close the connection without answering
    slow SECONDS answer 200 after SECONDS
    fail N MODE  answer MODE to the first N requests (counted from when
                 the mode was set), then 200
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

portfile, logfile = sys.argv[1], sys.argv[2]
control = sys.argv[3] if len(sys.argv) > 3 else None
lock = threading.Lock()
log = open(logfile, "a", buffering=1)
served = 0
last_mode = None


def mode():
    if not control:
        return ["ok"]
    try:
        with open(control) as f:
            words = f.read().split()
    except FileNotFoundError:
        return ["ok"]
    return words or ["ok"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once

    def log_message(self, *args):
        pass

    def do_POST(self):
        global served
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8", "replace")
        global last_mode
        m = mode()
        with lock:
            if m != last_mode:  # a new mode counts its requests afresh
                last_mode, served = m, 0
            served += 1
            n = served
        if m[0] == "fail":
            m = m[2:] if n <= int(m[1]) else ["ok"]
        status = 200
        if m[0] == "hang":
            time.sleep(3600)
            return
        if m[0] == "close":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if m[0] == "slow":
            time.sleep(float(m[1]))
        elif m[0] != "ok":
            status = int(m[0])
        reply = b'{"ok":true}' if status < 300 else b'{"error":"test"}'
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            self.wfile.flush()
        except OSError:  # the client went away (killed): not answered
            self.close_connection = True
            return
        rec = {"t": time.time(), "key": self.headers.get("Idempotency-Key"),
               "status": status, "path": self.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body}
        with lock:
            log.write(json.dumps(rec) + "\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


srv = Server(("127.0.0.1", 0), Handler)
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(tmp, portfile)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass

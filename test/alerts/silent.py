#!/usr/bin/python3
"""A server that accepts TCP connections on 127.0.0.1 and never answers,
for csat-alertd's tests: a database (or webhook) that hangs.

    silent.py PORTFILE

Listens on a free port (written to PORTFILE once listening), accepts every
connection, reads and discards what arrives, and never writes a byte.
"""
import os
import selectors
import socket
import sys

portfile = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(64)
srv.setblocking(False)
sel = selectors.DefaultSelector()
sel.register(srv, selectors.EVENT_READ)
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write(str(srv.getsockname()[1]))
os.rename(tmp, portfile)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is srv:
            conn, _ = srv.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ)
        else:
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:  # the client left
                sel.unregister(s)
                s.close()

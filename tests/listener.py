#!/usr/bin/python3
"""A raw-port printer for the tests (send.sh, send-cups.sh, printjob.sh, serve.sh): listens on a free
loopback port and writes the port to PORTFILE.

  listener.py receive OUT PORTFILE [--ipv6]  accepts one connection, writes every byte received to OUT, exits
  listener.py stall PORTFILE                 accepts one connection with a small receive buffer and never reads
  listener.py backlog PORTFILE               never accepts and keeps its queue full, so a connect gets no answer
  listener.py closed PORTFILE                writes a port that was free a moment ago and nothing listens on

Every mode gives up after 60 s, so a test that goes wrong cannot leave it behind for long.
"""
import os
import select
import socket
import sys
import time

LIMIT = 60


def bound(family=socket.AF_INET, host="127.0.0.1", rcvbuf=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    if rcvbuf:
        # set before listen(): accepted sockets inherit it, and the window the peer sees stays small
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((host, 0))
    return s


def tell(portfile, port):
    # written whole under a temporary name: the test waits for the file and reads it once
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)

    os.rename(portfile + ".tmp", portfile)


def main():
    mode = sys.argv[1]
    if mode == "receive":
        out, portfile = sys.argv[2], sys.argv[3]
        ipv6 = "--ipv6" in sys.argv[4:]
        s = bound(socket.AF_INET6, "::1") if ipv6 else bound()
        s.listen(1)
        s.settimeout(LIMIT)
        tell(portfile, s.getsockname()[1])
        c, _ = s.accept()
        c.settimeout(LIMIT)
        with open(out, "wb") as f:
            while True:
                b = c.recv(65536)
                if not b:
                    break
                f.write(b)
        c.close()
    elif mode == "stall":
        portfile = sys.argv[2]
        s = bound(rcvbuf=4096)
        s.listen(1)
        s.settimeout(LIMIT)
        tell(portfile, s.getsockname()[1])
        c, _ = s.accept()
        time.sleep(LIMIT)
    elif mode == "backlog":
        portfile = sys.argv[2]
        s = bound()
        s.listen(0)
        port = s.getsockname()[1]
        # fill the accept queue (backlog 0 holds one connection): the kernel then drops further SYNs
        fillers = []
        for _ in range(2):
            f = socket.socket()
            f.setblocking(False)
            f.connect_ex(("127.0.0.1", port))
            fillers.append(f)
        # the first is in the queue once its connect has completed
        select.select([], fillers[:1], [], LIMIT)
        tell(portfile, port)
        time.sleep(LIMIT)
    elif mode == "closed":
        portfile = sys.argv[2]
        s = bound()
        port = s.getsockname()[1]
        s.close()
        tell(portfile, port)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()

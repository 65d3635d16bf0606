"""A minimal FastCGI client, enough to talk to safegridd without nginx.

Used by the tests that need to hold a request half-sent (graceful shutdown).
"""
import socket
import struct

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
RESPONDER = 1


def _record(kind, request_id, content=b""):
    padding = (8 - len(content) % 8) % 8
    return (struct.pack("!BBHHBx", 1, kind, request_id, len(content), padding)
            + content + b"\0" * padding)


def _pair(name, value):
    def length(n):
        return struct.pack("!B", n) if n < 128 else struct.pack("!I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


class Request:
    """One request over its own connection; send() the body in pieces, then read()."""

    def __init__(self, host, port, params, request_id=1):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.id = request_id
        self.sock.sendall(_record(BEGIN_REQUEST, self.id, struct.pack("!HB5x", RESPONDER, 0)))
        body = b"".join(_pair(k, v) for k, v in params.items())
        self.sock.sendall(_record(PARAMS, self.id, body) + _record(PARAMS, self.id))

    def send(self, data):
        if data:
            self.sock.sendall(_record(STDIN, self.id, data))

    def finish(self):
        self.sock.sendall(_record(STDIN, self.id))

    def read(self, close=True):
        """The response's stdout bytes, up to END_REQUEST; the connection is closed
        then unless close is False (the server's own close left to observe)."""
        out, buf = b"", b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 8:
                _, kind, _, length, padding = struct.unpack("!BBHHBx", buf[:8])
                if len(buf) < 8 + length + padding:
                    break
                content, buf = buf[8:8 + length], buf[8 + length + padding:]
                if kind == STDOUT:
                    out += content
                elif kind == END_REQUEST:
                    if close:
                        self.sock.close()
                    return out
        self.sock.close()
        return out

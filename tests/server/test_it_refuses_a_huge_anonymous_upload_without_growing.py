"""A 200 MB anonymous multipart POST to the production web process gets 413, and the process's
peak memory stays within 100 MB of what it was before (issue 12, item 1: under Daphne it grew
from 112 MB to 2.7 GB). Sent once with a Content-Length and once chunked, to the upload page and
to the login page; websockets still reach Channels.
"""
from __future__ import annotations

import socket

import pytest

from tests.server.conftest import peak_rss_mb

MB = 1024 * 1024
BOUNDARY = "----probe7f3a"


def request(port: int, head: str, body: bytes = b"") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(head.encode() + body)
        return _read_response(conn)


def _read_response(conn: socket.socket) -> bytes:
    answer = b""
    try:
        while chunk := conn.recv(65536):
            answer += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def warm_up(port: int) -> None:
    """Let the process load Django, the URLs and the views before its idle size is taken."""
    for path in ("/login/", "/api/tools/openapi.json", "/documents/upload/"):
        request(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    small = multipart(b"%PDF-1.4 small")
    request(port, post_head("/documents/upload/", len(small)), small)


def multipart(content: bytes) -> bytes:
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; "
        f"filename=\"huge.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    ).encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def post_head(path: str, length: int | None) -> str:
    size = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{size}\r\n\r\n"
    )


def send_huge(port: int, path: str, *, chunked: bool, total: int = 200 * MB) -> bytes:
    """Stream a `total`-byte multipart body as a client would, stopping when the server stops
    listening; return what the server answered.
    """
    opening = multipart(b"")[: -len(f"\r\n--{BOUNDARY}--\r\n")]
    closing = f"\r\n--{BOUNDARY}--\r\n".encode()
    filler = b"%" * MB
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(post_head(path, None if chunked else total).encode())
        parts = [opening, *([filler] * ((total - len(opening) - len(closing)) // MB)), closing]
        try:
            for part in parts:
                conn.sendall(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
            if chunked:
                conn.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: read what it said
        return _read_response(conn)


@pytest.mark.parametrize("path", ["/documents/upload/", "/login/"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_it_answers_413_and_stays_small(web_server, path, chunked):
    port, pid = web_server
    warm_up(port)
    idle_peak = peak_rss_mb(pid)

    answer = send_huge(port, path, chunked=chunked)

    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"Request body too large" in answer
    grown = peak_rss_mb(pid) - idle_peak
    assert grown < 100, f"peak memory grew by {grown:.0f} MB (idle peak {idle_peak:.0f} MB)"
    # And the process is still serving.
    assert request(
        port, "GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    ).startswith(b"HTTP/1.1 ")


def test_it_still_hands_websockets_to_channels(web_server):
    """A websocket handshake reaches Channels (whose origin check refuses a foreign origin with
    403), instead of being served as a plain GET as a server without websockets would.
    """
    port, _ = web_server
    answer = request(
        port,
        "GET /ws/probe/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
        "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://evil.example\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 403"), answer[:300]

"""The preview server against hostile or careless clients: rebinding, idle and bursty connections, resets."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsletter.preview import BACKLOG, Previewer, PreviewServer, PreviewSource
from tests.test_preview import CLOCK, options, project  # noqa: F401  (project is a fixture)


@pytest.fixture
def small_server(project: Path) -> Iterator[PreviewServer]:  # noqa: F811
    previewer = Previewer(PreviewSource(reports=(project / "weekly.txt",)), options(project), CLOCK)
    with PreviewServer(previewer, idle_timeout=1.0, workers=3) as running:
        yield running


def port_of(server: PreviewServer) -> int:
    return int(server.url.rsplit(":", 1)[1].strip("/"))


def request(server: PreviewServer, host: str | None, path: str = "/") -> bytes:
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as stream:
        header = f"Host: {host}\r\n" if host is not None else ""
        stream.sendall(f"GET {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := stream.recv(65536):
            answer += chunk
        return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_a_rebound_host_name_is_refused(small_server: PreviewServer) -> None:
    port = port_of(small_server)
    for host in ("attacker.example", f"attacker.example:{port}", f"127.0.0.1.attacker.example:{port}", "", None):
        answer = request(small_server, host)
        assert status(answer) == 421, host
        assert b"Harbor" not in answer  # nothing of the briefing
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"LOCALHOST:{port}"):
        assert status(request(small_server, host)) == 200, host


def test_idle_connections_are_closed(small_server: PreviewServer) -> None:
    with socket.create_connection(("127.0.0.1", port_of(small_server)), timeout=20) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the server, not by our own timeout
        assert time.monotonic() - started < 15  # idle_timeout is 1 s; a generous bound


def test_idle_connections_cannot_take_more_than_the_workers(small_server: PreviewServer) -> None:
    before = threading.active_count()
    port = port_of(small_server)
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
    try:
        time.sleep(0.5)
        assert threading.active_count() <= before + 3  # three workers, not twenty threads
    finally:
        for stream in idle:
            stream.close()
    # once they are gone (or timed out), the server answers again
    assert status(request(small_server, f"127.0.0.1:{port}")) == 200


def test_a_burst_of_connections_is_queued_not_dropped(small_server: PreviewServer) -> None:
    assert small_server.httpd.request_queue_size == BACKLOG >= 64
    host = f"127.0.0.1:{port_of(small_server)}"
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda _: request(small_server, host, "/out/briefing.txt"), range(40)))
    assert [status(answer) for answer in answers] == [200] * 40


def test_a_client_reset_is_no_traceback(small_server: PreviewServer, capfd: pytest.CaptureFixture[str]) -> None:
    for _ in range(5):
        stream = socket.create_connection(("127.0.0.1", port_of(small_server)), timeout=10)
        stream.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")  # the request is cut off...
        stream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        stream.close()  # ...by a reset
    time.sleep(0.5)
    assert status(request(small_server, f"127.0.0.1:{port_of(small_server)}")) == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err

"""The machine-translation client against hostile servers on 127.0.0.1: no key leaks, bounded answers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsletter.translate.backend import BackendConfig, BackendError, ChatClient

Behaviour = Callable[[socket.socket], None]


@contextmanager
def raw_server(behaviour: Behaviour) -> Iterator[tuple[str, list[bytes]]]:
    """A TCP server that reads each request's head, records it, then lets `behaviour` answer."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[bytes] = []
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            head = b""
            try:
                while b"\r\n\r\n" not in head and (data := conn.recv(65536)):
                    head += data
                seen.append(head)
                behaviour(conn)
            except OSError:
                pass  # the client went away: what these tests expect of it

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1", seen
    finally:
        stop.set()
        thread.join()
        listener.close()


def redirect_to(url: str) -> Behaviour:
    def behaviour(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {url}\r\nContent-Length: 0\r\n\r\n".encode())

    return behaviour


def huge(conn: socket.socket) -> None:
    """200 OK and then 64 MB of JSON-looking bytes, no Content-Length."""
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"x": "')
    block = b"a" * 65536
    for _ in range(1024):
        conn.sendall(block)


def trickle(conn: socket.socket) -> None:
    """The status line, one byte every 0.3 s, forever."""
    for byte in b"HTTP/1.1 200 OK\r\n" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.3)


def client(url: str, **settings: float) -> ChatClient:
    config = BackendConfig(base_url=url, model="m", api_key="sk-secret-key", retries=0, **settings)  # type: ignore[arg-type]
    return ChatClient(config)


MESSAGES = [{"role": "user", "content": "hi"}]


def test_a_redirect_to_another_origin_is_refused_and_never_gets_the_key() -> None:
    with raw_server(lambda conn: None) as (elsewhere, seen_elsewhere):
        with (
            raw_server(redirect_to(f"{elsewhere}/chat/completions")) as (url, seen),
            pytest.raises(BackendError) as caught,
        ):
            client(url).complete(MESSAGES)
        time.sleep(0.2)
    assert "redirect (HTTP 302" in str(caught.value)
    assert len(seen) == 1 and b"Bearer sk-secret-key" in seen[0]  # the real API got it...
    assert seen_elsewhere == []  # ...the other origin never heard from us


def test_an_answer_over_the_size_limit_is_refused_without_reading_it_all() -> None:
    with raw_server(huge) as (url, _), pytest.raises(BackendError, match="over the limit of 1,048,576 bytes"):
        client(url, max_answer_bytes=1024 * 1024, timeout=30).complete(MESSAGES)


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    def declared(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n{")

    with raw_server(declared) as (url, _), pytest.raises(BackendError, match="100,000,000 bytes, over the limit"):
        client(url).complete(MESSAGES)


def test_a_trickling_server_hits_the_deadline_of_the_whole_request() -> None:
    """Each byte comes well within the socket timeout; only a deadline stops it (generous bound)."""
    with raw_server(trickle) as (url, _):
        started = time.monotonic()
        with pytest.raises(BackendError, match="no complete answer within 1s"):
            client(url, timeout=1.0).complete(MESSAGES)
        assert time.monotonic() - started < 20


CATALOG = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "".join(
    f'msgctxt "paragraph"\nmsgid "第{n}段"\nmsgstr ""\n\n' for n in range(8)
)


def test_ctrl_c_stops_a_run_stuck_on_a_trickling_server(tmp_path: Path) -> None:
    catalog = tmp_path / "en.po"
    catalog.write_text(CATALOG, encoding="utf-8")
    with raw_server(trickle) as (url, seen):
        env = os.environ | {"NEWSLETTER_MT_BASE_URL": url, "NEWSLETTER_MT_MODEL": "m"}
        command = [sys.executable, "-m", "newsletter", "translate", "machine", "--catalog", str(catalog)]
        process = subprocess.Popen(
            [*command, "--timeout", "600", "--batch-size", "1", "-q"],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(1200):  # up to a minute for the run to start on a busy machine
            if len(seen) >= 4:
                break
            time.sleep(0.05)
        assert len(seen) >= 4, "the requests never arrived"
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=20)  # the requests' deadline is 600 s
        finally:
            process.kill()
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert json.dumps("第0段", ensure_ascii=False) in catalog.read_text(encoding="utf-8")  # saved, not lost

"""A client for OpenAI-compatible chat-completion APIs (stdlib HTTP only).

DeepSeek, Qwen (DashScope compatible mode), Ollama, vLLM and OpenAI itself
all answer POST {base}/chat/completions the same way, so one client serves
them: the base URL, model and key come from the environment or the command
line. Rate limits (429) and server errors (5xx), timeouts and unreadable
answers are retried with exponential backoff; other HTTP errors (a wrong key,
a wrong model) are not, since retrying cannot fix them.

The server's answer is untrusted and bounded: a redirect is refused (it
would carry the API key elsewhere), an answer larger than `max_answer_bytes`
is refused, and `timeout` is a deadline for the whole request (connecting,
sending, every byte of the answer), so a server that trickles cannot hold a
run forever. `cancel()` (Ctrl-C) cuts every request in flight at once.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsletter.errors import ConfigError, TranslateError

ENV_BASE_URL = "NEWSLETTER_MT_BASE_URL"
ENV_MODEL = "NEWSLETTER_MT_MODEL"
ENV_API_KEY = "NEWSLETTER_MT_API_KEY"
MAX_BACKOFF = 60.0
MAX_ANSWER_BYTES = 4 * 1024 * 1024  # a batch of ten paragraphs comes back in a few KB
_CHUNK = 64 * 1024


class BackendError(TranslateError):
    """One request failed for good (after its retries)."""


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass(frozen=True)
class BackendConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0  # seconds for the whole request, answer included
    retries: int = 4  # further attempts after the first
    backoff: float = 1.0  # first wait in seconds, doubled each retry
    max_answer_bytes: int = MAX_ANSWER_BYTES

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides: Any) -> BackendConfig:
        """Command-line values (`overrides`, None when not given) win over the environment."""
        given = {k: v for k, v in overrides.items() if v is not None}
        base_url = given.pop("base_url", None) or environ.get(ENV_BASE_URL)
        model = given.pop("model", None) or environ.get(ENV_MODEL)
        if not base_url or not model:
            raise ConfigError(
                f"no machine-translation API configured: set {ENV_BASE_URL} and {ENV_MODEL} "
                f"(and {ENV_API_KEY}), or pass --base-url and --model"
            )
        api_key = given.pop("api_key", None) or environ.get(ENV_API_KEY)
        return cls(base_url=base_url.rstrip("/"), model=model, api_key=api_key, **given)


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    retry_after: str | None
    body: bytes


class ChatClient:
    def __init__(self, config: BackendConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        parts = urlsplit(config.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"the API base URL must be http(s)://host/..., got {config.base_url!r}")
        self._parts = parts

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant's answer to `messages`; BackendError when every attempt failed."""
        body = json.dumps({"model": self.config.model, "messages": messages, "temperature": 0}).encode()
        for attempt in range(self.config.retries + 1):
            try:
                return self._post(body)
            except _Retryable as problem:
                if attempt == self.config.retries or self._cancelled.is_set():
                    raise BackendError(f"{problem} (gave up after {attempt + 1} attempts)") from problem
                self.sleep(self._wait(attempt, problem.wait))
        raise AssertionError("unreachable")  # pragma: no cover

    def cancel(self) -> None:
        """Stop: cut every request in flight and refuse new ones (Ctrl-C)."""
        self._cancelled.set()
        with self._lock:
            for sock in self._open:
                _cut(sock)

    def _wait(self, attempt: int, asked: float | None) -> float:
        """Exponential backoff; the server's Retry-After when it says more."""
        return min(MAX_BACKOFF, max(self.config.backoff * 2.0**attempt, asked or 0.0))

    def _post(self, body: bytes) -> str:
        if self._cancelled.is_set():
            raise BackendError("cancelled")
        connection = self._connection()
        expired = threading.Event()
        deadline = threading.Timer(self.config.timeout, self._expire, (connection, expired))
        deadline.start()
        try:
            answer = self._exchange(connection, body)
        except (OSError, http.client.HTTPException) as error:
            if self._cancelled.is_set():
                raise BackendError("cancelled") from error
            if expired.is_set() or isinstance(error, TimeoutError):
                raise _Retryable(f"no complete answer within {self.config.timeout:g}s") from error
            raise _Retryable(f"cannot reach {self.config.base_url}: {error}") from error
        finally:
            deadline.cancel()
            self._forget(connection)
        return _content(answer.body) if answer.status == 200 else _status_problem(answer)

    def _connection(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
        return kind(self._parts.hostname or "", self._parts.port, timeout=self.config.timeout)

    def _exchange(self, connection: http.client.HTTPConnection, body: bytes) -> _Answer:
        """Send the request and read a bounded answer."""
        connection.connect()
        with self._lock:
            self._open.add(connection.sock)
        path = f"{self._parts.path.rstrip('/')}/chat/completions"
        connection.request("POST", path, body=body, headers=self._headers())
        response = connection.getresponse()
        if 300 <= response.status < 400:
            location = response.getheader("Location", "?")
            raise BackendError(
                f"the API answered with a redirect (HTTP {response.status} to {location}); redirects are not "
                "followed, since they would carry the API key elsewhere: set the final address as base URL"
            )
        retry_after = response.getheader("Retry-After")
        return _Answer(response.status, response.reason, retry_after, self._read_bounded(response))

    def _read_bounded(self, response: http.client.HTTPResponse) -> bytes:
        limit = self.config.max_answer_bytes
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise BackendError(f"the API's answer is {int(declared):,} bytes, over the limit of {limit:,}")
        chunks, size = [], 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise BackendError(f"the API's answer is over the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _expire(self, connection: http.client.HTTPConnection, expired: threading.Event) -> None:
        expired.set()  # before the cut, so the reader woken by it knows why
        if connection.sock is not None:
            _cut(connection.sock)

    def _forget(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._open.discard(connection.sock)
        connection.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return headers


def _cut(sock: socket.socket) -> None:
    """Wake whatever thread is blocked reading or writing the socket."""
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _status_problem(answer: _Answer) -> str:
    status, reason = answer.status, answer.reason
    if status == 429 or status >= 500:
        raise _Retryable(f"HTTP {status} {reason}", _retry_after(answer.retry_after))
    detail = answer.body[:300].decode("utf-8", "replace").strip()
    raise BackendError(f"the API refused the request: HTTP {status} {reason} {detail}".strip())


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _content(raw: bytes) -> str:
    """choices[0].message.content, or a retryable problem for anything else."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise _Retryable(f"unreadable answer from the API: {raw[:80]!r}") from error
    if not isinstance(content, str):
        raise _Retryable("the API's answer has no text content")
    return content

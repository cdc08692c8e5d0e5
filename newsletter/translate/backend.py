"""A client for OpenAI-compatible chat-completion APIs (stdlib HTTP only).

DeepSeek, Qwen (DashScope compatible mode), Ollama, vLLM and OpenAI itself
all answer POST {base}/chat/completions the same way, so one client serves
them: the base URL, model and key come from the environment or the command
line. Rate limits (429) and server errors (5xx), timeouts and unreadable
answers are retried with exponential backoff; other HTTP errors (a wrong key,
a wrong model) are not, since retrying cannot fix them.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newsletter.errors import ConfigError, TranslateError

ENV_BASE_URL = "NEWSLETTER_MT_BASE_URL"
ENV_MODEL = "NEWSLETTER_MT_MODEL"
ENV_API_KEY = "NEWSLETTER_MT_API_KEY"
MAX_BACKOFF = 60.0


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
    timeout: float = 60.0  # seconds per request
    retries: int = 4  # further attempts after the first
    backoff: float = 1.0  # first wait in seconds, doubled each retry

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


class ChatClient:
    def __init__(self, config: BackendConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant's answer to `messages`; BackendError when every attempt failed."""
        body = json.dumps({"model": self.config.model, "messages": messages, "temperature": 0}).encode()
        for attempt in range(self.config.retries + 1):
            try:
                return self._post(body)
            except _Retryable as problem:
                if attempt == self.config.retries:
                    raise BackendError(f"{problem} (gave up after {attempt + 1} attempts)") from problem
                self.sleep(self._wait(attempt, problem.wait))
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, attempt: int, asked: float | None) -> float:
        """Exponential backoff; the server's Retry-After when it says more."""
        return min(MAX_BACKOFF, max(self.config.backoff * 2.0**attempt, asked or 0.0))

    def _post(self, body: bytes) -> str:
        request = urllib.request.Request(
            f"{self.config.base_url}/chat/completions", data=body, headers=self._headers(), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                return _content(response.read())
        except urllib.error.HTTPError as error:
            raise _http_problem(error) from error
        except TimeoutError as error:
            raise _Retryable(f"no answer within {self.config.timeout:g}s") from error
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            raise _Retryable(f"cannot reach {self.config.base_url}: {error}") from error

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return headers


def _http_problem(error: urllib.error.HTTPError) -> Exception:
    if error.code == 429 or error.code >= 500:
        return _Retryable(f"HTTP {error.code} {error.reason}", _retry_after(error.headers.get("Retry-After")))
    detail = error.read(300).decode("utf-8", "replace").strip()
    return BackendError(f"the API refused the request: HTTP {error.code} {error.reason} {detail}".strip())


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

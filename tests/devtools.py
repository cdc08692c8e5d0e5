"""A real headless Chromium driven over the DevTools protocol, for page tests.

Chromium comes from the OS packages (`.ci/run` installs Debian's); tests that
need it skip with a reason when it is absent. Only loopback is used: the
browser is started with its networking features off and a fresh profile.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import websocket

from tests.absent import unavailable

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=900,1200",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    unavailable("chromium is not installed (CI installs it in .ci/run; locally: apt-get install chromium)")


class Page:
    """One browser tab: call DevTools methods, evaluate script, take screenshots."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && location.href === " + json.dumps(url))

    def wait_for(self, expression: str, timeout: float = 20.0) -> None:
        wait_until(lambda: bool(self.evaluate(expression)), timeout, f"page never satisfied: {expression}")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.ws.close()


def wait_until(condition: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (websocket.WebSocketException, KeyError):
            pass  # the page is between two documents while it reloads
        time.sleep(0.1)
    raise AssertionError(message)


@contextmanager
def chromium(profile: Path) -> Iterator[Page]:
    """A fresh headless Chromium with one page; killed on exit."""
    process = subprocess.Popen(
        [chromium_path(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page: Page | None = None
    try:
        port = _devtools_port(profile, process)
        page = Page(_page_socket(port))
        page.call("Page.enable")
        yield page
    finally:
        if page is not None:
            page.close()
        process.kill()
        process.wait(timeout=10)


def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    active = profile / "DevToolsActivePort"
    wait_until(lambda: active.is_file() and active.read_text().count("\n") >= 1, 30, "chromium did not start")
    if process.poll() is not None:
        raise AssertionError(f"chromium exited with {process.returncode}")
    return int(active.read_text().splitlines()[0])


def _page_socket(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
        targets = json.load(response)
    url: str = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
    return url

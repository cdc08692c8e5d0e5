"""A real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible chat API.

It translates from a fixed phrase book (our own fictional report), and can be
told to misbehave: rate-limit, fail, stall, answer garbage or change figures.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# masked Chinese (figures as tokens) -> English, as a good model would answer
PHRASES = {
    "海峰证券人工智能周报：算力投资继续加码": "Harbor Peak Securities AI Weekly: compute investment keeps rising",
    "产业动态": "Industry news",
    "英伟达本周发布新一代加速卡，字节跳动与火山引擎扩大算力采购。": (
        "NVIDIA launched a new generation of accelerator cards this week; "
        "ByteDance and Volcano Engine expanded their compute purchases."
    ),
    "资本风向": "Capital flows",
    "甲骨文剩余履约义务达到 ⟦1⟧，同比增长 ⟦2⟧。": "Oracle's remaining performance obligations reached ⟦1⟧, up ⟦2⟧ YoY.",
    "⟦1⟧行业动态": "⟦1⟧ Industry news",
    "阿里巴巴宣布未来三年投入 ⟦1⟧建设云基础设施，较此前计划提升约 ⟦2⟧。": (
        "Alibaba will invest ⟦1⟧ in cloud infrastructure over the next three years, about ⟦2⟧ more than planned."
    ),
    "⟦1⟧公司跟踪": "⟦1⟧ Company tracking",
    "甲骨文与英伟达合作建设的数据中心本季度投入运营，单个园区功率达到 ⟦1⟧。": (
        "The data centre Oracle built with NVIDIA went live this quarter; a single campus draws ⟦1⟧."
    ),
    "英伟达本周推出新款加速器，字节跳动扩大算力采购。": "英伟达本周推出新款加速器，字节跳动扩大算力采购。",
    # the key figures' labels (context figure-label)
    "甲骨文 剩余履约义务": "Oracle remaining performance obligations",
    "阿里巴巴 宣布未来三年投入": "Alibaba three-year investment",
    "甲骨文 单个园区功率": "Oracle single-campus power",
}

Answer = tuple[int, dict[str, str], bytes]  # status, headers, body


@dataclass
class FakeChatAPI:
    """Behaviour is a function of (request number, request body) -> answer, or None for a good answer."""

    misbehave: Callable[[int, dict[str, Any]], Answer | None] = lambda n, body: None
    rewrite: Callable[[str], str] = lambda text: text  # applied to every translated segment
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def answer(self, body: dict[str, Any], headers: dict[str, str]) -> Answer:
        with self.lock:
            self.requests.append(body)
            self.headers.append(headers)
            number = len(self.requests)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            return self.misbehave(number, body) or self.good(body)
        finally:
            with self.lock:
                self.in_flight -= 1

    def good(self, body: dict[str, Any]) -> Answer:
        segments = json.loads(body["messages"][-1]["content"])["segments"]
        items = [{"id": s["id"], "text": self.rewrite(PHRASES.get(s["text"], s["text"]))} for s in segments]
        return completion(json.dumps({"translations": items}, ensure_ascii=False))

    def system_prompts(self) -> list[str]:
        return [str(body["messages"][0]["content"]) for body in self.requests]


def completion(content: str) -> Answer:
    payload = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }
    return 200, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def status(code: int, retry_after: str | None = None) -> Answer:
    headers = {"Content-Type": "application/json"} | ({"Retry-After": retry_after} if retry_after else {})
    return code, headers, b'{"error": {"message": "try again"}}'


@contextmanager
def serve(api: FakeChatAPI) -> Iterator[FakeChatAPI]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            code, headers, data = api.answer(body, dict(self.headers))
            try:
                self.send_response(code)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()

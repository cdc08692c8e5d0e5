"""A real SMTP server (aiosmtpd) on 127.0.0.1 that can misbehave on request.

Faults are queued per recipient as "stage:action": stage is mail, rcpt or
data; action is an SMTP code to answer (421, 451, 550...) or "drop" to cut
the connection. `slow_after=N` makes every message after the N-th wait
before its 250 (the message is already stored: killing the client then
leaves it in doubt). (The benchmark's server is bench/smtp_sink.py.)
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_to: str
    data: bytes

    def message(self) -> EmailMessage:
        parsed: EmailMessage = message_from_bytes(self.data, policy=policy.default)
        return parsed


@dataclass
class FaultyHandler:
    faults: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    received: list[Received] = field(default_factory=list)
    slow_after: int | None = None
    slow_seconds: float = 0.5
    pipelining: bool = True  # advertise RFC 2920 PIPELINING, as production MTAs do
    smtputf8: bool = True  # aiosmtpd offers RFC 6531 SMTPUTF8; False hides it
    count: int = 0
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, recipient: str, *faults: str) -> None:
        self.faults[recipient.lower()].extend(faults)

    def by_recipient(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = defaultdict(list)
        with self.lock:
            for item in self.received:
                found[item.rcpt_to.lower()].append(item)
        return found

    def _fault(self, stage: str, envelope: Any, server: Any, address: str | None = None) -> str | None:
        recipients = [address] if address else list(envelope.rcpt_tos)
        for recipient in recipients:
            queued = self.faults.get(recipient.lower())
            if queued and queued[0].startswith(stage + ":"):
                action = queued.popleft().split(":", 1)[1]
                if action == "drop":
                    server.transport.abort()
                    return "421 dropped"
                return f"{action} fault injected at {stage}"
        return None

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        if not self.smtputf8:
            responses = [line for line in responses if "SMTPUTF8" not in line]
        # aiosmtpd reads commands from a buffered stream, so pipelined commands work once advertised
        return [*responses[:-1], "250-PIPELINING", responses[-1]] if self.pipelining else responses

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        envelope.mail_from = address
        return self._mail_fault(server, envelope) or "250 OK"

    def _mail_fault(self, server: Any, envelope: Any) -> str | None:
        # MAIL comes before the recipient is known: the first queued "mail:" fault of anyone applies
        for queued in self.faults.values():
            if queued and queued[0].startswith("mail:"):
                action = queued.popleft().split(":", 1)[1]
                if action == "drop":
                    server.transport.abort()
                    return "421 dropped"
                return f"{action} fault injected at mail"
        return None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        refusal = self._fault("rcpt", envelope, server, address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        refusal = self._fault("data", envelope, server)
        if refusal:
            return refusal
        with self.lock:
            self.count += 1
            count = self.count
            self.received.extend(Received(envelope.mail_from, r, envelope.original_content) for r in envelope.rcpt_tos)
        if self.slow_after is not None and count > self.slow_after:
            await asyncio.sleep(self.slow_seconds)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(handler: FaultyHandler, **options: Any) -> Iterator[int]:
    """`options` go to aiosmtpd's Controller: ssl_context (implicit TLS), tls_context, authenticator..."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), server_hostname="test.local", **options)
    controller.start()
    try:
        yield int(controller.port)
    finally:
        controller.stop()

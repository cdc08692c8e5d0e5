"""The benchmark's SMTP server: aiosmtpd in a process of its own, doing as little as it can per message.

    python -m bench.smtp_sink PORT [--stock-data] [--delay SECONDS]   # prints "ready", serves until terminated

It accepts and counts; it parses no message and keeps none. Two things
keep its cost per message out of the comparison it serves:
- its own process, so the client under test never waits for its GIL;
- the body of a message is read in one `readuntil` up to the final
  CRLF.CRLF, not line by line: aiosmtpd's stock loop awaits once per line
  (about 1 ms of server CPU for one of our 25 KB messages, more than our
  client spends on it), which no production MTA costs and which would
  measure aiosmtpd rather than the sender.
Everything else (greeting, EHLO, MAIL, RCPT, DATA, QUIT, one protocol
object per connection) is aiosmtpd's own and the same for every client.
`--delay 0.02` answers each message 20 ms after its final dot, like a
relay across a network that queues the message before saying 250.
`XCOUNT` answers `250 <messages accepted so far>`, so the benchmark can
check that every message arrived.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

MAX_MESSAGE = 4 * 1024 * 1024  # the stream's buffer limit: a whole message fits


class CountingHandler:
    def __init__(self, delay: float = 0.0) -> None:
        self.count = 0
        self.delay = delay  # seconds before each message's 250: a real relay's round trip and queueing

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        # RFC 2920, as production MTAs offer it; aiosmtpd reads commands from a buffered stream
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)  # other connections go on meanwhile, as on a real relay
        self.count += 1
        return "250 OK"


class CountingSMTP(SMTP):
    """aiosmtpd as it comes, plus XCOUNT."""

    async def smtp_XCOUNT(self, arg: str) -> None:
        await self.push(f"250 {self.event_handler.count}")


class SinkSMTP(CountingSMTP):
    """Reads the body of a message in one go."""

    line_length_limit = MAX_MESSAGE  # aiosmtpd sizes its StreamReader's limit from this

    async def smtp_DATA(self, arg: str) -> None:
        if self.envelope is None or not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        await self._reader.readuntil(b"\r\n.\r\n")  # the whole message, up to its final dot
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]  # a fresh envelope, as aiosmtpd does
        await self.push(status)


class SinkController(Controller):
    def __init__(self, *args: Any, stock_data: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.protocol = CountingSMTP if stock_data else SinkSMTP

    def factory(self) -> SMTP:
        return self.protocol(self.handler, **self.SMTP_kwargs)


def main() -> int:
    # a fixed server_hostname: otherwise aiosmtpd looks up its own name (getfqdn) on every connection
    stock_data = "--stock-data" in sys.argv  # aiosmtpd's line-by-line reader, to compare
    delay = float(sys.argv[sys.argv.index("--delay") + 1]) if "--delay" in sys.argv else 0.0
    controller = SinkController(
        CountingHandler(delay),
        hostname="127.0.0.1",
        port=int(sys.argv[1]),
        server_hostname="bench.local",
        stock_data=stock_data,
    )
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())

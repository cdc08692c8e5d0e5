"""Sending throughput: our campaign (one reused connection, journaled) against
a naive smtplib loop that opens one connection per message, same run, same
messages, same local aiosmtpd server (in its own process).

    python -m bench send            # 10,000 recipients (make bench)
    BENCH_SEND_COUNT=2000 python -m bench send
"""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from newsletter.cli import main as cli
from newsletter.clock import system_clock
from newsletter.send.editions import Edition, load_editions
from newsletter.send.message import Sender, parse_address, personal_html, personal_text, unsubscribe_url
from newsletter.send.subscribers import Subscriber, load_subscribers
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import free_port

TARGET = 5.0
DEFAULT_COUNT = 10_000
# The naive loop is slow; a sample of this size measures its rate well enough
# (half of it before our campaign, half after).
BASELINE_SAMPLE = 2_000
FROM = "research@harborpeak.example"
UNSUBSCRIBE = "https://harborpeak.example/unsubscribe"


def main() -> int:
    count = int(os.environ.get("BENCH_SEND_COUNT", DEFAULT_COUNT))
    os.environ.setdefault("NEWSLETTER_UNSUBSCRIBE_SECRET", "bench")
    with tempfile.TemporaryDirectory() as tmp, server() as port:
        issue_dir = make_issue(Path(tmp))
        write_subscribers(Path(tmp) / "subscribers.csv", count)
        sample = min(count, BASELINE_SAMPLE)
        # the baseline runs half before and half after ours, so a shift in the machine's load hits both
        before = measure_naive(issue_dir, Path(tmp) / "subscribers.csv", port, sample // 2)
        ours = measure_ours(issue_dir, Path(tmp) / "subscribers.csv", port, count)
        after = measure_naive(issue_dir, Path(tmp) / "subscribers.csv", port, sample - sample // 2)
        naive = 2 / (1 / before + 1 / after)  # the rate over both halves
    ratio = ours / naive
    print(
        f"send: ours {ours:.0f} msg/s ({count} recipients), naive smtplib loop {naive:.0f} msg/s "
        f"({sample} recipients): {ratio:.1f}x (target >= {TARGET:.0f}x)"
    )
    return 0 if ratio >= TARGET else 1


def measure_ours(issue_dir: Path, subscribers: Path, port: int, count: int) -> float:
    argv = [
        "send",
        str(issue_dir),
        "--subscribers",
        str(subscribers),
        "--smtp",
        f"smtp://127.0.0.1:{port}",
        "--from",
        FROM,
        "--unsubscribe-url",
        UNSUBSCRIBE,
        "-q",
    ]
    start = time.perf_counter()
    code = cli(argv)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"bench_send: our send exited with {code}")
    return count / elapsed


def measure_naive(issue_dir: Path, subscribers: Path, port: int, count: int) -> float:
    """The obvious loop: build each message with the email package, open a connection, send, quit."""
    editions = load_editions(issue_dir)
    sender = Sender(parse_address(FROM, "from"), None, UNSUBSCRIBE, b"bench")
    start = time.perf_counter()
    for subscriber in load_subscribers(subscribers)[:count]:
        message = naive_message(editions.editions[subscriber.lang], subscriber, editions.issue, sender)
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(message)
    return count / (time.perf_counter() - start)


def naive_message(edition: Edition, subscriber: Subscriber, issue: str, sender: Sender) -> EmailMessage:
    """The same message as ours (headers, text and HTML), written the textbook way."""
    url = unsubscribe_url(sender, issue, subscriber.email)
    msg = EmailMessage()
    msg["From"] = FROM
    msg["To"] = Address(subscriber.name, addr_spec=subscriber.email)
    msg["Subject"] = edition.subject
    msg["Date"] = format_datetime(system_clock())
    msg["Message-ID"] = make_msgid(domain="harborpeak.example")
    msg["List-Unsubscribe"] = f"<{url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(personal_text(edition, url))
    msg.add_alternative(personal_html(edition, url), subtype="html")
    msg["Content-Language"] = edition.content_language
    return msg


@contextmanager
def server() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.smtp_server", str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # "ready"
        yield port
    finally:
        process.terminate()
        process.wait()

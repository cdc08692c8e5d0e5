"""Sending throughput: our campaign against a naive smtplib loop, same run, same server.

    python -m bench send                    # 10,000 recipients, 5 rounds (make bench)
    BENCH_SEND_COUNT=2000 BENCH_SEND_ROUNDS=5 python -m bench send
    BENCH_SEND_STOCK_DATA=1 python -m bench send   # aiosmtpd's own line-by-line DATA reader

Ours is `newsletter send` itself (CSV, journal, composer, one reused
connection with PIPELINING). The naive loop is the textbook one: for each
subscriber, build the message with the email package, connect, send, quit.
Both send the same editions to the same counting aiosmtpd server
(bench/smtp_sink.py), which runs in its own process so it never competes
with the client for a GIL, and whose cost per message is kept small so the
comparison measures the senders, not the server.

The machine is shared and its load moves, so the two alternate: a slice of
the naive loop, our whole campaign (fresh journal), another slice, our
campaign again... Each campaign is compared with the slices on either side
of it, and the verdict is the median of these ratios. CPU per message
(client and server) is printed to show where the time goes.

Then, in the same run:
- connections: a second sink answers each message 20 ms after its final
  dot (`--delay 0.02`, a real relay's round trip), and `newsletter send`
  runs with 1 connection, then with `--connections 8` (8 times the
  recipients, so each phase lasts about as long), three times; the verdict
  is the median ratio of messages per second (target >= 6x);
- memory: `send --dry-run` of 10,000 and of 100,000 recipients, each in a
  fresh process, reporting peak resident memory (limit 300 MB).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import partial
from pathlib import Path

from newsletter.cli import main as cli
from newsletter.clock import system_clock
from newsletter.send.editions import Edition, IssueEditions, load_editions
from newsletter.send.message import Sender, parse_address, personal_html, personal_text, unsubscribe_url
from newsletter.send.subscribers import Subscriber, load_subscribers
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import free_port

TARGET = 5.0
RELAY_DELAY = 0.02  # seconds a real relay takes to answer a message
CONNECTIONS = 8
CONNECTIONS_TARGET = 6.0  # 8 connections against 1, on the 20 ms relay
ONE_CONNECTION_COUNT = 250  # ~6 s at 20 ms a message
DRY_RUN_COUNTS = (10_000, 100_000)
DRY_RUN_LIMIT_MB = 300
DEFAULT_COUNT = 10_000
DEFAULT_ROUNDS = 5
NAIVE_SLICE = 200  # messages of the naive loop between two of our campaigns
FROM = "research@harborpeak.example"
UNSUBSCRIBE = "https://harborpeak.example/unsubscribe"


@dataclass(frozen=True)
class Run:
    """One timed phase: messages sent, seconds, and CPU seconds of this process and of the server."""

    messages: int
    seconds: float
    client_cpu: float
    server_cpu: float

    def __add__(self, other: Run) -> Run:
        return Run(
            self.messages + other.messages,
            self.seconds + other.seconds,
            self.client_cpu + other.client_cpu,
            self.server_cpu + other.server_cpu,
        )

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


def main() -> int:
    count = int(os.environ.get("BENCH_SEND_COUNT", DEFAULT_COUNT))
    rounds = int(os.environ.get("BENCH_SEND_ROUNDS", DEFAULT_ROUNDS))
    os.environ.setdefault("NEWSLETTER_UNSUBSCRIBE_SECRET", "bench-secret-0123456789")
    with tempfile.TemporaryDirectory(prefix="bench-send-") as scratch, sink() as server:
        work = Path(scratch)
        issue_dir = make_issue(work)
        write_subscribers(work / "subscribers.csv", count)
        # the naive loop gets its inputs ready outside the clock; ours reads them inside
        naive = Naive(load_editions(issue_dir), load_subscribers(work / "subscribers.csv"), server.port)
        sample = min(count, NAIVE_SLICE)
        print(
            f"send: naive loop ({sample} messages), then {rounds} times: ours ({count} recipients, fresh journal), "
            f"naive loop ({sample} messages)"
        )
        results = run_rounds(rounds, work, issue_dir, server, naive, sample)
        failures = verdict(results)
        with sink(delay=RELAY_DELAY) as relay:
            failures += connections_verdict(connections_rounds(work, issue_dir, relay))
        failures += dry_run_memory(work, issue_dir)
    return 1 if failures else 0


def connections_rounds(work: Path, issue_dir: Path, relay: Sink) -> list[tuple[Run, Run]]:
    """1 connection, then 8, three times, on a relay that answers each message after 20 ms."""
    counts = {1: ONE_CONNECTION_COUNT, CONNECTIONS: ONE_CONNECTION_COUNT * CONNECTIONS}
    for connections, count in counts.items():
        write_subscribers(work / f"subscribers-{connections}.csv", count)
    print(
        f"send: a relay answering after {RELAY_DELAY * 1000:.0f} ms; 1 connection ({counts[1]} recipients), "
        f"then {CONNECTIONS} connections ({counts[CONNECTIONS]}), three times"
    )
    rounds = []
    for number in (1, 2, 3):
        runs = {}
        for connections, count in counts.items():
            journal = work / f"journal-c{connections}-{number}.sqlite"
            csv = work / f"subscribers-{connections}.csv"
            extra = ("--connections", str(connections))
            runs[connections] = relay.measure(partial(our_campaign, issue_dir, csv, relay.port, journal, count, extra))
        one, many = runs[1], runs[CONNECTIONS]
        print(
            f"  round {number}: 1 connection {one.rate:4.0f} msg/s ({one.seconds / one.messages * 1000:.1f} ms "
            f"a message), {CONNECTIONS} connections {many.rate:4.0f} msg/s, ratio {many.rate / one.rate:.1f}x",
            flush=True,
        )
        rounds.append((many, one))
    return rounds


def connections_verdict(rounds: list[tuple[Run, Run]]) -> int:
    ratios = sorted(many.rate / one.rate for many, one in rounds)
    median = statistics.median(ratios)
    met = "met" if median >= CONNECTIONS_TARGET else "NOT MET"
    print(
        f"send: {CONNECTIONS} connections / 1 on the {RELAY_DELAY * 1000:.0f} ms relay = {median:.1f}x "
        f"(median of {len(ratios)}; worst {ratios[0]:.1f}x, best {ratios[-1]:.1f}x); "
        f"target >= {CONNECTIONS_TARGET:.0f}x: {met}"
    )
    return 0 if median >= CONNECTIONS_TARGET else 1


def dry_run_memory(work: Path, issue_dir: Path) -> int:
    """`send --dry-run` of 10,000 and 100,000 recipients, each in its own process: peak memory should not grow."""
    peaks = {}
    for count in DRY_RUN_COUNTS:
        csv = work / f"dry-{count}.csv"
        write_subscribers(csv, count)
        start = time.perf_counter()
        peaks[count] = peak_rss_mb(issue_dir, csv, work / f"eml-{count}")
        print(f"  dry run of {count:,} recipients: peak {peaks[count]:.0f} MB, {time.perf_counter() - start:.0f} s")
        shutil.rmtree(work / f"eml-{count}", ignore_errors=True)
    small, large = (peaks[count] for count in DRY_RUN_COUNTS)
    met = "met" if large <= DRY_RUN_LIMIT_MB else "NOT MET"
    print(
        f"send --dry-run: peak memory {large:.0f} MB for {DRY_RUN_COUNTS[1]:,} recipients, {small:.0f} MB for "
        f"{DRY_RUN_COUNTS[0]:,} ({large / small:.2f}x for 10x the list); limit {DRY_RUN_LIMIT_MB} MB: {met}"
    )
    return 0 if large <= DRY_RUN_LIMIT_MB else 1


def peak_rss_mb(issue_dir: Path, csv: Path, out: Path) -> float:
    """The CLI in a fresh process; its peak resident memory as the kernel counts it (ru_maxrss, KB on Linux)."""
    argv = [
        *("send", str(issue_dir), "--subscribers", str(csv), "--dry-run", str(out), "-q"),
        *("--from", FROM, "--unsubscribe-url", UNSUBSCRIBE),
    ]
    code = (
        "import resource, sys; from newsletter.cli import main; code = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_send: the dry run failed: {done.stderr.strip()}")
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def run_rounds(
    rounds: int, work: Path, issue_dir: Path, server: Sink, naive: Naive, sample: int
) -> list[tuple[Run, Run]]:
    """Each of our campaigns is judged against the naive slices just before and just after it."""
    subscribers = work / "subscribers.csv"
    count = len(naive.subscribers)
    results = []
    before = server.measure(lambda: naive.loop(sample))
    for number in range(1, rounds + 1):
        journal = work / f"journal-{number}.sqlite"
        ours = server.measure(partial(our_campaign, issue_dir, subscribers, server.port, journal, count))
        after = server.measure(lambda: naive.loop(sample))
        around = before + after
        print(
            f"  round {number}: ours {ours.rate:5.0f} msg/s, naive {around.rate:4.0f} msg/s, "
            f"ratio {ours.rate / around.rate:4.1f}x",
            flush=True,
        )
        results.append((ours, around))
        before = after
    return results


def verdict(results: list[tuple[Run, Run]]) -> int:
    ratios = sorted(ours.rate / naive.rate for ours, naive in results)
    ours_all = sum((ours for ours, _ in results[1:]), results[0][0])
    naive_all = sum((naive for _, naive in results[1:]), results[0][1])  # inner slices count in two rounds
    for name, run in (("ours", ours_all), ("naive", naive_all)):
        print(
            f"  CPU per message, {name:5}: client {run.client_cpu / run.messages * 1000:.2f} ms, "
            f"server {run.server_cpu / run.messages * 1000:.2f} ms"
        )
    median = statistics.median(ratios)
    met = "met" if median >= TARGET else "NOT MET"
    print(
        f"send: ours / naive smtplib loop = {median:.1f}x (median of {len(ratios)} rounds; "
        f"worst {ratios[0]:.1f}x, best {ratios[-1]:.1f}x); target >= {TARGET:.0f}x: {met}"
    )
    return 0 if median >= TARGET else 1


def our_campaign(
    issue_dir: Path, subscribers: Path, port: int, journal: Path, count: int, extra: tuple[str, ...] = ()
) -> int:
    """`newsletter send` as an editor runs it, with a fresh journal; returns the messages sent."""
    argv = [
        *("send", str(issue_dir), "--subscribers", str(subscribers), "--smtp", f"smtp://127.0.0.1:{port}"),
        *("--from", FROM, "--unsubscribe-url", UNSUBSCRIBE, "--journal", str(journal), "-q", *extra),
    ]
    summary = io.StringIO()
    with contextlib.redirect_stdout(summary):
        code = cli(argv)
    if code != 0:
        raise SystemExit(f"bench_send: our send exited with {code}: {summary.getvalue().strip()}")
    return count


@dataclass(frozen=True)
class Naive:
    """The obvious loop: build each message with the email package, open a connection, send, quit."""

    editions: IssueEditions
    subscribers: list[Subscriber]
    port: int

    def loop(self, count: int) -> int:
        sender = Sender(parse_address(FROM, "from"), None, UNSUBSCRIBE, b"bench")
        for subscriber in self.subscribers[:count]:
            message = self.message(subscriber, sender)
            # local_hostname: so that the machine's DNS is not measured (smtplib would call getfqdn)
            with smtplib.SMTP("127.0.0.1", self.port, local_hostname="localhost") as smtp:
                smtp.send_message(message)
        return count

    def message(self, subscriber: Subscriber, sender: Sender) -> EmailMessage:
        """The same message as ours (headers, text and HTML), written the textbook way."""
        edition: Edition = self.editions.editions[subscriber.lang]
        url = unsubscribe_url(sender, self.editions.issue, subscriber.email)
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


@dataclass(frozen=True)
class Sink:
    """The counting server (bench/smtp_sink.py) in its own process."""

    port: int
    pid: int

    def measure(self, phase: Callable[[], int]) -> Run:
        """Time a phase and check that the server accepted exactly the messages it claims to have sent."""
        received, server_cpu, client_cpu = self.accepted(), self.cpu(), time.process_time()
        start = time.perf_counter()
        sent = phase()
        seconds = time.perf_counter() - start
        run = Run(sent, seconds, time.process_time() - client_cpu, self.cpu() - server_cpu)
        if self.accepted() - received != sent:
            raise SystemExit(f"bench_send: {sent} messages sent, the server accepted {self.accepted() - received}")
        return run

    def accepted(self) -> int:
        with smtplib.SMTP("127.0.0.1", self.port, local_hostname="localhost") as smtp:
            code, reply = smtp.docmd("XCOUNT")
        if code != 250:
            raise SystemExit(f"bench_send: the SMTP sink cannot count: {code} {reply!r}")
        return int(reply)

    def cpu(self) -> float:
        """User + system CPU seconds of the server process (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def sink(delay: float = 0.0) -> Iterator[Sink]:
    port = free_port()
    command = [sys.executable, "-m", "bench.smtp_sink", str(port), "--delay", str(delay)]
    if os.environ.get("BENCH_SEND_STOCK_DATA"):
        command.append("--stock-data")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("bench_send: the SMTP sink did not start")
        yield Sink(port, process.pid)
    finally:
        process.terminate()
        process.wait()

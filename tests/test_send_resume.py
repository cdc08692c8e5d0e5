"""Killed with SIGKILL in the middle of a campaign, the same command resumes it.

The real CLI runs in a subprocess against a real SMTP server; nobody may get
the issue twice except recipients reported in doubt, and nobody may be
missed without being reported.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server

COUNT = 30
KILL_AFTER = 8


def command(issue_dir: Path, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsletter",
        "send",
        str(issue_dir),
        "--subscribers",
        str(issue_dir.parent / "subscribers.csv"),
        "--smtp",
        f"smtp://127.0.0.1:{port}",
        "--from",
        "research@harborpeak.example",
        "--unsubscribe-url",
        "https://harborpeak.example/u",
        *extra,
    ]


def environment() -> dict[str, str]:
    return {**os.environ, "NEWSLETTER_UNSUBSCRIBE_SECRET": "s3cret-of-the-resume-test"}


def kill_when_received(
    argv: list[str], handler: FaultyHandler, count: int, timeout: float = 60, sending: tuple[Path, str] | None = None
) -> None:
    """SIGKILL the command once the server holds `count` messages (and the journal shows `sending`)."""
    process = subprocess.Popen(argv, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while not ready(handler, count, sending) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the campaign finished before it could be killed"


def ready(handler: FaultyHandler, count: int, sending: tuple[Path, str] | None) -> bool:
    return handler.count >= count and (sending is None or journal_state(*sending) == "sending")


def journal_state(journal: Path, recipient: str) -> str | None:
    """What the running command's journal says of `recipient` (read-only; WAL lets us read beside it)."""
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as db:
            row = db.execute("SELECT state FROM delivery WHERE recipient = ?", (recipient,)).fetchone()
    except sqlite3.Error:
        return None  # not created yet
    return None if row is None else str(row[0])


def in_doubt(stderr: str) -> set[str]:
    return set(re.findall(r"^in doubt: (\S+): ", stderr, flags=re.MULTILINE))


@pytest.mark.slow
def test_sigkill_mid_campaign_then_rerun_sends_each_once(tmp_path: Path) -> None:
    issue_dir = make_issue(tmp_path)
    emails = write_subscribers(tmp_path / "subscribers.csv", COUNT)
    # after KILL_AFTER messages the server stores each message, then stalls before its 250:
    # the kill lands between the server's acceptance and the journal's "sent"
    handler = FaultyHandler(slow_after=KILL_AFTER, slow_seconds=2.0)
    with smtp_server(handler) as port:
        # the journal's "sending" for the next recipient is committed just before its pipelined envelope
        # goes out, behind the stalled message: the kill then catches both, whatever the machine's load
        journal = tmp_path / f"{issue_dir.name}.send.sqlite"
        kill_when_received(command(issue_dir, port), handler, KILL_AFTER + 1, sending=(journal, emails[KILL_AFTER + 1]))
        handler.slow_after = None
        rerun = subprocess.run(command(issue_dir, port), env=environment(), capture_output=True, text=True, timeout=120)
        doubtful = in_doubt(rerun.stderr)
        received = handler.by_recipient()
        healed = subprocess.run(
            command(issue_dir, port, "--resend-in-doubt"),
            env=environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        after = handler.by_recipient()
    assert rerun.returncode == 3, rerun.stderr  # not everyone is known to be reached: the in-doubt ones
    # the kill caught message 8 stored by the server but unanswered, and message 9 whose MAIL/RCPT/DATA
    # had gone out pipelined behind it (its "sending" was committed first): both reported, neither resent
    assert doubtful == {emails[KILL_AFTER], emails[KILL_AFTER + 1]}
    assert sorted(received) == sorted(set(emails) - {emails[KILL_AFTER + 1]})  # the only one missing is reported
    assert all(len(copies) == 1 for copies in received.values())  # nobody twice
    assert f"{COUNT - KILL_AFTER - 2} sent now, {KILL_AFTER} sent before" in rerun.stdout
    assert healed.returncode == 0, healed.stderr  # asked for: the in-doubt ones get it (again)
    assert sorted(after) == emails
    assert {email for email, copies in after.items() if len(copies) > 1} == {emails[KILL_AFTER]}


@pytest.mark.slow
def test_repeated_kills_at_random_moments_never_duplicate_silently(tmp_path: Path) -> None:
    issue_dir = make_issue(tmp_path)
    emails = write_subscribers(tmp_path / "subscribers.csv", COUNT)
    handler = FaultyHandler()
    with smtp_server(handler) as port:
        for target in (3, 9, 14, 20):  # killed wherever it happens to be once the server has `target` messages
            if handler.count < target:
                kill_when_received(command(issue_dir, port, "-q"), handler, target)
        final = subprocess.run(
            command(issue_dir, port, "-q"), env=environment(), capture_output=True, text=True, timeout=120
        )
        doubtful = in_doubt(final.stderr)
        received = handler.by_recipient()
        duplicated = {email for email, copies in received.items() if len(copies) > 1}
        assert duplicated <= doubtful  # a second copy only for those reported in doubt (here: none are resent)
        assert not duplicated
        assert set(emails) - set(received) <= doubtful  # anyone missing is reported
        healed = subprocess.run(
            command(issue_dir, port, "-q", "--resend-in-doubt"),
            env=environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert healed.returncode == 0, healed.stderr
        assert sorted(handler.by_recipient()) == emails


@pytest.mark.slow
def test_kills_with_n_connections_never_duplicate_and_leave_at_most_two_in_doubt_each(tmp_path: Path) -> None:
    issue_dir = make_issue(tmp_path)
    emails = write_subscribers(tmp_path / "subscribers.csv", COUNT)
    handler = FaultyHandler(slow_after=4, slow_seconds=0.3)  # answers lag: several messages in flight per connection
    connections = 3
    with smtp_server(handler) as port:
        for target in (6, 14):
            if handler.count < target:
                kill_when_received(command(issue_dir, port, "-q", "--connections", str(connections)), handler, target)
        handler.slow_after = None
        final = subprocess.run(
            command(issue_dir, port, "-q", "--connections", str(connections)),
            env=environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        doubtful = in_doubt(final.stderr)
        received = handler.by_recipient()
    assert not {email for email, copies in received.items() if len(copies) > 1}  # nobody twice
    assert set(emails) - set(received) <= doubtful  # anyone missing is reported
    assert len(doubtful) <= 2 * connections * 2  # two kills, at most two per connection each

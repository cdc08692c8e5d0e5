"""Looking before sending: --dry-run writes the messages, --test-to mails each edition once."""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.clock import Clock
from newsletter.outputs import DRY_RUN, write_atomically
from newsletter.send.dkim import Signer
from newsletter.send.editions import IssueEditions
from newsletter.send.message import Composer, Recipient, Sender
from newsletter.send.subscribers import Subscriber
from newsletter.send.transport import Connection, Result

UNSAFE = re.compile(r"[^A-Za-z0-9@._+-]")


def dry_run(
    editions: IssueEditions, subscribers: list[Subscriber], sender: Sender, clock: Clock, sign: Signer, out_dir: Path
) -> list[Path]:
    """One .eml per subscriber, exactly the bytes that would be sent; the folder is replaced whole."""
    files = {}
    composer = Composer(editions.issue, sender)
    for subscriber in subscribers:
        edition = editions.editions[subscriber.lang]
        message = composer.compose(edition, Recipient(subscriber.email, subscriber.name), clock())
        files[f"{subscriber.line:06d}-{UNSAFE.sub('_', subscriber.email)}.eml"] = sign(message)
    return write_atomically(out_dir, files, marker=DRY_RUN)


def send_test_copies(
    editions: IssueEditions, address: str, sender: Sender, connection: Connection, clock: Clock, sign: Signer
) -> list[tuple[str, Result]]:
    """Every edition to one address, outside the journal; a fresh Message-ID each time."""
    results = []
    composer = Composer(editions.issue, sender)
    try:
        for name, edition in editions.editions.items():
            now = clock()
            message = sign(composer.compose(edition, Recipient(address, ""), now, salt=now.isoformat()))
            results.append((name, connection.deliver(sender.from_address.addr_spec, address, message, lambda: None)))
    finally:
        connection.close()
    return results

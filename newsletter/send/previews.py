"""Looking before sending: --dry-run writes the messages, --test-to mails each edition once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from newsletter.clock import Clock
from newsletter.errors import AddressError
from newsletter.outputs import DRY_RUN, replaced_folder
from newsletter.send.dkim import Signer
from newsletter.send.editions import IssueEditions
from newsletter.send.message import Composer, Recipient, Sender
from newsletter.send.subscribers import Subscriber
from newsletter.send.transport import Connection, Result

UNSAFE = re.compile(r"[^A-Za-z0-9@._+-]")


def dry_run(
    editions: IssueEditions,
    subscribers: Sequence[Subscriber],
    sender: Sender,
    clock: Clock,
    sign: Signer,
    out_dir: Path,
) -> int:
    """One .eml per subscriber, exactly the bytes that would be sent; the folder is replaced whole.

    Returns how many were written.
    """
    composer = Composer(editions.issue, sender)
    written = 0
    with replaced_folder(out_dir, DRY_RUN) as staging:
        for subscriber in subscribers:  # each written as soon as it is made: memory stays flat
            edition = editions.editions[subscriber.lang]
            message = composer.compose(edition, Recipient(subscriber.email, subscriber.name), clock())
            name = f"{subscriber.line:06d}-{UNSAFE.sub('_', subscriber.email)}.eml"
            # no fsync per file (100,000 of them take minutes): the folder appears whole or not at all by
            # its rename, and a power cut could only cost a preview, never a message sent
            (staging / name).write_bytes(sign(message))
            written += 1
    return written


def send_test_copies(
    editions: IssueEditions, address: str, sender: Sender, connection: Connection, clock: Clock, sign: Signer
) -> list[tuple[str, Result]]:
    """Every edition to one address, outside the journal; a fresh Message-ID each time."""
    results = []
    composer = Composer(editions.issue, sender)
    try:
        international = [a for a in (sender.from_address.addr_spec, address) if not a.isascii()]
        if (international or sender.needs_smtputf8) and not connection.offers_smtputf8():
            shown = international[0] if international else sender.from_address.addr_spec
            raise AddressError(f"the SMTP server does not offer SMTPUTF8, which the address {shown} needs")
        for name, edition in editions.editions.items():
            now = clock()
            message = sign(composer.compose(edition, Recipient(address, ""), now, salt=now.isoformat()))
            results.append((name, connection.deliver(sender.from_address.envelope, address, message, lambda: None)))
    finally:
        connection.close()
    return results

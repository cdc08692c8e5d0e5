"""`newsletter send ISSUE_DIR --subscribers CSV --smtp URL`: mail the issue, crash-safe."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from newsletter.clock import system_clock
from newsletter.commands.progress import progress_bar
from newsletter.config import Config, add_config_argument, load_config
from newsletter.errors import ConfigError, SendError
from newsletter.send.campaign import Campaign, Policy, Tally
from newsletter.send.dkim import Signer, load_key, make_signer
from newsletter.send.editions import IssueEditions, load_editions
from newsletter.send.journal import Journal
from newsletter.send.message import SECRET_ENV, Sender, parse_address, unsubscribe_secret
from newsletter.send.previews import dry_run, send_test_copies
from newsletter.send.subscribers import Subscriber, load_subscribers
from newsletter.send.suppression import Suppressions
from newsletter.send.transport import PASSWORD_ENV, USER_ENV, Connection, Outcome, parse_smtp_url

NOT_REACHED = 3
# A refusal that says the mailbox does not exist (RFC 5321 codes, RFC 3463 enhanced 5.1.x): not the message's fault.
PERMANENT = re.compile(r"^(?:55[013]\b|5\d\d 5\.1\.\d)")
MAX_CONNECTIONS = 32

EPILOG = f"""\
Crash-safe: every recipient's state is kept in an SQLite journal (default:
ISSUE_DIR.send.sqlite beside the issue folder, so a rebuild does not erase it).
If the run is killed, run the same command again: it sends only to those who
have not received the issue. A recipient whose message was on its way when the
run died is "in doubt": reported, not resent, unless --resend-in-doubt (at most
two per connection).
Addresses on the suppression list (see `newsletter suppress`, and
`newsletter unsubscribe-server` for the one-click endpoint) are never mailed.
4xx answers and dropped connections are retried with backoff; 5xx answers are
recorded as failed and listed at the end.

Environment:
  {USER_ENV}, {PASSWORD_ENV}   SMTP login (after TLS)
  {SECRET_ENV}    key of the personal unsubscribe tokens (HMAC)

Exit status:
  0  every subscriber has the issue (this run or an earlier one)
  1  error: bad input, server unreachable, login refused... (one line on stderr)
  {NOT_REACHED}  the run finished but some subscribers were not reached
     (failed, still deferred, or in doubt); they are listed on stderr
"""


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "send",
        help="email the issue to subscribers (crash-safe, resumable)",
        description="Send each subscriber the edition of their language (zh, en or both) of a built issue, "
        "as a text + HTML email with a personal unsubscribe link (RFC 8058 one-click headers).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("issue_dir", type=Path, metavar="ISSUE_DIR", help="folder written by `newsletter build`")
    parser.add_argument("--subscribers", type=Path, metavar="CSV", help="CSV with the columns email,name,lang")
    parser.add_argument(
        "--smtp",
        metavar="URL",
        help="smtp://host:port, smtps://host:port (TLS) or smtp+starttls://host:port (also smtp://host:port?starttls); "
        "default: [email] smtp_url in the settings",
    )
    parser.add_argument(
        "--from",
        dest="from_address",
        metavar="ADDRESS",
        help="sender, e.g. 'Harbor Peak Research <research@harborpeak.example>' (default: sender in the settings)",
    )
    parser.add_argument("--reply-to", metavar="ADDRESS", help="where replies go (default: reply_to in the settings)")
    parser.add_argument(
        "--unsubscribe-url",
        metavar="URL",
        help=f"base of the personal unsubscribe links (email, issue and token are added; "
        f"the token is an HMAC keyed by ${SECRET_ENV}; default: [email] unsubscribe_url in the settings)",
    )
    add_config_argument(parser)
    _add_delivery_options(parser)
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument(
        "--dry-run", type=Path, metavar="DIR", help="write one .eml per subscriber into DIR; send nothing"
    )
    modes.add_argument("--test-to", metavar="ADDRESS", help="send each edition once to ADDRESS (no journal)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return "send"


def _add_delivery_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--journal", type=Path, metavar="FILE", help="send journal (default: ISSUE_DIR.send.sqlite)")
    parser.add_argument(
        "--resend-in-doubt",
        action="store_true",
        help="also send to recipients left in doubt by an interrupted run (they may get it twice)",
    )
    parser.add_argument(
        "--fsync-journal",
        action="store_true",
        help="flush the journal to disk at every step: survives a power cut, not only a killed process (slower)",
    )
    parser.add_argument(
        "--rate", type=_positive, metavar="N", help="at most N messages per second, all connections together"
    )
    parser.add_argument(
        "--connections",
        type=_connections,
        metavar="N",
        help="send over N SMTP connections at once, each pipelined (default: [email] connections, else 1); "
        "a killed run leaves at most two recipients in doubt per connection",
    )
    parser.add_argument(
        "--allow-plain-auth",
        action="store_true",
        help=f"send the SMTP login ({USER_ENV}) over a connection without TLS to a host other than this machine",
    )
    parser.add_argument(
        "--max-attempts",
        type=int,
        default=5,
        metavar="N",
        help="attempts per recipient on temporary failures (default 5)",
    )
    parser.add_argument(
        "--retry-delay",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="first backoff after a temporary failure, doubled each time (default 2)",
    )
    parser.add_argument(
        "--suppressions",
        type=Path,
        metavar="FILE",
        help="the suppression list: addresses never mailed (default: [email] suppressions, suppressions.sqlite "
        "beside newsletter.toml)",
    )
    parser.add_argument(
        "--suppress-failed",
        action="store_true",
        help="add recipients the server refused for good (550, 551, 553 or 5.1.x: no such mailbox) "
        "to the suppression list",
    )
    parser.add_argument("--timeout", type=_positive, default=60.0, metavar="SECONDS", help="SMTP timeout (default 60)")
    parser.add_argument("--dkim-key", type=Path, metavar="PEM", help="sign with this DKIM private key (needs dkimpy)")
    parser.add_argument("--dkim-selector", default="newsletter", metavar="NAME", help="DKIM selector")
    parser.add_argument("--dkim-domain", metavar="DOMAIN", help="DKIM domain (default: the sender's)")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    _apply_settings(args, config)
    editions = load_editions(args.issue_dir, config.languages)
    sender = _sender(args)
    sign = _signer(args, sender)
    if args.test_to:
        return _test_to(args, editions, sender, sign)
    if args.subscribers is None:
        raise SendError("--subscribers is required (or --test-to ADDRESS)")
    subscribers = _in_languages(load_subscribers(args.subscribers), config.languages)
    suppressions = args.suppressions or config.suppressions
    suppressed = _suppressed(suppressions)
    if args.dry_run:
        subscribers = _not_suppressed(subscribers, suppressed)
        written = dry_run(editions, subscribers, sender, system_clock, sign, args.dry_run)
        print(f"{written} messages written to {args.dry_run}")
        return 0
    connections = [_connection(args) for _ in range(args.connections or 1)]
    journal = Journal.open(args.journal or _default_journal(args.issue_dir), system_clock, args.fsync_journal)
    try:
        _warn_if_rebuilt(journal, editions)
        policy = Policy(args.max_attempts, args.retry_delay, args.rate, args.resend_in_doubt)
        with ProgressBar(args.quiet, len(subscribers)) as progress:
            campaign = Campaign(
                editions, sender, journal, connections, system_clock, policy, sign, progress, suppressed=suppressed
            )
            tally = campaign.run(subscribers)
    finally:
        journal.close()
    if args.suppress_failed:
        _suppress_failed(suppressions, editions.issue, tally)
    return _report(editions.issue, tally)


def _suppressed(path: Path) -> frozenset[str]:
    """Who unsubscribed; no list yet means nobody (it is made by the endpoint or `newsletter suppress`)."""
    if not path.exists():
        return frozenset()
    with Suppressions.open(path, system_clock) as entries:
        return entries.addresses()


def _not_suppressed(subscribers: list[Subscriber], suppressed: frozenset[str]) -> list[Subscriber]:
    kept = [subscriber for subscriber in subscribers if subscriber.email.lower() not in suppressed]
    if len(kept) < len(subscribers):
        print(f"skipped: {len(subscribers) - len(kept)} subscriber(s) on the suppression list", file=sys.stderr)
    return kept


def _suppress_failed(path: Path, issue: str, tally: Tally) -> None:
    gone = [(email, detail) for email, detail in tally.failed if PERMANENT.match(detail)]
    with Suppressions.open(path, system_clock) as entries:
        added = sum(entries.add(email, issue, "bounce", detail) for email, detail in gone)
    print(f"{added} refused address(es) added to the suppression list {path}")


def _connection(args: argparse.Namespace) -> Connection:
    return Connection(parse_smtp_url(_require_smtp(args)), timeout=args.timeout, allow_plain_auth=args.allow_plain_auth)


def _apply_settings(args: argparse.Namespace, config: Config) -> None:
    """newsletter.toml fills what the command line leaves out."""
    args.from_address = args.from_address or config.sender
    args.reply_to = args.reply_to or config.reply_to
    args.smtp = args.smtp or config.smtp_url
    args.unsubscribe_url = args.unsubscribe_url or config.unsubscribe_url
    args.connections = args.connections or config.connections
    for value, option, key in (
        (args.from_address, "--from", "sender"),
        (args.unsubscribe_url, "--unsubscribe-url", "[email] unsubscribe_url"),
    ):
        if not value:
            raise SendError(f"{option} is required (or set {key} in newsletter.toml)")


def _in_languages(subscribers: list[Subscriber], languages: tuple[str, ...]) -> list[Subscriber]:
    """An edition left out of `languages` is not sent: its subscribers are named as skipped."""
    skipped = Counter(subscriber.lang for subscriber in subscribers if subscriber.lang not in languages)
    for edition, count in sorted(skipped.items()):
        print(f"skipped: {count} subscriber(s) of the {edition!r} edition, not in languages", file=sys.stderr)
    return [subscriber for subscriber in subscribers if subscriber.lang in languages]


def _warn_if_rebuilt(journal: Journal, editions: IssueEditions) -> None:
    earlier = journal.remember_editions(editions.issue, editions.fingerprint())
    served = journal.sent_count(editions.issue)
    if earlier and served:
        print(
            f"warning: {editions.issue} was rebuilt after sending began ({earlier}); the {served} subscribers "
            "already served have the earlier version, the others get this one",
            file=sys.stderr,
        )


def _sender(args: argparse.Namespace) -> Sender:
    secret = unsubscribe_secret()
    if not args.unsubscribe_url.startswith("https://") and not args.unsubscribe_url.startswith("http://"):
        raise SendError(f"--unsubscribe-url must be an http(s) URL, not {args.unsubscribe_url!r}")
    if not args.unsubscribe_url.isascii():  # a header carries it: percent-encoding is the sender's call
        raise ConfigError(
            f"--unsubscribe-url must be ASCII (percent-encode the rest, e.g. %E9%80%80): {args.unsubscribe_url!r}"
        )
    reply_to = parse_address(args.reply_to, "--reply-to") if args.reply_to else None
    return Sender(parse_address(args.from_address, "--from"), reply_to, args.unsubscribe_url, secret)


def _signer(args: argparse.Namespace, sender: Sender) -> Signer:
    if args.dkim_key is None:
        return lambda message: message
    return make_signer(load_key(args.dkim_key, args.dkim_selector, args.dkim_domain or sender.domain))


def _test_to(args: argparse.Namespace, editions: Any, sender: Sender, sign: Signer) -> int:
    address = parse_address(args.test_to, "--test-to").envelope
    connection = _connection(args)
    results = send_test_copies(editions, address, sender, connection, system_clock, sign)
    for name, result in results:
        print(f"{name}: {result.outcome} ({result.detail})")
    return 0 if all(result.outcome is Outcome.SENT for _, result in results) else NOT_REACHED


def _require_smtp(args: argparse.Namespace) -> str:
    if not args.smtp:
        raise SendError("--smtp URL is required (or --dry-run DIR)")
    return str(args.smtp)


def _default_journal(issue_dir: Path) -> Path:
    folder = issue_dir.resolve()
    return folder.with_name(folder.name + ".send.sqlite")


def _report(issue: str, tally: Tally) -> int:
    print(
        f"{issue}: {tally.sent_now} sent now, {tally.sent_before} sent before, {len(tally.failed)} failed, "
        f"{len(tally.deferred)} deferred, {len(tally.in_doubt)} in doubt, of {tally.total} subscribers"
    )
    if tally.suppressed:
        print(f"skipped: {tally.suppressed} subscriber(s) on the suppression list (unsubscribed), not mailed")
    for label, entries in (("failed", tally.failed), ("deferred", tally.deferred), ("in doubt", tally.in_doubt)):
        for email, detail in entries:
            print(f"{label}: {email}: {detail}", file=sys.stderr)
    if tally.in_doubt:
        print("in doubt: these may or may not have the issue; --resend-in-doubt sends it again", file=sys.stderr)
    if tally.deferred:
        print("deferred: the server asked to try later; rerun the same command to retry them", file=sys.stderr)
    return 0 if tally.reached else NOT_REACHED


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {value}")
    return number


def _connections(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_CONNECTIONS:
        raise argparse.ArgumentTypeError(f"must be 1 to {MAX_CONNECTIONS}, not {value}")
    return number


class ProgressBar:
    """tqdm's bar on stderr (stdout keeps the summary), fed from the campaign's tally."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.bar = progress_bar(total, "sending", "msg", quiet)
        self.shown = 0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

    def __call__(self, tally: Tally) -> None:
        self.bar.update(tally.done - self.shown)
        self.shown = tally.done

"""A campaign: every subscriber of one issue, each sent at most once.

The journal decides who still needs the issue; one worker per SMTP
connection takes the next subscriber from a shared queue and sends over its
own pipelined connection, pacing the whole run to the rate limit, retrying
temporary failures (4xx, dropped connections) with a bounded exponential
backoff. Each connection leaves at most two recipients in doubt.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from newsletter.clock import Clock
from newsletter.errors import AddressError, SendError
from newsletter.send.dkim import Signer
from newsletter.send.editions import IssueEditions
from newsletter.send.journal import Journal, State
from newsletter.send.message import Composer, Recipient, Sender
from newsletter.send.subscribers import Subscriber
from newsletter.send.transport import ConnectError, Connection, Outcome, Result

MAX_DELAY = 300.0
T = TypeVar("T")
Queued = tuple[float, int, int, Subscriber]  # (ready at, order, attempt, subscriber)


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 5  # per recipient, and for reconnecting
    retry_delay: float = 2.0  # first backoff in seconds; doubles each attempt
    rate: float | None = None  # messages per second, the whole run (all connections together)
    resend_in_doubt: bool = False


@dataclass
class Tally:
    """What happened; `reached` is True only when every subscriber has the issue or has left the list."""

    total: int = 0
    sent_now: int = 0
    sent_before: int = 0
    suppressed: int = 0  # on the suppression list: skipped, never mailed
    failed: list[tuple[str, str]] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    in_doubt: list[tuple[str, str]] = field(default_factory=list)

    @property
    def done(self) -> int:
        settled = len(self.failed) + len(self.deferred) + len(self.in_doubt)
        return self.sent_now + self.sent_before + self.suppressed + settled

    @property
    def reached(self) -> bool:
        return self.sent_now + self.sent_before + self.suppressed == self.total


Progress = Callable[[Tally], None]
Sleep = Callable[[float], None]
Monotonic = Callable[[], float]


@dataclass
class Campaign:
    editions: IssueEditions
    sender: Sender
    journal: Journal
    connections: Sequence[Connection]  # one worker each
    clock: Clock
    policy: Policy = field(default_factory=Policy)
    sign: Signer = lambda message: message
    progress: Progress = lambda tally: None
    sleep: Sleep = time.sleep
    monotonic: Monotonic = time.monotonic
    suppressed: Collection[str] = frozenset()  # lower-case addresses never to mail
    tally: Tally = field(default_factory=Tally)

    @property
    def issue(self) -> str:
        return self.editions.issue

    @cached_property
    def composer(self) -> Composer:
        return Composer(self.issue, self.sender)

    @cached_property
    def lock(self) -> threading.Lock:
        """Held while the tally, the journal's states and the queue change: workers share them."""
        return threading.Lock()

    def run(self, subscribers: Sequence[Subscriber]) -> Tally:
        self.tally = Tally(total=len(subscribers))
        todo = self._plan(subscribers)
        self.progress(self.tally)
        try:
            self._require_smtputf8(todo)
            self._send_all(todo)
        finally:
            for connection in self.connections:
                connection.close()
        return self.tally

    def _plan(self, subscribers: Sequence[Subscriber]) -> list[Subscriber]:
        """Who still needs the issue, according to the journal and the suppression list."""
        self.journal.register(self.issue, (key(s) for s in subscribers))
        states = self.journal.states(self.issue)
        todo = []
        for subscriber in subscribers:
            state, detail = states[key(subscriber)]
            if state is State.PENDING and key(subscriber) in self.suppressed:
                self.tally.suppressed += 1
                continue
            if state is State.SENDING and self.policy.resend_in_doubt:
                self.journal.mark(self.issue, key(subscriber), State.PENDING, "resent after being in doubt")
                state = State.PENDING
            if state is State.PENDING:
                todo.append(subscriber)
            else:
                self._count_settled(subscriber, state, detail)
        return todo

    def _count_settled(self, subscriber: Subscriber, state: State, detail: str) -> None:
        if state is State.SENT:
            self.tally.sent_before += 1
        elif state is State.FAILED:
            self.tally.failed.append((subscriber.email, detail))
        else:
            self.tally.in_doubt.append((subscriber.email, detail or "interrupted during sending"))

    def _require_smtputf8(self, todo: list[Subscriber]) -> None:
        """International addresses go out only with SMTPUTF8; without it, nothing is sent at all."""
        needing = [self.sender.from_address.addr_spec] if self.sender.needs_smtputf8 else []
        needing += [subscriber.email for subscriber in todo if subscriber.needs_smtputf8]
        if not needing or not todo:
            return
        if not self._with_reconnect(self.connections[0].offers_smtputf8):
            more = f" (and {len(needing) - 1} more)" if len(needing) > 1 else ""
            raise AddressError(
                f"the SMTP server {self.connections[0].endpoint} does not offer SMTPUTF8, which the address "
                f"{needing[0]}{more} needs; nothing was sent"
            )

    def _send_all(self, todo: list[Subscriber]) -> None:
        # (ready at, order, attempt, subscriber): retries wait without holding up the others
        work = Work([(0.0, order, 0, subscriber) for order, subscriber in enumerate(todo)])
        pacer = Pacer(self.policy.rate, self.sleep, self.monotonic)
        if len(self.connections) == 1:
            self._worker(self.connections[0], work, pacer)
            return
        threads = [
            threading.Thread(target=self._guarded_worker, args=(connection, work, pacer), daemon=True)
            for connection in self.connections
        ]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            work.stop = True  # Ctrl-C or a worker's error: the others finish what is in flight, then stop
            for thread in threads:
                thread.join()
        if work.error is not None:
            raise work.error

    def _guarded_worker(self, connection: Connection, work: Work, pacer: Pacer) -> None:
        try:
            self._worker(connection, work, pacer)
        except BaseException as error:  # handed to the main thread, which raises it
            work.fail(error)

    def _worker(self, connection: Connection, work: Work, pacer: Pacer) -> None:
        """One connection's loop: submit the next ready message, collect answers, never keep one waiting."""
        flying: dict[int, Queued] = {}  # submitted, final answer not read yet (by tag)
        tags = itertools.count()
        while not work.stop:
            item, wait = work.take(self.monotonic(), lock=self.lock)
            if item is None and flying:
                self._settle_all(connection.flush(), flying, work)
                continue
            if item is None:
                if wait is None:
                    return
                self.sleep(wait)
                continue
            pacer.wait()
            tag = next(tags)
            flying[tag] = item
            self._settle_all(self._submit(connection, item[3], tag), flying, work)
        self._settle_all(connection.flush(), flying, work)

    def _submit(self, connection: Connection, subscriber: Subscriber, tag: int) -> list[tuple[int, Result]]:
        edition = self.editions.editions[subscriber.lang]
        message = self.sign(self.composer.compose(edition, Recipient(subscriber.email, subscriber.name), self.clock()))
        recipient = key(subscriber)

        def before_data() -> None:
            with self.lock:
                self.journal.mark(self.issue, recipient, State.SENDING, attempt=True)

        return self._with_reconnect(
            lambda: connection.submit(self.sender.from_address.envelope, subscriber.rcpt, message, before_data, tag)
        )

    def _settle_all(self, done: list[tuple[int, Result]], flying: dict[int, Queued], work: Work) -> None:
        state = {Outcome.SENT: State.SENT, Outcome.FAILED: State.FAILED, Outcome.RETRY: State.PENDING}
        for tag, result in done:
            _, order, attempt, subscriber = flying.pop(tag)
            with self.lock:
                if result.outcome in state:  # in doubt: stays "sending", as a crash would leave it
                    self.journal.mark(self.issue, key(subscriber), state[result.outcome], result.detail)
                if result.outcome is Outcome.RETRY and attempt + 1 < self.policy.max_attempts:
                    work.push((self.monotonic() + self._backoff(attempt), order, attempt + 1, subscriber))
                    continue
                self._settle(subscriber, result)
                self.progress(self.tally)

    def _with_reconnect(self, deliver: Callable[[], T]) -> T:
        """A server that cannot be reached stops the campaign after the last backoff."""
        for attempt in range(self.policy.max_attempts):
            try:
                return deliver()
            except ConnectError as error:
                if attempt + 1 == self.policy.max_attempts:
                    raise SendError(
                        f"{error}; {self.tally.sent_now} sent in this run, rerun the same command to continue"
                    ) from error
                self.sleep(self._backoff(attempt))
        raise AssertionError("unreachable")

    def _settle(self, subscriber: Subscriber, result: Result) -> None:
        outcome = result.outcome
        if outcome is Outcome.SENT:
            self.tally.sent_now += 1
        elif outcome is Outcome.FAILED:
            self.tally.failed.append((subscriber.email, result.detail))
        elif outcome is Outcome.IN_DOUBT:
            self.tally.in_doubt.append((subscriber.email, result.detail))
        else:
            self.tally.deferred.append(
                (subscriber.email, f"gave up for now after {self.policy.max_attempts} attempts: {result.detail}")
            )

    def _backoff(self, attempt: int) -> float:
        return float(min(MAX_DELAY, self.policy.retry_delay * 2**attempt))


class Work:
    """The queue all workers take from: by time when ready, then by list order."""

    def __init__(self, queue: list[Queued]) -> None:
        self.queue = queue  # already a heap: ready at 0, in order
        self.stop = False
        self.error: BaseException | None = None

    def take(self, now: float, lock: threading.Lock) -> tuple[Queued | None, float | None]:
        """The next ready message; else None and how long until one is (None: the queue is empty)."""
        with lock:
            if not self.queue:
                return None, None
            if self.queue[0][0] <= now:
                return heapq.heappop(self.queue), None
            return None, self.queue[0][0] - now

    def push(self, item: Queued) -> None:
        heapq.heappush(self.queue, item)  # the caller holds the campaign's lock

    def fail(self, error: BaseException) -> None:
        self.error = self.error or error
        self.stop = True


class Pacer:
    """At most `rate` messages a second, on average, without bursts, over all connections."""

    def __init__(self, rate: float | None, sleep: Sleep, monotonic: Monotonic = time.monotonic) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.sleep = sleep
        self.monotonic = monotonic
        self.next_at = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:  # each message takes the next free slot; the sleeping happens outside
            now = self.monotonic()
            slot = max(now, self.next_at)
            self.next_at = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


def key(subscriber: Subscriber) -> str:
    return subscriber.email.lower()

"""A campaign: every subscriber of one issue, each sent at most once.

The journal decides who still needs the issue; the loop sends to them over
one connection, pacing to the rate limit, retrying temporary failures (4xx,
dropped connections) with a bounded exponential backoff.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from newsletter.clock import Clock
from newsletter.errors import SendError
from newsletter.send.dkim import Signer
from newsletter.send.editions import IssueEditions
from newsletter.send.journal import Journal, State
from newsletter.send.message import Composer, Recipient, Sender
from newsletter.send.subscribers import Subscriber
from newsletter.send.transport import ConnectError, Connection, Outcome, Result

MAX_DELAY = 300.0
Queued = tuple[float, int, int, Subscriber]  # (ready at, order, attempt, subscriber)


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 5  # per recipient, and for reconnecting
    retry_delay: float = 2.0  # first backoff in seconds; doubles each attempt
    rate: float | None = None  # messages per second
    resend_in_doubt: bool = False


@dataclass
class Tally:
    """What happened; `reached` is True only when every subscriber has the issue."""

    total: int = 0
    sent_now: int = 0
    sent_before: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    in_doubt: list[tuple[str, str]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.sent_now + self.sent_before + len(self.failed) + len(self.deferred) + len(self.in_doubt)

    @property
    def reached(self) -> bool:
        return self.sent_now + self.sent_before == self.total


Progress = Callable[[Tally], None]
Sleep = Callable[[float], None]


@dataclass
class Campaign:
    editions: IssueEditions
    sender: Sender
    journal: Journal
    connection: Connection
    clock: Clock
    policy: Policy = field(default_factory=Policy)
    sign: Signer = lambda message: message
    progress: Progress = lambda tally: None
    sleep: Sleep = time.sleep
    tally: Tally = field(default_factory=Tally)

    @property
    def issue(self) -> str:
        return self.editions.issue

    @cached_property
    def composer(self) -> Composer:
        return Composer(self.issue, self.sender)

    def run(self, subscribers: list[Subscriber]) -> Tally:
        self.tally = Tally(total=len(subscribers))
        todo = self._plan(subscribers)
        self.progress(self.tally)
        try:
            self._send_all(todo)
        finally:
            self.connection.close()
        return self.tally

    def _plan(self, subscribers: list[Subscriber]) -> list[Subscriber]:
        """Who still needs the issue, according to the journal."""
        self.journal.register(self.issue, (key(s) for s in subscribers))
        states = self.journal.states(self.issue)
        todo = []
        for subscriber in subscribers:
            state, detail = states[key(subscriber)]
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

    def _send_all(self, todo: list[Subscriber]) -> None:
        # (ready at, order, attempt, subscriber): retries wait without holding up the others
        queue: list[Queued] = [(0.0, order, 0, subscriber) for order, subscriber in enumerate(todo)]
        flying: dict[int, Queued] = {}  # submitted, final answer not read yet (by tag)
        pacer = Pacer(self.policy.rate, self.sleep)
        tags = itertools.count()
        while queue or flying:
            if flying and (not queue or queue[0][0] > time.monotonic()):
                self._settle_all(self.connection.flush(), flying, queue)  # never keep an answer waiting
                continue
            item = heapq.heappop(queue)
            if item[0] > time.monotonic():
                self.sleep(item[0] - time.monotonic())
            pacer.wait()
            tag = next(tags)
            flying[tag] = item
            self._settle_all(self._submit(item[3], tag), flying, queue)

    def _submit(self, subscriber: Subscriber, tag: int) -> list[tuple[int, Result]]:
        edition = self.editions.editions[subscriber.lang]
        message = self.sign(self.composer.compose(edition, Recipient(subscriber.email, subscriber.name), self.clock()))
        recipient = key(subscriber)

        def before_data() -> None:
            self.journal.mark(self.issue, recipient, State.SENDING, attempt=True)

        return self._with_reconnect(
            lambda: self.connection.submit(
                self.sender.from_address.addr_spec, subscriber.email, message, before_data, tag
            )
        )

    def _settle_all(self, done: list[tuple[int, Result]], flying: dict[int, Queued], queue: list[Queued]) -> None:
        for tag, result in done:
            _, order, attempt, subscriber = flying.pop(tag)
            state = {Outcome.SENT: State.SENT, Outcome.FAILED: State.FAILED, Outcome.RETRY: State.PENDING}
            if result.outcome in state:  # in doubt: stays "sending", as a crash would leave it
                self.journal.mark(self.issue, key(subscriber), state[result.outcome], result.detail)
            if result.outcome is Outcome.RETRY and attempt + 1 < self.policy.max_attempts:
                retry_at = time.monotonic() + self._backoff(attempt)
                heapq.heappush(queue, (retry_at, order, attempt + 1, subscriber))
                continue
            self._settle(subscriber, result)
            self.progress(self.tally)

    def _with_reconnect(self, deliver: Callable[[], list[tuple[int, Result]]]) -> list[tuple[int, Result]]:
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


class Pacer:
    """At most `rate` messages a second, on average, without bursts."""

    def __init__(self, rate: float | None, sleep: Sleep) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.sleep = sleep
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            self.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def key(subscriber: Subscriber) -> str:
    return subscriber.email.lower()

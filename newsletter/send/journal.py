"""The send journal: one SQLite row per (issue, recipient) with its state.

pending -> sending (committed just before DATA) -> sent (committed after the
server's 250) or failed (5xx). Each change is its own committed transaction,
so a run killed at any instant leaves at most two recipients in "sending"
(one when the server does not offer PIPELINING): their messages may or may
not have gone out, and they are reported, not resent.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO

from newsletter.clock import Clock
from newsletter.errors import SendError

SCHEMA = """
CREATE TABLE IF NOT EXISTS delivery (
    issue TEXT NOT NULL,
    recipient TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    PRIMARY KEY (issue, recipient)
);
CREATE TABLE IF NOT EXISTS edition_set (
    issue TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    recorded TEXT NOT NULL
);
"""


class State(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Journal:
    """Open with `Journal.open(path, clock)`; only one process may hold it."""

    def __init__(self, db: sqlite3.Connection, lock: IO[bytes], clock: Clock, path: str = "") -> None:
        self.path = path
        self.db = db
        self.lock = lock
        self.clock = clock

    @classmethod
    def open(cls, path: Path, clock: Clock, fsync: bool = False) -> Journal:
        lock = _lock(path)
        try:
            # autocommit: every statement is committed; the workers of a campaign share it under its lock
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # In WAL mode every commit reaches the OS before the next SMTP command, which is what
            # surviving SIGKILL needs; fsync per commit (FULL) also survives a power cut, at ~2 ms a commit.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={'FULL' if fsync else 'NORMAL'}")
            db.executescript(SCHEMA)
        except sqlite3.Error as error:
            lock.close()
            raise SendError(f"cannot open the send journal: {error}", file=str(path)) from error
        return cls(db, lock, clock, str(path))

    def register(self, issue: str, recipients: Iterable[str]) -> None:
        """Add new recipients as pending; those already known keep their state."""
        now = self._now()
        with self._guard(), self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR IGNORE INTO delivery (issue, recipient, state, updated) VALUES (?, ?, 'pending', ?)",
                ((issue, recipient, now) for recipient in recipients),
            )

    def remember_editions(self, issue: str, fingerprint: str) -> str | None:
        """Record what is being sent; when the issue was rebuilt since, the time of the earlier version."""
        with self._guard():
            row = self.db.execute("SELECT fingerprint, recorded FROM edition_set WHERE issue = ?", (issue,)).fetchone()
            if row is not None and row[0] == fingerprint:
                return None
            self.db.execute(
                "INSERT OR REPLACE INTO edition_set (issue, fingerprint, recorded) VALUES (?, ?, ?)",
                (issue, fingerprint, self._now()),
            )
        return None if row is None else str(row[1])

    def sent_count(self, issue: str) -> int:
        with self._guard():
            sql = "SELECT count(*) FROM delivery WHERE issue = ? AND state = 'sent'"
            return int(self.db.execute(sql, (issue,)).fetchone()[0])

    def states(self, issue: str) -> dict[str, tuple[State, str]]:
        with self._guard():
            rows = self.db.execute("SELECT recipient, state, detail FROM delivery WHERE issue = ?", (issue,))
            return {recipient: (State(state), detail) for recipient, state, detail in rows}

    def mark(self, issue: str, recipient: str, state: State, detail: str = "", attempt: bool = False) -> None:
        with self._guard():
            self.db.execute(
                "UPDATE delivery SET state = ?, detail = ?, updated = ?, attempts = attempts + ? "
                "WHERE issue = ? AND recipient = ?",
                (state.value, detail, self._now(), int(attempt), issue, recipient),
            )

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A journal that cannot be written (read-only, disk full) stops the run before the next message."""
        try:
            yield
        except sqlite3.Error as error:
            raise SendError(
                f"the send journal cannot be used: {error}; nothing more is sent, fix it and rerun the same command",
                file=self.path,
            ) from error

    def close(self) -> None:
        self.db.close()
        self.lock.close()

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")


def _lock(path: Path) -> IO[bytes]:
    """Two runs of one campaign at once could send twice: the second is refused."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "wb")  # noqa: SIM115 - held until close()
    except OSError as error:
        raise SendError(f"cannot create the send journal: {error.strerror}", file=str(path)) from error
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        lock.close()
        raise SendError(
            "another `newsletter send` is using this journal; wait for it to finish", file=str(path)
        ) from error
    return lock

"""The suppression list: addresses that left, kept in SQLite, never mailed again.

One row per address (lower-case), with the issue whose link was used, why
(one-click, confirmed, manual, import, bounce) and when. Adding is
idempotent: the first record stays, a replayed unsubscribe changes nothing.
The list lives outside the issue folders (`[email] suppressions`, default
suppressions.sqlite beside newsletter.toml) so that `send`, the unsubscribe
endpoint and `newsletter suppress` all find the same file, and a rebuild or
a cleaned `out/` cannot lose it. WAL mode: the endpoint may write while a
`send` reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsletter.clock import Clock
from newsletter.errors import SendError

SCHEMA = """
CREATE TABLE IF NOT EXISTS suppression (
    address TEXT PRIMARY KEY,
    issue TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    recorded TEXT NOT NULL
);
"""
REASONS = ("one-click", "confirmed", "manual", "import", "bounce")


@dataclass(frozen=True)
class Entry:
    address: str
    issue: str
    reason: str
    detail: str
    recorded: str


class Suppressions:
    """Open with `Suppressions.open(path, clock)`; close when done (or use `with`)."""

    def __init__(self, db: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.db = db
        self.path = path
        self.clock = clock

    @classmethod
    def open(cls, path: Path, clock: Clock) -> Suppressions:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as error:
            raise SendError(f"cannot open the suppression list: {error}", file=str(path)) from error
        return cls(db, path, clock)

    def __enter__(self) -> Suppressions:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, address: str, issue: str, reason: str, detail: str = "") -> bool:
        """Record that `address` left; False when it was already on the list (kept as first recorded)."""
        now = self.clock().isoformat(timespec="seconds")
        with self._guard():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO suppression (address, issue, reason, detail, recorded) VALUES (?, ?, ?, ?, ?)",
                (address.strip().lower(), issue, reason, detail, now),
            )
        return cursor.rowcount == 1

    def addresses(self) -> frozenset[str]:
        with self._guard():
            return frozenset(row[0] for row in self.db.execute("SELECT address FROM suppression"))

    def entry(self, address: str) -> Entry | None:
        with self._guard():
            row = self.db.execute(
                "SELECT address, issue, reason, detail, recorded FROM suppression WHERE address = ?",
                (address.strip().lower(),),
            ).fetchone()
        return None if row is None else Entry(*row)

    def entries(self) -> Iterator[Entry]:
        with self._guard():
            rows = self.db.execute("SELECT address, issue, reason, detail, recorded FROM suppression ORDER BY recorded")
            yield from (Entry(*row) for row in rows)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise SendError(f"the suppression list cannot be used: {error}", file=str(self.path)) from error

"""Checks run on rendered outputs before anything is written or sent.

Each check gets the issue and every output (file name -> bytes) and returns
findings; a blocking finding stops the build and `newsletter check`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsletter.model import Issue


@dataclass(frozen=True)
class Finding:
    check: str  # e.g. "compliance", "figures", "translation"
    message: str
    output: str | None = None  # the file the finding is about
    blocking: bool = True
    blocks_sending: bool = False  # a build warning that `newsletter check` (the preflight) turns into an error

    def __str__(self) -> str:
        where = f"{self.output}: " if self.output else ""
        level = "error" if self.blocking else "warning"
        return f"{level}: [{self.check}] {where}{self.message}"


Check = Callable[[Issue, dict[str, bytes]], list[Finding]]

_CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        _CHECKS[name] = check
        return check

    return decorate


def run_checks(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    from newsletter.checks import compliance, email, figures  # noqa: F401

    return [finding for check in _CHECKS.values() for finding in check(issue, outputs)]

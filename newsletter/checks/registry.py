"""The one check registry: every check `build` and `check` run, by name.

A check gets what is being checked (`Checked`: the issue, its outputs, the
translation memory and catalog) and returns findings. Each finding has one
`Severity`; each check one `Phase`: BUILD checks run in `build` (and
`preview`) and again in `check`, PREFLIGHT checks only in `check`, just
before sending. Its own module so checks register without importing the
package that loads them (no import cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from newsletter.model import Issue
from newsletter.translate.catalog import Memory


class Severity(StrEnum):
    INFO = "info"  # worth knowing; stops nothing
    WARNING = "warning"  # the editor should look; stops nothing
    BLOCKS_BUILD = "blocks build"  # the build writes nothing (and `check` fails)
    BLOCKS_SENDING = "blocks sending"  # a warning at build time; `check` fails (an email Gmail would clip)


class Phase(StrEnum):
    BUILD = "build"  # run by build, preview and check
    PREFLIGHT = "preflight"  # run by check only, before anything goes to clients


@dataclass(frozen=True)
class Finding:
    check: str  # e.g. "compliance", "figures", "translation"
    message: str
    output: str | None = None  # the file the finding is about
    severity: Severity = Severity.BLOCKS_BUILD

    def blocks(self, sending: bool = False) -> bool:
        """Whether it stops the build (sending=False) or the preflight before sending (sending=True)."""
        return self.severity is Severity.BLOCKS_BUILD or (sending and self.severity is Severity.BLOCKS_SENDING)

    def line(self, sending: bool = False) -> str:
        level = "error" if self.blocks(sending) else "info" if self.severity is Severity.INFO else "warning"
        where = f"{self.output}: " if self.output else ""
        return f"{level}: [{self.check}] {where}{self.message}"

    def __str__(self) -> str:
        return self.line()


@dataclass(frozen=True)
class Checked:
    """What the checks look at."""

    issue: Issue
    outputs: Mapping[str, bytes]  # file name in the issue folder -> bytes
    memory: Memory | None = None  # the translation memory the issue was made with
    catalog: Path | None = None  # the catalog file behind `memory`
    catalog_sha256: str | None = None  # the catalog's hash when the issue was built (preflight of a folder)


Check = Callable[[Checked], list[Finding]]


@dataclass(frozen=True)
class Registered:
    check: Check
    phase: Phase


CHECKS: dict[str, Registered] = {}


def register(name: str, phase: Phase = Phase.BUILD) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        CHECKS[name] = Registered(check, phase)
        return check

    return decorate

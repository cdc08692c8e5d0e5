"""How much a report may ask of the reader before it is refused.

A PDF can be small and still draw millions of things: one form drawn 3,000
times, or a page of four million characters, takes a reader past gigabytes
of memory. The PDF reader counts what each page draws while it is
interpreted, before any layout is built, and refuses a report beyond these
bounds (exit 2, naming the page). Ordinary reports stay far below them: a
dense page of 8-point Chinese has about 5,000 characters.

The bounds are settings ([limits] in newsletter.toml); the command that
reads reports applies them with `use_read_limits` before reading.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    page_chars: int = 50_000  # characters drawn on one page
    document_chars: int = 1_000_000  # characters drawn in the whole report
    page_objects: int = 100_000  # shapes, images and forms drawn on one page


_current = [ReadLimits()]


def read_limits() -> ReadLimits:
    return _current[0]


def use_read_limits(limits: ReadLimits) -> None:
    """The bounds for the reports read from now on in this process."""
    _current[0] = limits

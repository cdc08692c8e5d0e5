"""The readers' registry: file suffix -> reader function.

Its own module so a reader registers itself without importing the package
that loads it (no import cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsletter.model import Report

Reader = Callable[[Path], Report]

READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = reader
        return reader

    return decorate

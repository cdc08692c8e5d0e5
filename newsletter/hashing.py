"""Hashes used across stages: a file's sha256, the code's fingerprint.

A neutral module: the readers (a report's sha256), the extraction cache, the
template cache, the issue folder and `check` (the catalog's) all hash, and
none of them should import another stage for it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import newsletter


def sha256_of(path: Path) -> str:
    """The file's sha256 (the one hashing helper: reports, cache keys, catalogs)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


@cache
def code_fingerprint() -> str:
    """A hash of the package's sources: any code change may change extraction or compiled templates."""
    digest = hashlib.sha256()
    package = Path(newsletter.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]

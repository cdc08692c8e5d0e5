"""When and how this program may use more processes (reading reports, rendering beside)."""

from __future__ import annotations

import threading
from multiprocessing import get_all_start_methods


def start_method() -> str:
    """fork: a worker starts with everything already imported and built (seconds per worker
    otherwise); but a process running threads (a server) is not copied: forkserver or spawn then."""
    if can_fork():
        return "fork"
    return "forkserver" if "forkserver" in get_all_start_methods() else "spawn"


def can_fork() -> bool:
    """A copy of this process is safe: fork exists here and no other thread could hold a lock."""
    return "fork" in get_all_start_methods() and threading.active_count() == 1

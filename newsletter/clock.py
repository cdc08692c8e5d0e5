"""The clock is injected so that builds are reproducible.

`SOURCE_DATE_EPOCH` (the reproducible-builds convention) pins it; tests pass
their own clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


def fixed_clock(moment: dt.datetime) -> Clock:
    return lambda: moment

"""Run every benchmark in this folder: `python -m bench [NAME...]`.

Each `bench/bench_*.py` has a `main() -> int` that measures our code against
a baseline in the same run and prints the ratio; machines here are shared and
noisy, so only ratios measured side by side mean anything.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    here = Path(__file__).parent
    found = sorted(p.stem for p in here.glob("bench_*.py"))
    chosen = [n for n in found if not names or n.removeprefix("bench_") in names or n in names]
    failures = 0
    for name in chosen:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        failures += int(module.main() != 0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

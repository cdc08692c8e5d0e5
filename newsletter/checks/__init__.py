"""Checks run on rendered outputs before anything is written or sent.

One registry (`checks/registry.py`) holds every check `build` and `check`
run; each finding carries a `Severity` (info, warning, blocks build, blocks
sending). `build` runs the BUILD-phase checks and writes nothing when one
blocks the build; `check` (the preflight) runs them all and fails on any
finding that blocks sending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from newsletter.checks.registry import CHECKS
from newsletter.checks.registry import Check as Check
from newsletter.checks.registry import Checked as Checked
from newsletter.checks.registry import Finding as Finding
from newsletter.checks.registry import Phase as Phase
from newsletter.checks.registry import Severity as Severity
from newsletter.checks.registry import register as register
from newsletter.render import read_back


def run_checks(checked: Checked, phase: Phase = Phase.BUILD) -> list[Finding]:
    """The findings of every check of the phase, in registry order (the preflight: blocking ones first)."""
    _load_builtin_checks()
    if phase is Phase.BUILD:
        return [f for entry in CHECKS.values() if entry.phase is Phase.BUILD for f in entry.check(checked)]
    unreadable = _unreadable(checked.outputs)
    readable = replace(checked, outputs={k: v for k, v in checked.outputs.items() if k not in unreadable})
    findings = list(unreadable.values()) + [f for entry in CHECKS.values() for f in entry.check(readable)]
    return sorted(findings, key=lambda finding: not finding.blocks(sending=True))


def _unreadable(outputs: Mapping[str, bytes]) -> dict[str, Finding]:
    """Outputs that do not open (a damaged DOCX...): reported, and kept from the other checks."""
    found = {}
    for name, data in outputs.items():
        try:
            read_back(name, data)
        except Exception as error:  # zip, XML and parser libraries each raise their own kinds
            message = f"cannot be opened ({type(error).__name__}: {error}); rebuild"
            found[name] = Finding("readable", message, name, Severity.BLOCKS_SENDING)
    return found


def _load_builtin_checks() -> None:
    # Imported on use: the checks pull in the renderers' read-back functions.
    from newsletter.checks import compliance, email, figures, preflight, translation  # noqa: F401

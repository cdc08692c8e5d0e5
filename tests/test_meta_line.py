"""The card's meta line (broker · date · analysts) when the reader left an analyst's name empty.

The reader leaves a name it is unsure of empty (README, "Front-page metadata"); the
line must then list the named analysts only, with no stray separator.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsletter.issue import make_issue
from newsletter.model import Analyst
from newsletter.readers import read_report
from newsletter.render import render_all
from newsletter.render.templates import make_environment
from newsletter.translate.catalog import load_memory
from tests.render_fixture import CATALOG, MOMENT

LAKEVIEW = Path(__file__).resolve().parent / "data" / "lakeview_company.txt"  # 澄湖证券, analyst 宋明远


def rendered(analysts: tuple[Analyst, ...], depth: str) -> dict[str, str]:
    report = dataclasses.replace(read_report(LAKEVIEW), analysts=analysts)
    issue = make_issue([report], load_memory(CATALOG), now=MOMENT)
    outputs = render_all(
        dataclasses.replace(issue, depths=dataclasses.replace(issue.depths, email=depth)), make_environment(None)
    )
    return {name: data.decode("utf-8") for name, data in outputs.items() if name.endswith((".txt", ".md"))}


def test_an_unnamed_analyst_leaves_no_stray_separator() -> None:
    unsure = Analyst("", sac="S0990526010001")
    named = Analyst("宋明远", sac="S0990526010007")
    for depth in ("card", "full"):
        for name, text in rendered((unsure, named), depth).items():
            assert " · , " not in text and " · 、" not in text, name
            assert "(SAC S0990526010001)" not in text, name
        en = rendered((unsure, named), depth)["editions/en.txt"]
        assert "Song Mingyuan" in en
    full = rendered((unsure, named), "full")["briefing.md"]
    assert "(SAC S0990526010007)" in full  # the named analyst keeps his own number


def test_no_named_analyst_leaves_no_trailing_dot() -> None:
    for name, text in rendered((Analyst("", sac="S0990526010001"),), "card").items():
        assert all(not line.rstrip().endswith(" ·") for line in text.splitlines()), name

"""The real seed report (../shared) through the whole build: every compliance
paragraph must survive into every output, or the build refuses."""

from __future__ import annotations

from pathlib import Path

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock
from tests.render_fixture import MOMENT

SEED_PDF = "guojin_ai_weekly_2026w11.pdf"


def test_seed_pdf_builds_with_verbatim_compliance_blocks(seed_dir: Path, tmp_path: Path) -> None:
    result = build([seed_dir / SEED_PDF], str(tmp_path / "{issue}"), BuildOptions(), fixed_clock(MOMENT), print)
    assert result.out_dir == tmp_path / "2026-W11"
    assert {p.name for p in result.files} >= {"briefing.md", "briefing.html", "briefing.txt", "briefing.docx"}
    assert not [f for f in result.findings if f.blocks()]
    item = result.issue.items[0]
    assert item.risks and item.disclaimer
    text = (result.out_dir / "briefing.txt").read_text()
    assert all(p.source in text for p in (*item.risks, *item.disclaimer))

"""Issue #12's yardstick on real reports: three brokerage PDFs of ../shared/corpus in one issue.

The three longest Chinese reports of corpus/reports are built with English for
every segment, then `check` must call the issue ready: every email edition
under Gmail's clipping limit, the contents list, one card per report with its
risk warnings after it, and each broker's disclaimer once at the end.

Nobody has translated these reports, so the English is a stand-in of the size
real English has: every figure in its English form (through the same
placeholders the machine translator gets), and for the Chinese text around
the figures about 3.5 bytes per character (a six-letter word and a space for
every two characters), which is what human translations of these reports run
to (English characters per Chinese character: about 3, plus spaces).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter.checks.email import GMAIL_CLIP_BYTES
from newsletter.cli import main
from newsletter.readers import read_report
from newsletter.translate.catalog import read_catalog, save_catalog
from newsletter.translate.placeholders import protect, restore
from tests.absent import unavailable
from tests.conftest import REPORTS as CORPUS

NAMES = ("huatai_ai_series22_20190617.pdf", "yingda_power_weekly_2020w38.pdf", "changjiang_elec_weekly_2021w01.pdf")
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def stand_in_english(chinese: str) -> str:
    """English-sized text for `chinese`: its figures in English form, the rest as words of the usual length."""
    protected = protect(chinese, "zh", "en")
    words = CJK_RUN.sub(lambda run: " " + " ".join(["wordsx"] * max(1, len(run.group()) // 2)) + " ", protected.masked)
    return restore(" ".join(words.split()), protected)


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = [CORPUS / name for name in NAMES]
    if not all(path.is_file() for path in paths):
        unavailable(f"the shared corpus is absent ({CORPUS}); CI provides it beside the project")
    work = tmp_path_factory.mktemp("corpus-issue")
    catalog = work / "en.po"
    reports = [str(path) for path in paths]
    assert main(["translate", "extract", *reports, "--catalog", str(catalog)]) == 0
    _translate_everything(catalog)
    assert main(["translate", "extract", *reports, "--catalog", str(catalog)]) == 0  # stamps approvals
    out = work / "issue"
    assert (
        main(["build", *reports, "--out", str(out), "--catalog", str(catalog), "--no-cache", "-q"]) == 0
    )  # not --strict: three weeks
    return out


def _translate_everything(path: Path) -> None:
    """What the translators do, at the size they do it: English for every segment, reviewed."""
    catalog = read_catalog(path, "en")
    for message in catalog:
        if message.id:
            message.string = stand_in_english(str(message.id))
            message.flags.discard("fuzzy")
    save_catalog(catalog, path)


def test_three_real_reports_make_emails_under_the_clipping_limit_and_check_passes(
    issue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for email in sorted((issue / "editions").glob("*.html")):
        size = len(email.read_bytes())
        assert size < GMAIL_CLIP_BYTES, f"{email.name} is {size} bytes"
    capsys.readouterr()
    assert main(["check", str(issue)]) == 0, capsys.readouterr()


def test_contents_then_a_card_per_report_its_risks_after_it_and_each_disclaimer_once_at_the_end(issue: Path) -> None:
    text = (issue / "editions" / "zh.txt").read_text(encoding="utf-8")
    reports = [read_report(CORPUS / name) for name in NAMES]
    contents, closing = text.index("本期内容"), text.index("免责声明\n====")
    starts = sorted(text.index(f"{report.title}\n=") for report in reports)
    assert contents < starts[0] and starts[-1] < closing
    for report in reports:
        start = text.index(f"{report.title}\n=")
        end = min([s for s in starts if s > start] + [closing])
        for risk in report.risks:
            assert start < text.index(risk.text) < end, risk.text
        for paragraph in report.disclaimer:
            if len(paragraph.text) > 20:  # a heading word (特别声明) may be shared by brokers
                assert text.count(paragraph.text) == 1 and text.index(paragraph.text) > closing

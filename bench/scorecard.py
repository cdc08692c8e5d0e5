"""Scoring one extracted report against a gold structure or a manifest row.

Pure functions on plain dicts: the extracted side is `report_to_json`'s
output, the gold side a `../shared/corpus/gold/*.json` file (fields in its
README), the manifest side a row of `MANIFEST.tsv`. `bench/corpus.py` runs
the reader over the corpus and prints what these return; the tests feed
them small hand-made dicts.

Conventions from the gold README: paragraphs are compared with whitespace
removed (spacing at CJK/Latin line breaks is not reliable); an unnumbered
bold label may be a heading or a paragraph, so a heading that is a gold
paragraph is neither right nor wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

# Characters covered by a run of this many (whitespace-free) characters that
# also occurs in the gold text count as gold text: long enough that chance
# matches of common words do not count, short enough for short paragraphs.
NGRAM = 6
# A heading of this many characters or fewer (spaces removed) is
# a fragment: a vertical title's glyph, a watermark's character.
FRAGMENT_CHARS = 2
# A disclaimer's own headings (免责声明, 分析师声明, 评级说明, 分析师简介...) are
# not paragraphs of the gold disclaimer but belong in it (the gold README
# counts analyst bios among the other compliance text).
COMPLIANCE_HEADING = re.compile(
    r"^.{0,24}(?:声明|说明|申明|承诺|披露|条款|定义|简介|介绍|Disclaimer|Disclosures?)[：:]?$", re.I
)
LABEL_CHARS = 6
RISK_LABEL = re.compile(r"^\s*(?:\d+[、.]\s*)?(?:风险提示|风险因素|风险)\s*[：:]?\s*")
STOCK_CODE = re.compile(r"[（(]?\s*\b\d{4,6}(?:\.[A-Z]{2}|\s?HK)?\s*[)）]?")
NUMERIC_TOKEN = re.compile(r"^[-+(（]?[\d,.]+[%x倍)）]?[A-Za-z]*$")
# Manifest dates are the day of publication, which may differ from the
# printed date by a day or two.
DATE_SLACK_DAYS = 3


def squash(text: str) -> str:
    """Whitespace removed: the gold's comparison for paragraphs."""
    return re.sub(r"\s+", "", text)


def loose(text: str) -> str:
    """Whitespace and punctuation removed, case folded: for titles and headings."""
    return re.sub(r"[\W_]+", "", text).casefold()


# -- the extracted report's parts --------------------------------------------


def walk_sections(sections: Iterable[Json]) -> Iterator[Json]:
    for section in sections:
        yield section
        yield from walk_sections(section.get("sections", ()))


def key_point_texts(report: Json) -> list[str]:
    """Each key point as one paragraph: its heading (bold lead-in) and its text."""
    return [(point.get("heading") or "") + point["text"] for point in report.get("key_points", ())]


def body_paragraphs(report: Json) -> list[str]:
    return [text for section in walk_sections(report.get("sections", ())) for text in section["paragraphs"]]


def headings(report: Json) -> list[str]:
    return [s["heading"] for s in walk_sections(report.get("sections", ())) if s.get("heading")]


def compliance(report: Json) -> list[str]:
    return [*report.get("disclaimer", ()), *report.get("disclaimer_other", ())]


def all_paragraphs(report: Json) -> list[str]:
    """Every paragraph the report holds, in reading order."""
    return [*key_point_texts(report), *body_paragraphs(report), *report.get("risks", ()), *compliance(report)]


def gold_paragraphs(gold: Json) -> list[str]:
    """The paragraphs a reader must find: key points, body, risk items, disclaimer."""
    return [*key_point_texts(gold), *body_paragraphs(gold), *gold.get("risks", ()), *gold.get("disclaimer", ())]


def all_text(report: Json) -> str:
    """Everything the report holds as one whitespace-free string, in reading order."""
    parts = [report.get("title") or "", *key_point_texts(report)]
    for section in walk_sections(report.get("sections", ())):
        parts += [section.get("heading") or "", *section["paragraphs"]]
    return squash("".join([*parts, *report.get("risks", ()), *compliance(report)]))


# -- text measures -------------------------------------------------------------


def ngrams(text: str, n: int = NGRAM) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def uncovered(text: str, known: set[str], n: int = NGRAM) -> int:
    """How many characters of `text` lie in no n-gram that `known` holds.
    A text shorter than n counts as covered when it occurs in one."""
    if len(text) < n:
        return 0 if any(text in gram for gram in known) else len(text)
    covered = [False] * len(text)
    for i in range(len(text) - n + 1):
        if text[i : i + n] in known:
            covered[i : i + n] = [True] * n
    return covered.count(False)


def found_exact(wanted: list[str], have: list[str]) -> float:
    """Share of wanted paragraphs that are paragraphs of `have`, character for character."""
    pool = {text.strip() for text in have}
    return _share(sum(text.strip() in pool for text in wanted), len(wanted))


def found_loose(wanted: list[str], have: list[str]) -> float:
    """Share of wanted paragraphs that are paragraphs of `have`, whitespace aside."""
    pool = {squash(text) for text in have}
    return _share(sum(squash(text) in pool for text in wanted), len(wanted))


def kept(wanted: list[str], text: str) -> float:
    """Share of wanted paragraphs that appear somewhere in `text` (whitespace-free)."""
    return _share(sum(squash(item) in text for item in wanted), len(wanted))


def noise(have: list[str], reference: str) -> float:
    """Share of the characters of `have` that the reference text does not hold."""
    known = ngrams(reference)
    texts = [squash(text) for text in have]
    total = sum(len(text) for text in texts)
    return sum(uncovered(text, known) for text in texts) / total if total else 0.0


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


# -- structure measures --------------------------------------------------------


def heading_f1(extracted: list[str], gold: list[str], labels: list[str]) -> float:
    """F1 of extracted headings against gold ones (whitespace and punctuation
    aside); a heading that is a gold paragraph (a bold label) is not counted."""
    wanted = {loose(h) for h in gold}
    neutral = {loose(text) for text in labels} - wanted
    have = {loose(h) for h in extracted} - neutral
    if not wanted and not have:
        return 1.0
    hits = len(wanted & have)
    precision, recall = _share(hits, len(have)), _share(hits, len(wanted))
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def risks_found(extracted: list[str], gold: list[str]) -> float:
    """Share of gold risk items in the extracted risks (a 风险提示： label aside)."""
    text = squash("".join(RISK_LABEL.sub("", item) for item in extracted))
    return kept([RISK_LABEL.sub("", item) for item in gold], text)


def foreign_in_disclaimer(report: Json, gold: Json) -> int:
    """Characters of the extracted disclaimer that no gold compliance text
    holds (an office address, a page footer), its own headings aside."""
    known = ngrams(squash("".join([*gold.get("disclaimer", ()), *gold.get("disclaimer_other", ())])))
    texts = [squash(t) for t in compliance(report) if not COMPLIANCE_HEADING.match(t.strip())]
    return sum(uncovered(text, known) for text in texts if not _is_label(text))


def _is_label(text: str) -> bool:
    """A rating table's group cell or a block label (股票评级, 中性): the gold
    README lets a reader keep or drop them in the other compliance text."""
    return len(text) <= LABEL_CHARS and not re.search(r"\d", text)


def title_right(extracted: str, gold: Json) -> bool:
    """The headline, alone or after its prefix (company and code, series label)."""
    headline = loose(gold.get("title") or "")
    return loose(extracted) in (headline, loose(gold.get("title_prefix") or "") + headline)


def analysts_right(extracted: list[Json], gold: list[Json]) -> bool:
    """The same people with the same SAC numbers (None where none is printed)."""
    return _people(extracted) == _people(gold)


def emails_right(extracted: list[Json], gold: list[Json]) -> bool:
    return {(a["name"], a.get("email")) for a in extracted} == {(a["name"], a.get("email")) for a in gold}


def _people(analysts: list[Json]) -> set[tuple[str, str | None]]:
    return {(a["name"], a.get("sac")) for a in analysts}


def fragment_headings(extracted: list[str]) -> list[str]:
    """Headings of one or two characters (spaces aside): a vertical title's
    glyph, a watermark's character, a contents page's 目 录."""
    return [h for h in extracted if len(squash(h)) <= FRAGMENT_CHARS]


def is_table_noise(text: str) -> bool:
    """A line of numbers: most of its words are figures (a flattened table row)."""
    tokens = text.split()
    numeric = sum(bool(NUMERIC_TOKEN.match(token)) for token in tokens)
    return numeric >= 3 and numeric >= 0.5 * len(tokens)


def title_agrees(extracted: str, listed: str) -> bool:
    """The extracted title is (nearly all) drawn from the listed one and covers
    most of it. A file name may drop the stock code or the series label before
    the headline, so the title without them may agree instead."""
    bare = STOCK_CODE.sub("", extracted)
    headline = re.split(r"[：:]", bare, maxsplit=1)[-1]
    return any(_drawn_from(text, listed) for text in (extracted, bare, headline))


def _drawn_from(extracted: str, listed: str) -> bool:
    ours, theirs = loose(extracted), loose(listed)
    if not ours or not theirs:
        return False
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= 0.9 * len(ours) and shared >= 0.6 * len(theirs)


def broker_agrees(extracted: str | None, listed: str) -> bool:
    """The same house, whether or not either name ends in 证券 / 公司, and
    for a listing "CLSA (中信里昂)" either of its names."""
    names = {listed, *re.split(r"\s*[(（]|[)）]", listed)}
    return bool(extracted) and _firm(extracted or "") in {_firm(name) for name in names if name.strip()}


def _firm(name: str) -> str:
    return re.sub(r"(?:证券|证券股份有限公司|股份有限公司|有限公司|公司)$", "", name.strip()).casefold()


def date_agrees(extracted: str | None, listed: str) -> bool:
    if not extracted:
        return False
    gap = dt.date.fromisoformat(extracted) - dt.date.fromisoformat(listed)
    return abs(gap.days) <= DATE_SLACK_DAYS


# -- per-report scores -----------------------------------------------------------


@dataclass(frozen=True)
class GoldScore:
    paragraphs_exact: float
    paragraphs: float
    kept: float
    noise: float
    headings_f1: float
    risks: float
    disclaimer: float
    disclaimer_foreign: int
    title: bool
    broker: bool
    date: bool
    analysts: bool
    emails: bool


def score_gold(report: Json, gold: Json) -> GoldScore:
    wanted, have = gold_paragraphs(gold), all_paragraphs(report)
    # Output headings may fairly hold a gold paragraph (a bold label); a risk
    # item may keep or drop its 风险提示： label.
    unlabelled = [RISK_LABEL.sub("", text) for text in report.get("risks", ())]
    candidates = [*have, *unlabelled, *headings(report)]
    reference = squash("".join([*all_paragraphs(gold), *headings(gold), gold.get("title") or ""]))
    labels = [text for text in gold_paragraphs(gold) if len(squash(text)) <= 40]
    return GoldScore(
        paragraphs_exact=found_exact(wanted, candidates),
        paragraphs=found_loose(wanted, candidates),
        kept=kept(wanted, all_text(report)),
        noise=noise(_prose(report), reference),
        headings_f1=heading_f1(headings(report), headings(gold), labels),
        risks=risks_found(report.get("risks", []), gold.get("risks", [])),
        disclaimer=kept(gold.get("disclaimer", []), squash("".join(compliance(report)))),
        disclaimer_foreign=foreign_in_disclaimer(report, gold),
        title=title_right(report.get("title") or "", gold),
        broker=report.get("broker") == gold.get("broker"),
        date=report.get("date") == gold.get("date"),
        analysts=analysts_right(report.get("analysts", []), gold.get("analysts", [])),
        emails=emails_right(report.get("analysts", []), gold.get("analysts", [])),
    )


def _prose(report: Json) -> list[str]:
    """The extracted paragraphs, less the labels a reader may keep: a risk
    item's 风险提示：, a disclaimer's own headings."""
    risks = [RISK_LABEL.sub("", text) for text in report.get("risks", ())]
    legal = [text for text in compliance(report) if not COMPLIANCE_HEADING.match(text.strip())]
    return [*key_point_texts(report), *body_paragraphs(report), *risks, *legal]


@dataclass(frozen=True)
class WideScore:
    title: bool
    broker: bool
    date: bool | None  # None: the manifest gives no date
    fragments: tuple[str, ...]
    table_key_points: int


def score_wide(report: Json, title: str, broker: str, date: str | None) -> WideScore:
    return WideScore(
        title=title_agrees(report.get("title") or "", title),
        broker=broker_agrees(report.get("broker"), broker),
        date=date_agrees(report.get("date"), date) if date else None,
        fragments=tuple(fragment_headings(headings(report))),
        table_key_points=sum(is_table_noise(text) for text in key_point_texts(report)),
    )

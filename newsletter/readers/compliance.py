"""Compliance blocks: where the risk warnings and the legal disclaimer start,
and which firm signs the report.

Risk warnings and the disclaimer must reach every output verbatim, so their
vocabulary lives here, apart from the body's layout rules.
"""

from __future__ import annotations

import re
from collections import Counter

RISK_MARKERS = (
    "风险提示",
    "风险因素",
    "风险",
    "Risks",
    "Key risks",
    "Investment risks",
    "Risk factors",
    "Downside risks",
)
DISCLAIMER_MARKERS = (
    "特别声明",
    "免责声明",
    "法律声明",
    "重要声明",
    "免责条款",
    "分析师声明",
    "风险提示及免责条款",
    "重要说明",
    "免责申明",
    "Disclaimer",
    "Important disclosures",
    "Disclosure section",
    "Disclosure appendix",
    "Analyst certification",
)


FIRM_NAME = re.compile(r"([\u4e00-\u9fff]{2,8})(证券|期货)(?!业|市场|投资|法|交易所|账户)")


NOT_A_FIRM = ("任何", "其他", "相关", "上述", "所指", "所述", "有关", "该等", "标的")


def guess_broker(texts: list[str]) -> str | None:
    """The firm that signs the report, from its disclaimer: the short name the
    disclaimer defines for itself (（以下简称“某某公司”）), else the firm that
    most often names itself ("本报告仅供国泰君安证券…"), else for an English
    disclaimer the company most often named before a legal suffix (LLC, Limited).

    The words before "证券" vary ("本报告仅供国泰君安证券", "国泰君安证券股份");
    every 2-4 character ending is counted and the most frequent, longest wins.
    """
    text = "\n".join(texts)
    aliases: list[str] = [
        a for a in SELF_ALIAS.findall(text) if a not in GENERIC_ALIASES and a.endswith(("证券", "期货", "公司"))
    ]
    if aliases:
        return Counter(aliases).most_common(1)[0][0]
    names: Counter[str] = Counter()
    for head, kind in FIRM_NAME.findall(text):
        endings = {head[-k:] + kind for k in range(2, min(4, len(head)) + 1)}
        names.update(name for name in endings if not name.startswith(NOT_A_FIRM))
    if names:
        return max(names, key=lambda name: (names[name], len(name)))
    return _english_firm(text)


# A disclaimer defines its firm's short name: （以下简称“某某证券”）, 以下统称“某某公司”.
SELF_ALIAS = re.compile(r"(?:以下简称|以下统称|下称|简称)\s*[“\"「]([\u4e00-\u9fffA-Za-z]{2,10})[”\"」]")
GENERIC_ALIASES = ("本公司", "该公司", "公司")
LEGAL_SUFFIX = re.compile(
    r"\b((?:[A-Z][A-Za-z]+ ){0,2}[A-Z][A-Za-z]+),? (?:& Co\.|LLC|Limited|Ltd|plc|Inc|Securities|Group|International)"
)


def _english_firm(text: str) -> str | None:
    """The company named before a legal suffix that the text names most often:
    the firm repeats its own name throughout its disclosures."""
    candidates: set[str] = set(LEGAL_SUFFIX.findall(text))
    if not candidates:
        return None
    return max(sorted(candidates), key=lambda name: (text.count(name), -len(name)))


def is_disclaimer_start(text: str) -> bool:
    for marker in DISCLAIMER_MARKERS:
        if text.casefold().startswith(marker.casefold()):
            rest = text[len(marker) :]
            return len(text) <= 30 or rest[:1] in ("：", ":")
    return False


def is_inline_risk(text: str) -> bool:
    """A paragraph that is a risk warning on its own: "风险提示：政策不达预期……"."""
    match = re.match(r"^(风险提示|风险因素|风险)\s*[：:]\s*(.+)", text)
    return bool(match and len(match[2]) >= 4)

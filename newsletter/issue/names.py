"""Names in English: brokers by their official English names, analysts in pinyin (pypinyin lives here).

A broker's English name comes from the editors' glossary (translations/glossary.tsv)
first, then from the packaged table of firms (newsletter/issue/brokers.tsv); a firm
in neither is written in pinyin with "Securities" for 证券. An analyst's name is
written in pinyin, surname first (孟灿 -> Meng Can, 欧阳修 -> Ouyang Xiu), unless
the glossary names the person.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from pypinyin import Style, lazy_pinyin

from newsletter.readers.names import COMPOUND_SURNAMES

BROKER_TABLE = "brokers.tsv"
_HAN = re.compile(r"[\u3400-\u9fff]")
# Surnames read otherwise than the same character in ordinary words (曾 ceng, 单 dan...).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "覃": "qin",
    "乐": "yue",
    "缪": "miao",
    "种": "chong",
    "召": "shao",
    "折": "she",
    "秘": "bi",
    "尉迟": "yuchi",
    "长孙": "zhangsun",
}


@cache
def broker_table() -> dict[str, str]:
    """The packaged table: Chinese name -> official English name."""
    text = files("newsletter.issue").joinpath(BROKER_TABLE).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {zh.strip(): en.strip() for zh, en in rows}


def broker_english(name: str, overrides: dict[str, str]) -> str:
    """The firm's English name: the glossary, the packaged table, else pinyin."""
    if not _HAN.search(name):
        return name
    for table in (overrides, broker_table()):
        if name in table:
            return table[name]
    stem, securities = (name[:-2], True) if name.endswith("证券") else (name, False)
    return _title(lazy_pinyin(stem)) + (" Securities" if securities else "")


def person_english(name: str, overrides: dict[str, str]) -> str:
    """A Chinese personal name in pinyin, surname first; Latin names stay as written."""
    if name in overrides:
        return overrides[name]
    if not _HAN.search(name):
        return name
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    given = name[len(surname) :]
    family = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, style=Style.NORMAL))
    return " ".join(part for part in (family.capitalize(), "".join(lazy_pinyin(given)).capitalize()) if part)


def _title(syllables: list[str]) -> str:
    return "".join(syllables).capitalize()

"""Text repair for glyphs from broken font maps.

Some PDFs map a glyph to a CJK *radical* code point (⼤ U+2F24 instead of 大
U+5927) or to a radical followed by the real character ("⼤大"), and fake bold
draws every glyph twice. We repair glyph by glyph, never by normalising the
whole text: NFKC would also turn the full-width punctuation of the verbatim
compliance blocks into ASCII.
"""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement -> unified ideograph, after Unicode's
# EquivalentUnifiedIdeograph.txt (the simplified-form radicals that broken
# font maps produce). The Kangxi Radicals block is built from unicodedata.
_SUPPLEMENT = {
    "\u2e81": "厂", "\u2e85": "亻", "\u2e86": "冂", "\u2e8a": "卜", "\u2e8c": "小", "\u2e8e": "兀",
    "\u2e90": "尢", "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彑", "\u2e96": "忄", "\u2e97": "心",
    "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "旡", "\u2e9f": "母", "\u2ea0": "民", "\u2ea1": "氵",
    "\u2ea2": "氺", "\u2ea3": "灬", "\u2ea4": "爫", "\u2ea6": "丬", "\u2ea8": "犭", "\u2ea9": "王",
    "\u2eaa": "疋", "\u2eab": "罒", "\u2eac": "示", "\u2ead": "礻", "\u2eb3": "网", "\u2eb6": "羊",
    "\u2eb9": "耂", "\u2eba": "肀", "\u2ebb": "聿", "\u2ebc": "肉", "\u2ebd": "臼", "\u2ebe": "艹",
    "\u2ec1": "虎", "\u2ec2": "衤", "\u2ec3": "覀", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角",
    "\u2ec8": "讠", "\u2ec9": "贝", "\u2ecb": "车", "\u2ecc": "辶", "\u2ed0": "钅", "\u2ed1": "長",
    "\u2ed3": "长", "\u2ed4": "门", "\u2ed6": "阝", "\u2ed7": "雨", "\u2ed8": "青", "\u2ed9": "韦",
    "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2ee0": "饣", "\u2ee2": "马",
    "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2eec": "齐", "\u2eee": "齿", "\u2ef0": "龙", "\u2ef3": "龟",
}  # fmt: skip
_KANGXI = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
EQUIVALENT = {**_SUPPLEMENT, **_KANGXI}


def repair_glyph(text: str) -> str:
    """One glyph's text, with radical code points and doubled maps repaired.

    Kangxi radicals never stand in running prose, so they are always mapped.
    A supplement radical is kept unless the glyph doubles it with its own
    ideograph ("⻛风"): some reports print those forms on purpose, and the
    report's text must stay verbatim.
    """
    if len(text) == 2 and (text[0] == text[1] or EQUIVALENT.get(text[0]) == text[1]):
        text = text[1]
    return _KANGXI.get(text, text)


def equivalent(text: str) -> str:
    """The unified ideograph a radical stands for (for comparing glyphs)."""
    return EQUIVALENT.get(text, text)


def is_unmapped(text: str) -> bool:
    """A glyph the PDF gives no Unicode for: pdfminer's "(cid:N)" or U+FFFD."""
    return text.startswith("(cid:") or "\ufffd" in text

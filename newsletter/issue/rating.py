"""A company report's rating and target price, with their English.

The reader may fill `Report.rating` and `Report.target_price` from page one;
where it has not, the title and key points are searched (维持“买入”评级,
目标价 666 港元). The rating is translated word for word from the usual
Chinese scales; the target price is formatted with babel and read back, so
the guard's rule holds: a figure the English changes is no figure shown.
"""

from __future__ import annotations

import re

from newsletter.figures.format import format_figure
from newsletter.figures.parse import find_figures
from newsletter.model import Bilingual, Report, SegmentKind, TranslationState

RATINGS = {
    "强烈推荐": "Strong Buy",
    "审慎增持": "Cautious Overweight",
    "谨慎推荐": "Cautious Buy",
    "跑赢行业": "Outperform",
    "跑输行业": "Underperform",
    "优于大市": "Outperform",
    "同步大市": "Market Perform",
    "弱于大市": "Underperform",
    "推荐": "Buy",
    "买入": "Buy",
    "增持": "Overweight",
    "中性": "Neutral",
    "持有": "Hold",
    "减持": "Underweight",
    "卖出": "Sell",
}
_RATING = re.compile(
    '(?:维持)?[“"「]?('
    + "|".join(RATINGS)
    + ')[”"」]?(?:（维持）|\\(维持\\))?评级|评级[：:]\\s*('
    + "|".join(RATINGS)
    + ")"
)
_TARGET = re.compile(r"目标价(?:格)?[^，。；\d]{0,4}(?:\s*\d[\d.]*%至)?\s*(?P<amount>\d[\d,.]*\s*(?:港元|美元|元))")


def rating_of(report: Report) -> Bilingual | None:
    printed = report.rating or _found(_RATING, report)
    if not printed:
        return None
    word = next((w for w in RATINGS if w in printed), None)
    english = RATINGS[word] if word else printed
    if word and "维持" in printed:
        english += " (maintained)"
    shown = (word or printed) + ("（维持）" if word and "维持" in printed else "")
    return Bilingual(shown, english, TranslationState.APPROVED, SegmentKind.RATING)


def target_price_of(report: Report, target_language: str) -> Bilingual | None:
    printed = report.target_price or _found(_TARGET, report)
    figures = [figure for figure in find_figures(printed or "", "zh") if figure.kind == "money"]
    if len(figures) != 1:
        return None
    try:
        source, target = format_figure(figures[0], "zh"), format_figure(figures[0], target_language)
    except ValueError:
        return None  # babel cannot write it faithfully: not shown
    return Bilingual(source, target, TranslationState.APPROVED, SegmentKind.RATING)


def _found(pattern: re.Pattern[str], report: Report) -> str | None:
    for text in (report.title, *(point.text for point in report.key_points)):
        match = pattern.search(text)
        if match:
            return match.group("amount") if "amount" in pattern.groupindex else match.group()
    return None

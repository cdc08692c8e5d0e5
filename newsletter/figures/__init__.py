"""Key figures: parse the numbers of research text, present them bilingually, guard translations.

- `find_figures(text, lang)` / `find_spans(text, lang)`: figures of a Chinese or English text;
- `extract_figures(report)`: the figures stage of the build (fills `Report.figures`);
- `format_figure(figure, locale)`: babel formatting, 5530亿美元 <-> US$553 billion;
- `check_translation(source, target, source_lang, target_lang)`: the fidelity guard.
"""

from __future__ import annotations

from newsletter.figures.extract import extract_figures
from newsletter.figures.format import format_figure
from newsletter.figures.guard import Mismatch, check_translation
from newsletter.figures.parse import find_figures, find_spans

__all__ = ["Mismatch", "check_translation", "extract_figures", "find_figures", "find_spans", "format_figure"]
